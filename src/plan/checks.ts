// Problems a single profile cannot show on its own: what the function config leaves a network
// without, and what profiles of one render claim twice (MACs, static addresses, bridges, NICs,
// object names). Pure: plans in, issues out, each owned by the profile that must change.
import type { Config } from '../config/schema.js';
import { type Issue, type OwnedIssue, error, info, warning } from '../issues.js';
import { objectKey } from '../kube.js';
import { parseCidr } from '../profile/net.js';
import type { Profile } from '../profile/schema.js';
import { profileKey } from '../profile/semantics.js';
import type { BridgeUse } from './bridges.js';
import type { Plan, ProfilePlan } from './index.js';
import type { PlannedNetwork, PlannedPodNetwork } from './network.js';

export function checkPlan(plan: Plan, config: Config): OwnedIssue<Profile>[] {
  const issues: OwnedIssue<Profile>[] = [];
  const claims = new Claims();
  for (const planned of plan.profiles) {
    const own = (list: readonly Issue[]) => issues.push(...list.map((issue) => ({ ...issue, owner: planned.profile })));
    own(planned.networks.flatMap(configGaps));
    if (planned.pod) own(claims.claimMac(planned.profile, planned.pod));
    own(planned.networks.flatMap((net) => claims.claim(planned.profile, net)));
    own(evictionProblems(planned, config));
    own(topologyProblems(planned, config));
  }
  issues.push(...bridgeConflicts(plan), ...uplinkProblems(plan, config), ...macvtapOnBridgeUplinks(plan), ...existingClaimClashes(plan));
  return issues;
}

/** A generated network whose NAD cannot be generated with this config. */
function configGaps(net: PlannedNetwork): Issue[] {
  const { network, field } = net;
  const issues: Issue[] = [];
  if (network.type === 'macvlan') {
    issues.push(
      info(
        `${field}.type`,
        'macvlan is rendered as KubeVirt\'s macvtap binding (the macvlan CNI does not work with VMs): the cluster needs macvtap-cni and the macvtap binding registered in the KubeVirt CR; such a VM cannot live-migrate',
      ),
    );
  }
  if (network.nadName || net.nad) return issues;
  if (network.type === 'sriov') {
    issues.push(
      error(
        `${field}.nadName`,
        'an SR-IOV network needs an existing NetworkAttachmentDefinition (set nadName) or the SR-IOV device-plugin resource name in the function config (network.sriovResourceName) to generate one',
      ),
    );
  } else {
    // Bridge and ovs networks always get a NAD, so only a macvlan network without an uplink is left.
    issues.push(error(`${field}.uplink`, 'a macvlan network needs the host NIC it attaches to: set uplink here or network.macvtapUplink in the function config'));
  }
  return issues;
}

/** Global uniqueness: a MAC per cluster, a static address per L2 segment. */
class Claims {
  private readonly macs = new Map<string, string>();
  private readonly addresses = new Map<string, string>();

  /** The pod network's MAC is always derived; a clash is the other interface's to fix. */
  claimMac(profile: Profile, net: PlannedPodNetwork | PlannedNetwork, field: string = net.field): Issue[] {
    const macHolder = this.macs.get(net.macAddress);
    if (!macHolder) {
      this.macs.set(net.macAddress, `${profileKey(profile)} ${net.field}`);
      return [];
    }
    return [error(field, `MAC address ${net.macAddress} is already used by ${macHolder}; every interface needs its own (set a different macAddress)`)];
  }

  claim(profile: Profile, net: PlannedNetwork): Issue[] {
    const issues: Issue[] = this.claimMac(profile, net, net.network.macAddress ? `${net.field}.macAddress` : net.field);
    const here = `${profileKey(profile)} ${net.field}`;
    const ip = net.network.ipConfig;
    const cidr = ip?.mode === 'static' && ip.address ? parseCidr(ip.address) : undefined;
    if (!cidr) return issues;
    const key = `${net.segment}|${cidr.address.toNormalizedString()}`;
    const addressHolder = this.addresses.get(key);
    if (addressHolder) {
      issues.push(error(`${net.field}.ipConfig.address`, `${cidr.address.toString()} is already the static address of ${addressHolder} on the same network; addresses must not repeat`));
    } else {
      this.addresses.set(key, here);
    }
    return issues;
  }
}

