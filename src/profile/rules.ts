// Rules that relate several fields of one profile: uniqueness, contradictions, and warnings about
// things that are valid but probably not what the author meant.
import { parseDocument } from 'yaml';
import { type Issue, error, formatPath, warning } from '../issues.js';
import { inSubnet, isNetworkOrBroadcast, parseCidr, parseIp } from './net.js';
import { GiB, MiB, parseQuantity } from './quantity.js';
import type { Profile, ProfileNetwork, ProfileSpec, RunStrategy } from './schema.js';
import { RESTART_POLICY_RUN_STRATEGY, bootDiskIndex, diskImage } from './semantics.js';

export const CLOUD_INIT_DISK = 'cloudinitdisk';
const MAX_RECOMMENDED_CPU = 64;
const MAX_RECOMMENDED_NETWORKS = 8;
const MAX_RECOMMENDED_DISKS = 16;
// A Secret (where large user data goes) holds at most 1 MiB.
const MAX_USER_DATA_BYTES = 1024 * 1024 - 4096;

// Labels only KubeVirt's own service accounts may set on a VMI (virt-api restrictedVmiLabels); the
// profile's labels go onto the VM template, so they would get the VM rejected when it starts.
const KUBEVIRT_RESERVED_LABELS = new Set([
  'kubevirt.io/created-by',
  'kubevirt.io/migrationJobUID',
  'kubevirt.io/nodeName',
  'kubevirt.io/migrationTargetNodeName',
  'kubevirt.io/schedulable',
  'kubevirt.io/install-strategy',
]);

export function checkProfile(profile: Profile): Issue[] {
  const spec = profile.spec;
  const reservedLabels = Object.keys(profile.metadata.labels ?? {})
    .filter((key) => KUBEVIRT_RESERVED_LABELS.has(key))
    .map((key) => error(formatPath(['metadata', 'labels', key]), 'is reserved for KubeVirt itself: a VM whose template carries it is rejected; remove the label'));
  return [
    ...reservedLabels,
    ...checkSizes(spec),
    ...checkHotplugLimits(spec),
    ...checkUniqueNames(spec.networks, 'networks'),
    ...checkUniqueNames(spec.disks, 'disks'),
    ...spec.networks.flatMap((network, i) => checkNetwork(network, `spec.networks[${i}]`)),
    ...checkDefaultGateways(spec.networks),
    ...checkDisks(spec),
    ...checkScheduling(spec),
    ...checkStartStrategy(spec),
    ...checkUserData(spec.cloudInit?.userData),
  ];
}

function checkSizes(spec: ProfileSpec): Issue[] {
  const issues: Issue[] = [];
  if (spec.cpu > MAX_RECOMMENDED_CPU) {
    issues.push(warning('spec.cpu', `${spec.cpu} CPUs is above the recommended ${MAX_RECOMMENDED_CPU}; make sure a node can host the VM`));
  }
  if (spec.networks.length > MAX_RECOMMENDED_NETWORKS) {
    issues.push(warning('spec.networks', `${spec.networks.length} networks is above the recommended ${MAX_RECOMMENDED_NETWORKS}; check that the nodes and CNI plugins support that many interfaces`));
  }
  if (spec.disks.length > MAX_RECOMMENDED_DISKS) {
    issues.push(warning('spec.disks', `${spec.disks.length} disks is above the recommended ${MAX_RECOMMENDED_DISKS}`));
  }
  const userData = spec.cloudInit?.userData;
  if (userData !== undefined && Buffer.byteLength(userData) > MAX_USER_DATA_BYTES) {
    issues.push(error('spec.cloudInit.userData', `is ${Buffer.byteLength(userData)} bytes; it must fit in a Secret (at most ${MAX_USER_DATA_BYTES} bytes)`));
  }
  return issues;
}

// KubeVirt's VM admission under LiveUpdate (kubevirt pkg/liveupdate/memory/memory.go,
// ValidateLiveUpdateMemory; vms-admitter.go validateLiveUpdateCPU).
const HOTPLUG_MEMORY_ALIGNMENT = 2 * MiB;
const HOTPLUG_MIN_MEMORY = GiB;

