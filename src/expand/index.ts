// Expansion of all profiles of one render: per-profile objects, plus NADs and NNCPs shared across
// profiles, with the checks that need to see every profile at once. Pure: no I/O.
import type { Config } from '../config/schema.js';
import { type Issue, type OwnedIssue, error } from '../issues.js';
import { parseCidr } from '../profile/net.js';
import type { Profile } from '../profile/schema.js';
import { cloudInit, networkData, userData } from './cloud-init.js';
import { compareProfiles, compareStrings, profileKey } from './meta.js';
import { type NadPlan, type PlannedNetwork, networkAttachmentDefinition, planNetworks } from './network.js';
import { type BridgeUse, bridgeWithoutUplinkWarnings, mergeBridges, nodeNetworkConfigurationPolicy } from './node-network.js';
import { dataVolume, planDisks } from './storage.js';
import type { GeneratedObject } from './types.js';
import { virtualMachine } from './vm.js';

export interface Generated {
  object: GeneratedObject;
  /** The profiles this object is generated for, sorted. */
  owners: Profile[];
  /** The profile field the object comes from, for error messages. */
  field: string;
}

export interface Expansion {
  /** In canonical order: NNCPs, NADs, Secrets, DataVolumes, VirtualMachines; then namespace, name. */
  objects: Generated[];
  issues: OwnedIssue<Profile>[];
}

const KIND_ORDER = ['NodeNetworkConfigurationPolicy', 'NetworkAttachmentDefinition', 'Secret', 'DataVolume', 'VirtualMachine'];

export function expand(profiles: readonly Profile[], config: Config): Expansion {
  const sorted = [...profiles].sort(compareProfiles);
  const issues: OwnedIssue<Profile>[] = [];
  const objects: Generated[] = [];
  const nads = new Map<string, { plan: NadPlan; owners: Profile[]; field: string }>();
  const bridgeUses: BridgeUse[] = [];
  const macvtapUses: { profile: Profile; field: string; uplink: string }[] = [];
  const claims = new Claims(issues);

  for (const profile of sorted) {
    const own = (list: readonly Issue[]) => issues.push(...list.map((issue) => ({ ...issue, owner: profile })));
    const planned = planNetworks(profile, config);
    own(planned.issues);
    for (const net of planned.networks) {
      claims.network(profile, net);
      if (net.nad) {
        const key = `${net.nad.namespace ?? ''}/${net.nad.name}`;
        const entry = nads.get(key);
        if (!entry) nads.set(key, { plan: net.nad, owners: [profile], field: net.field });
        else if (entry.owners.at(-1) !== profile) entry.owners.push(profile);
      }
      if (net.bridge && config.nodeNetwork.generate) bridgeUses.push({ profile, field: net.field, plan: net.bridge });
      if (net.macvtapUplink) macvtapUses.push({ profile, field: net.field, uplink: net.macvtapUplink });
    }
    own(evictionIssues(profile, planned.networks, config));

    const disks = planDisks(profile);
    const user = userData(profile);
    own(user.issues);
    const init = cloudInit(profile, user.text, networkData(planned.networks));
    if (config.storage.mode === 'DataVolumes') {
      disks.forEach((disk, i) => objects.push({ object: dataVolume(profile, disk, config), owners: [profile], field: `spec.disks[${i}]` }));
    }
    if (init.secret) objects.push({ object: init.secret, owners: [profile], field: 'spec.cloudInit' });
    objects.push({
      object: virtualMachine({ profile, config, networks: planned.networks, disks, cloudInit: init }),
      owners: [profile],
      field: 'metadata.name',
    });
  }

  for (const { plan, owners, field } of nads.values()) {
    objects.push({ object: networkAttachmentDefinition(plan, owners), owners, field });
  }

  if (config.nodeNetwork.generate) {
    const merged = mergeBridges(bridgeUses);
    issues.push(...merged.issues, ...bridgeWithoutUplinkWarnings(bridgeUses, merged.bridges));
    const bridgeUplinks = new Map(merged.bridges.flatMap((bridge) => (bridge.uplink ? [[bridge.uplink, bridge.name] as const] : [])));
    for (const use of macvtapUses) {
      const bridge = bridgeUplinks.get(use.uplink);
      if (bridge) {
        issues.push({
          owner: use.profile,
          ...error(`${use.field}.uplink`, `host NIC ${use.uplink} is the uplink of node bridge "${bridge}"; macvtap needs a NIC that is not a bridge port (set uplink or network.macvtapUplink)`),
        });
      }
    }
    for (const bridge of merged.bridges) {
      objects.push({ object: nodeNetworkConfigurationPolicy(bridge, config), owners: bridge.owners, field: 'spec.networks' });
    }
  }

  issues.push(...duplicateObjects(objects));
  objects.sort(compareGenerated);
  return { objects, issues };
}