/** LiveMigrate on a VM that cannot migrate makes every drain of its node hang. */
function evictionProblems(planned: ProfilePlan, config: Config): Issue[] {
  const { profile } = planned;
  const own = profile.spec.highAvailability?.evictionStrategy;
  if ((own ?? config.vm.evictionStrategy) !== 'LiveMigrate') return [];
  const blockers = migrationBlockers(planned);
  const source = own === undefined ? "the function config's vm.evictionStrategy is LiveMigrate, which" : 'LiveMigrate';
  // vmprofile cannot see an existing claim's access mode.
  const unknown = planned.disks
    .filter((disk) => disk.holder === 'claim')
    .map((disk) =>
      warning(
        `${disk.field}.claimName`,
        `${disk.claimName} is an existing claim whose access mode vmprofile cannot see; the eviction strategy LiveMigrate needs it ReadWriteMany, or node drains hang for this VM`,
      ),
    );
  if (blockers.length === 0) return unknown;
  return [
    error(
      'spec.highAvailability.evictionStrategy',
      `${source} blocks node drains for this VM: it cannot live-migrate because ${blockers.join(' and ')}; set spec.highAvailability.evictionStrategy: LiveMigrateIfPossible`,
    ),
  ];
}

// What makes a VMI non-migratable (kubevirt pkg/virt-handler/vm.go checkVolumesForMigration,
// pkg/network/vmispec VerifyVMIMigratable): macvtap, a pod network bound other than by masquerade
// (passt, or bridge: what KubeVirt attaches to a VM without interfaces; vmprofile never leaves it
// that way), and any PVC that is not ReadWriteMany.
function migrationBlockers({ pod, networks, disks }: ProfilePlan): string[] {
  return [
    ...(pod?.binding === 'passt' ? ['the pod network uses the passt binding (KubeVirt migrates only masquerade pod networks)'] : []),
    ...networks.filter((net) => net.binding === 'macvtap').map((net) => `${net.field} (${net.network.name}) uses the macvtap binding`),
    ...disks
      .filter(({ accessMode }) => accessMode !== undefined && accessMode !== 'ReadWriteMany')
      .map(({ disk, field, accessMode }) => `${field} (${disk.name}) is ${accessMode}, not ReadWriteMany`),
  ];
}

/** CPU hotplug adds sockets; a fleet that keeps cores has none. */
function topologyProblems({ profile }: ProfilePlan, config: Config): Issue[] {
  if (profile.spec.maxCpu === undefined || config.vm.cpuTopology === 'sockets') return [];
  return [error('spec.maxCpu', "CPU hotplug adds sockets, but the function config's vm.cpuTopology is cores; remove maxCpu or set vm.cpuTopology: sockets")];
}

/** One bridge has one type and one uplink; a NIC is the port of one bridge. */
function bridgeConflicts(plan: Plan): OwnedIssue<Profile>[] {
  const issues: OwnedIssue<Profile>[] = [];
  const byName = new Map(plan.bridges.map((bridge) => [bridge.name, bridge]));
  for (const use of plan.bridgeUses) {
    const bridge = byName.get(use.plan.name)!;
    const { plan: wanted, profile, field } = use;
    if (wanted.type !== bridge.type) {
      issues.push({
        owner: profile,
        ...error(`${field}.type`, `node bridge "${wanted.name}" is a ${bridge.type} for ${where(bridge.typeUse)} but this network needs a ${wanted.type}; a node bridge has one type, so use another bridgeName`),
      });
    } else if (wanted.uplink !== undefined && !wanted.uplinkIsDefault && bridge.uplinkUse !== undefined && wanted.uplink !== bridge.uplink) {
      issues.push({
        owner: profile,
        ...error(
          wanted.uplinkFromProfile ? `${field}.uplink` : `${field}.bridgeName`,
          `node bridge "${wanted.name}" is attached to ${bridge.uplink} for ${where(bridge.uplinkUse)} but to ${wanted.uplink} here; one bridge has one uplink`,
        ),
      });
    }
  }
  const byUplink = new Map<string, string>();
  for (const bridge of plan.bridges) {
    if (bridge.uplink === undefined) continue;
    const other = byUplink.get(bridge.uplink);
    if (other === undefined) {
      byUplink.set(bridge.uplink, bridge.name);
      continue;
    }
    for (const use of plan.bridgeUses.filter((u) => u.plan.name === bridge.name)) {
      issues.push({
        owner: use.profile,
        ...error(`${use.field}.bridgeName`, `node NIC ${bridge.uplink} would be the uplink of both "${other}" and "${bridge.name}"; a NIC can be the port of one bridge only`),
      });
    }
  }
  return issues;
}

/**
 * A bridge without an uplink NIC carries nothing off the node: almost always a missing setting, so
 * an error unless the network says hostLocal: true; and a host-local bridge must get no uplink.
 */