function checkHotplugLimits(spec: ProfileSpec): Issue[] {
  const issues: Issue[] = [];
  if (spec.maxCpu !== undefined && spec.maxCpu < spec.cpu) {
    issues.push(error('spec.maxCpu', `is ${spec.maxCpu}, below cpu (${spec.cpu}); maxCpu is the most CPUs the VM may grow to: raise it or leave it out`));
  }
  if (spec.maxMemory === undefined) return issues;
  // Either may be unreadable: these rules also run beside the schema's findings, which report it.
  const memory = parseQuantity(spec.memory);
  const maxMemory = parseQuantity(spec.maxMemory);
  if (memory !== undefined && maxMemory !== undefined && maxMemory < memory) {
    issues.push(error('spec.maxMemory', `${spec.maxMemory} is below memory (${spec.memory}); maxMemory is the most memory the VM may grow to: raise it or leave it out`));
  }
  if (memory !== undefined && memory < HOTPLUG_MIN_MEMORY) {
    issues.push(error('spec.memory', `KubeVirt hotplugs memory only into VMs with at least 1Gi; raise memory to 1Gi or leave maxMemory out`));
  }
  for (const [field, text, value] of [['memory', spec.memory, memory], ['maxMemory', spec.maxMemory, maxMemory]] as const) {
    if (value !== undefined && value % HOTPLUG_MEMORY_ALIGNMENT !== 0) {
      issues.push(error(`spec.${field}`, `${text} is not a multiple of 2Mi, which KubeVirt requires when maxMemory is set; use whole Gi or an even number of Mi`));
    }
  }
  return issues;
}

function checkUniqueNames(list: readonly { name: string }[], field: 'networks' | 'disks'): Issue[] {
  const issues: Issue[] = [];
  const first = new Map<string, number>();
  list.forEach(({ name }, i) => {
    const earlier = first.get(name);
    if (earlier !== undefined) {
      issues.push(error(`spec.${field}[${i}].name`, `"${name}" is already the name of spec.${field}[${earlier}]; names must be unique`));
    } else {
      first.set(name, i);
    }
    if (field === 'disks' && name === CLOUD_INIT_DISK) {
      issues.push(error(`spec.disks[${i}].name`, `"${CLOUD_INIT_DISK}" is reserved for the generated cloud-init disk; choose another name`));
    }
  });
  return issues;
}

function checkNetwork(network: ProfileNetwork, at: string): Issue[] {
  const issues: Issue[] = [];
  const existingNad = network.nadName !== undefined && network.nadName !== '';
  if (network.type === 'macvlan' && network.vlanId !== undefined) {
    issues.push(error(`${at}.vlanId`, 'macvlan networks cannot carry a VLAN; use type: bridge with vlanId for a tagged network'));
  }
  if (network.bridgeName !== undefined && (network.type === 'sriov' || network.type === 'macvlan')) {
    issues.push(error(`${at}.bridgeName`, `bridgeName applies to bridge and ovs networks only; remove it from this ${network.type} network`));
  }
  if (network.uplink !== undefined && network.type === 'sriov') {
    issues.push(error(`${at}.uplink`, 'SR-IOV networks get their device from the SR-IOV device plugin; remove uplink'));
  }
  const onNodeBridge = network.type === 'bridge' || network.type === 'ovs';
  if (network.hostLocal !== undefined && !onNodeBridge) {
    issues.push(error(`${at}.hostLocal`, `hostLocal applies to bridge and ovs networks only; remove it from this ${network.type} network`));
  }
  if (network.hostLocal === true && network.uplink !== undefined) {
    issues.push(error(`${at}.hostLocal`, `contradicts uplink ${network.uplink}: a host-local bridge has no uplink NIC; remove one of them`));
  }
  if (network.trunk !== undefined) {
    if (network.type !== 'ovs') issues.push(error(`${at}.trunk`, `trunk applies to ovs networks only; a ${network.type} network is on one VLAN (vlanId)`));
    else if (network.vlanId !== undefined) issues.push(error(`${at}.trunk`, `contradicts vlanId ${network.vlanId}: an ovs port is either an access port on one VLAN (vlanId) or a trunk of the listed VLANs; remove one of them`));
    network.trunk.forEach((entry, j) => {
      if (entry.minID !== undefined && entry.maxID !== undefined && entry.minID > entry.maxID) issues.push(error(`${at}.trunk[${j}].maxID`, `${entry.maxID} is below minID ${entry.minID}; a range runs from minID up to maxID`));
    });
  }
  // ovs-cni makes a port with neither vlan nor trunk a trunk of every VLAN on the bridge
  // (k8snetworkplumbingwg/ovs-cni, ParseOvsPortConfig): the guest would reach every VLAN of the uplink.
  if (network.type === 'ovs' && !existingNad && network.vlanId === undefined && network.trunk === undefined) {
    issues.push(
      error(
        `${at}.vlanId`,
        'is required for an ovs network: without it ovs-cni makes the port a trunk of every VLAN on the bridge; set vlanId for the one VLAN this VM is on, or trunk: [{id: N}, {minID: A, maxID: B}] for the VLANs it may use tagged',
      ),
    );
  }
  if (existingNad) {
    for (const field of ['vlanId', 'bridgeName', 'uplink', 'trunk', 'hostLocal'] as const) {
      if (network[field] !== undefined) {
        issues.push(warning(`${at}.${field}`, `is not applied: the existing NetworkAttachmentDefinition "${network.nadName}" defines the network; remove ${field} or clear nadName to have one generated`));
      }
    }
  }
  if (network.ipConfig) issues.push(...checkIpConfig(network.ipConfig, `${at}.ipConfig`));
  return issues;
}