/** Global uniqueness: a MAC per cluster, a static address per L2 segment. */
class Claims {
  private readonly macs = new Map<string, string>();
  private readonly addresses = new Map<string, string>();

  constructor(private readonly issues: OwnedIssue<Profile>[]) {}

  network(profile: Profile, net: PlannedNetwork): void {
    const here = `${profileKey(profile)} ${net.field}`;
    const macHolder = this.macs.get(net.macAddress);
    if (macHolder) {
      this.issues.push({
        owner: profile,
        ...error(
          net.network.macAddress ? `${net.field}.macAddress` : net.field,
          `MAC address ${net.macAddress} is already used by ${macHolder}; every interface needs its own (set a different macAddress)`,
        ),
      });
    } else {
      this.macs.set(net.macAddress, here);
    }
    const ip = net.network.ipConfig;
    const cidr = ip?.mode === 'static' && ip.address ? parseCidr(ip.address) : undefined;
    if (!cidr) return;
    const key = `${net.segment}|${cidr.address.toNormalizedString()}`;
    const addressHolder = this.addresses.get(key);
    if (addressHolder) {
      this.issues.push({
        owner: profile,
        ...error(`${net.field}.ipConfig.address`, `${cidr.address.toString()} is already the static address of ${addressHolder} on the same network; addresses must not repeat`),
      });
    } else {
      this.addresses.set(key, here);
    }
  }
}

function evictionIssues(profile: Profile, networks: readonly PlannedNetwork[], config: Config): Issue[] {
  if (profile.spec.highAvailability?.evictionStrategy !== undefined || config.vm.evictionStrategy !== 'LiveMigrate') return [];
  return networks
    .filter((net) => net.binding === 'macvtap')
    .map((net) =>
      error(
        `${net.field}.type`,
        'the function config sets vm.evictionStrategy: LiveMigrate, which blocks node drains for this VM: its macvtap interface cannot live-migrate; set spec.highAvailability.evictionStrategy: LiveMigrateIfPossible',
      ),
    );
}

function identity(object: GeneratedObject): string {
  return `${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
}

function duplicateObjects(objects: readonly Generated[]): OwnedIssue<Profile>[] {
  const first = new Map<string, Generated>();
  const issues: OwnedIssue<Profile>[] = [];
  for (const generated of objects) {
    const id = identity(generated.object);
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, generated);
      continue;
    }
    const { kind, metadata } = generated.object;
    const name = metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
    issues.push({
      owner: generated.owners[0]!,
      ...error(generated.field, `generates ${kind} ${name}, which ${profileKey(earlier.owners[0]!)} ${earlier.field} generates too; rename one of them`),
    });
  }
  return issues;
}

function compareGenerated(a: Generated, b: Generated): number {
  return (
    KIND_ORDER.indexOf(a.object.kind) - KIND_ORDER.indexOf(b.object.kind) ||
    compareStrings(a.object.metadata.namespace ?? '', b.object.metadata.namespace ?? '') ||
    compareStrings(a.object.metadata.name, b.object.metadata.name)
  );
}