function uplinkProblems(plan: Plan, config: Config): OwnedIssue<Profile>[] {
  const byName = new Map(plan.bridges.map((bridge) => [bridge.name, bridge]));
  return plan.bridgeUses.flatMap((use): OwnedIssue<Profile>[] => {
    const bridge = byName.get(use.plan.name)!;
    if (bridge.type !== use.plan.type) return [];
    const configured = config.network.uplinks[bridge.name];
    if (use.plan.hostLocal) {
      if (configured !== undefined) {
        return [{ owner: use.profile, ...error(`${use.field}.hostLocal`, `contradicts the function config, whose network.uplinks gives node bridge "${bridge.name}" the uplink ${configured}; remove one of them`) }];
      }
      if (bridge.uplinkUse !== undefined) {
        return [{ owner: use.profile, ...error(`${use.field}.hostLocal`, `node bridge "${bridge.name}" gets the uplink ${bridge.uplink} from ${where(bridge.uplinkUse)}; remove hostLocal, or use another bridgeName for a bridge that stays on the node`) }];
      }
      return [];
    }
    if (bridge.uplink !== undefined) return [];
    return [
      {
        owner: use.profile,
        ...error(
          use.field,
          `node bridge "${bridge.name}" has no uplink NIC, so this network would carry no traffic off the node; set network.uplinks or network.defaultUplink in the function config, or uplink here; or hostLocal: true if it should stay on the node`,
        ),
      },
    ];
  });
}

/** macvtap needs a NIC of its own: a bridge port hands its traffic to the bridge. */
function macvtapOnBridgeUplinks(plan: Plan): OwnedIssue<Profile>[] {
  const bridgeOf = new Map(plan.bridges.flatMap((bridge) => (bridge.uplink ? [[bridge.uplink, bridge.name] as const] : [])));
  return plan.profiles.flatMap(({ profile, networks }) =>
    networks.flatMap((net) => {
      const bridge = net.macvtapUplink && bridgeOf.get(net.macvtapUplink);
      if (!bridge) return [];
      return [
        {
          owner: profile,
          ...error(`${net.field}.uplink`, `host NIC ${net.macvtapUplink} is the uplink of node bridge "${bridge}"; macvtap needs a NIC that is not a bridge port (set uplink or network.macvtapUplink)`),
        },
      ];
    }),
  );
}

/** An existing claim a profile names must not be one vmprofile generates (and would then own and resize). */
function existingClaimClashes(plan: Plan): OwnedIssue<Profile>[] {
  const generated = new Map<string, string>();
  for (const { profile, disks } of plan.profiles) {
    for (const disk of disks) if (disk.holder !== 'claim') generated.set(`${profile.metadata.namespace ?? ''}/${disk.claimName}`, `${profileKey(profile)} ${disk.field}`);
  }
  return plan.profiles.flatMap(({ profile, disks }) =>
    disks.flatMap((disk): OwnedIssue<Profile>[] => {
      const owner = disk.holder === 'claim' ? generated.get(`${profile.metadata.namespace ?? ''}/${disk.claimName}`) : undefined;
      if (!owner) return [];
      return [{ owner: profile, ...error(`${disk.field}.claimName`, `${disk.claimName} is the claim vmprofile generates for ${owner}; an existing claim must be one vmprofile does not manage, so name another claim or use that disk's profile`) }];
    }),
  );
}

/** What a generated object needs for a message about a name clash. */
interface NamedObject {
  object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
  owners: readonly Profile[];
  field: string;
}

/** Two profiles must not generate one object (e.g. disks "a-b" + "c" and "a" + "b-c"). */
export function checkGeneratedNames(objects: readonly NamedObject[]): OwnedIssue<Profile>[] {
  const first = new Map<string, NamedObject>();
  const issues: OwnedIssue<Profile>[] = [];
  // A disk's PVC and its import source clash together: one message per field.
  const reported = new Set<string>();
  for (const generated of objects) {
    const id = objectKey(generated.object);
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, generated);
      continue;
    }
    const at = `${profileKey(generated.owners[0]!)} ${generated.field}`;
    if (reported.has(at)) continue;
    reported.add(at);
    const { kind, metadata } = generated.object;
    const name = metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
    issues.push({
      owner: generated.owners[0]!,
      ...error(generated.field, `generates ${kind} ${name}, which ${profileKey(earlier.owners[0]!)} ${earlier.field} generates too; rename one of them`),
    });
  }
  return issues;
}

function where(use: BridgeUse): string {
  return `${profileKey(use.profile)} ${use.field}`;
}