/** A guest has one default route per IP family; two gateways would compete for it. */
function checkDefaultGateways(networks: readonly ProfileNetwork[]): Issue[] {
  const first = new Map<string, number>();
  const issues: Issue[] = [];
  networks.forEach((network, i) => {
    const ip = network.ipConfig;
    const cidr = ip?.mode === 'static' && ip.gateway !== undefined && ip.address !== undefined ? parseCidr(ip.address) : undefined;
    if (!cidr) return;
    const earlier = first.get(cidr.family);
    if (earlier === undefined) {
      first.set(cidr.family, i);
      return;
    }
    const other = networks[earlier]!;
    issues.push(
      error(
        `spec.networks[${i}].ipConfig.gateway`,
        `the guest's default route already goes through spec.networks[${earlier}] (${other.name}, gateway ${other.ipConfig?.gateway}); a guest has one default route per IP family, so remove this gateway (addresses on this network stay reachable directly)`,
      ),
    );
  });
  return issues;
}

function checkIpConfig(ip: NonNullable<ProfileNetwork['ipConfig']>, at: string): Issue[] {
  if (ip.mode === 'dhcp') {
    return (['address', 'gateway'] as const)
      .filter((field) => ip[field] !== undefined)
      .map((field) => error(`${at}.${field}`, `is set but mode is dhcp, which takes the ${field} from the DHCP server; use mode: static or remove ${field}`));
  }
  if (ip.address === undefined) {
    return [error(`${at}.address`, 'is required for mode: static; write the address in CIDR form, e.g. "192.168.100.10/24"')];
  }
  const cidr = parseCidr(ip.address);
  if (!cidr) return []; // malformed addresses are reported by the schema
  const issues: Issue[] = [];
  if (isNetworkOrBroadcast(cidr)) {
    issues.push(error(`${at}.address`, `${ip.address} is the network or broadcast address of its subnet; give the VM a host address`));
  }
  const gateway = ip.gateway === undefined ? undefined : parseIp(ip.gateway);
  if (ip.gateway !== undefined && gateway) {
    if (gateway.kind() !== cidr.family) {
      issues.push(error(`${at}.gateway`, `${ip.gateway} is ${gateway.kind() === 'ipv4' ? 'IPv4' : 'IPv6'} but the address ${ip.address} is not`));
    } else if (!inSubnet(gateway, cidr)) {
      issues.push(error(`${at}.gateway`, `${ip.gateway} is outside the subnet of ${ip.address}; the gateway must be reachable on this network`));
    } else if (gateway.toString() === cidr.address.toString()) {
      issues.push(error(`${at}.gateway`, `${ip.gateway} is the VM's own address; the gateway must be another host on the subnet`));
    }
  }
  return issues;
}

function checkDisks(spec: ProfileSpec): Issue[] {
  const issues: Issue[] = [];
  const bootMarked = spec.disks.flatMap((disk, i) => (disk.boot === true ? [i] : []));
  for (const extra of bootMarked.slice(1)) {
    issues.push(error(`spec.disks[${extra}].boot`, `spec.disks[${bootMarked[0]}] is already the boot disk; at most one disk may set boot: true`));
  }
  const boot = bootDiskIndex(spec);
  if (boot < 0) {
    if (spec.osImage !== undefined) {
      issues.push(error('spec.osImage', 'there is no disk to put the image on; add a disk (it becomes the boot disk)'));
    } else {
      issues.push(warning('spec.disks', 'the VM has no disks; it can only boot from the network'));
    }
    return issues;
  }
  spec.disks.forEach((disk, i) => {
    const image = diskImage(spec, i);
    if (disk.blank === true && image !== undefined) {
      const from = disk.image !== undefined ? `image ${disk.image}` : `spec.osImage (${image}), which the boot disk takes`;
      issues.push(error(`spec.disks[${i}].blank`, `contradicts ${from}: a disk is either imported or blank; remove one of them`));
    }
  });
  const bootDisk = spec.disks[boot]!;
  if (bootDisk.image !== undefined && spec.osImage !== undefined && bootDisk.image !== spec.osImage) {
    issues.push(
      error(`spec.disks[${boot}].image`, `the boot disk's image differs from spec.osImage ("${spec.osImage}"); remove one of them or make them equal`),
    );
  }
  if (bootDisk.image === undefined && spec.osImage === undefined && bootDisk.blank !== true) {
    issues.push(
      error(
        `spec.disks[${boot}]`,
        `the boot disk "${bootDisk.name}" has no image and there is no spec.osImage, so the VM would start from an empty disk; set spec.osImage or image on this disk, or blank: true if it is empty on purpose (network boot, a later installation)`,
      ),
    );
  }
  return issues;
}

function checkScheduling(spec: ProfileSpec): Issue[] {
  const ha = spec.highAvailability;
  if (!ha) return [];
  const issues: Issue[] = [];
  if (ha.antiAffinityGroup !== undefined && ha.antiAffinity !== true) {
    issues.push(error('spec.highAvailability.antiAffinityGroup', 'has no effect without antiAffinity: true; set antiAffinity: true or remove the group'));
  }
  (ha.tolerations ?? []).forEach((toleration, i) => {
    const at = `spec.highAvailability.tolerations[${i}]`;
    if (toleration.operator === 'Exists' && toleration.value) {
      issues.push(error(`${at}.value`, 'must be empty when operator is Exists'));
    }
    if (!toleration.key && toleration.operator !== 'Exists') {
      issues.push(error(`${at}.operator`, 'must be Exists when the key is empty (a toleration of every taint)'));
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute') {
      issues.push(error(`${at}.tolerationSeconds`, 'only applies to effect: NoExecute'));
    }
  });
  return issues;
}

const STARTS_BY_ITSELF: ReadonlySet<RunStrategy> = new Set(['Always', 'RerunOnFailure', 'Once']);

// Which explicit run strategies agree with a restart policy. Halted only sets the initial state.
const COMPATIBLE_RUN_STRATEGIES: Record<keyof typeof RESTART_POLICY_RUN_STRATEGY, readonly RunStrategy[]> = {
  Always: ['Always', 'Halted'],
  OnFailure: ['RerunOnFailure', 'Halted'],
  Never: ['Once', 'Manual', 'Halted'],
};

function checkStartStrategy(spec: ProfileSpec): Issue[] {
  const runStrategy = spec.startStrategy?.runStrategy;
  if (runStrategy === undefined) return [];
  const issues: Issue[] = [];
  const autoStart = spec.startStrategy?.autoStart;
  if (autoStart === true && !STARTS_BY_ITSELF.has(runStrategy)) {
    issues.push(
      error(
        'spec.startStrategy.autoStart',
        `autoStart: true contradicts runStrategy: ${runStrategy}, which never starts a new VM by itself; use runStrategy: RerunOnFailure (starts it, restarts it after failures, honours virtctl stop) or remove autoStart`,
      ),
    );
  }
  if (autoStart === false && STARTS_BY_ITSELF.has(runStrategy)) {
    issues.push(
      error('spec.startStrategy.autoStart', `autoStart: false contradicts runStrategy: ${runStrategy}, which starts the VM at once; use runStrategy: Halted or Manual to create it stopped`),
    );
  }
  const policy = spec.highAvailability?.restartPolicy;
  if (policy !== undefined && !COMPATIBLE_RUN_STRATEGIES[policy].includes(runStrategy)) {
    issues.push(
      error(
        'spec.highAvailability.restartPolicy',
        `restartPolicy: ${policy} contradicts runStrategy: ${runStrategy}; remove one of them, or use runStrategy: ${RESTART_POLICY_RUN_STRATEGY[policy]}, which is what restartPolicy: ${policy} means`,
      ),
    );
  }
  return issues;
}

/** A #cloud-config must be one YAML mapping; other user data (scripts, MIME) is the guest's business. */
function checkUserData(userData: string | undefined): Issue[] {
  if (userData === undefined || !/^#cloud-config[ \t]*\r?\n/.test(userData)) return [];
  const doc = parseDocument(userData, { version: '1.1' });
  const problem = doc.errors[0];
  if (problem) {
    const line = problem.linePos?.[0].line;
    const message =
      problem.code === 'MULTIPLE_DOCS'
        ? 'holds more than one YAML document ("---"); cloud-init reads a single #cloud-config document'
        : `is not valid YAML${line ? ` (line ${line})` : ''}: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
    return [error('spec.cloudInit.userData', message)];
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // An alias to no anchor, or an alias bomb: the parser accepts both, building the value does not.
    return [error('spec.cloudInit.userData', `is not valid YAML: ${(err as Error).message.split('\n')[0]}`)];
  }
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    return [error('spec.cloudInit.userData', '#cloud-config must be a mapping of cloud-init modules (e.g. "packages:", "runcmd:")')];
  }
  return [];
}
