// Rules that relate several fields of one profile: uniqueness, contradictions, and warnings about
// things that are valid but probably not what the author meant.
import { parseDocument } from 'yaml';
import { type Issue, error, formatPath, info, warning } from '../issues.js';
import { yamlErrorReason } from '../text.js';
import { inSubnet, isNetworkOrBroadcast, parseCidr, parseIp } from './net.js';
import { GiB, MiB, parseQuantity } from './quantity.js';
import type { Profile, ProfileDisk, ProfileNetwork, ProfileService, ProfileSpec, RunStrategy } from './schema.js';
import { CLOUD_INIT_DISK, POD_NETWORK_NAME, type PodNetwork, RESTART_POLICY_RUN_STRATEGY, bootDiskIndex, diskImage, instancetypeOf, podNetworkOf } from './semantics.js';

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
    ...checkSizing(spec),
    ...checkHotplugLimits(spec),
    ...checkUniqueNames(spec.networks, 'networks'),
    ...checkUniqueNames(spec.disks, 'disks'),
    ...spec.networks.flatMap((network, i) => checkNetwork(network, `spec.networks[${i}]`)),
    ...checkDefaultGateways(spec.networks),
    ...checkPodNetwork(spec),
    ...checkServices(spec),
    ...checkDisks(spec),
    ...spec.disks.flatMap((disk, i) =>
      disk.clone && disk.clone.namespace === undefined && profile.metadata.namespace === undefined
        ? [error(`spec.disks[${i}].clone.namespace`, "is required when the profile has no namespace: CDI needs the source claim's namespace to clone it")]
        : [],
    ),
    ...checkScheduling(spec),
    ...checkStartStrategy(spec),
    ...checkUserData(spec.cloudInit?.userData),
  ];
}

function checkSizes(spec: ProfileSpec): Issue[] {
  const issues: Issue[] = [];
  if (spec.cpu !== undefined && spec.cpu > MAX_RECOMMENDED_CPU) {
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

/**
 * An instancetype sets CPUs and memory; KubeVirt rejects a VM that sets them too ("VM field(s) …
 * conflicts with selected instance type", kubevirt pkg/instancetype/apply/cpu.go, memory.go).
 */
function checkSizing(spec: ProfileSpec): Issue[] {
  const instancetype = instancetypeOf(spec);
  if (instancetype === undefined) return missingSizes(spec);
  const fields = [
    ['cpu', 'sets the CPUs'],
    ['memory', 'sets the memory'],
    ['maxCpu', 'decides CPU hotplug (its spec.cpu.maxSockets)'],
    ['maxMemory', 'decides memory hotplug (its spec.memory.maxGuest)'],
  ] as const;
  return fields
    .filter(([field]) => spec[field] !== undefined)
    .map(([field, what]) =>
      error(`spec.${field}`, `conflicts with spec.instancetype (${instancetype.name}), which ${what}: KubeVirt rejects a VM that sets both; remove ${field}, or remove instancetype`),
    );
}

/** Without an instancetype, cpu and memory are required; safe on any spec-shaped input. */
export function missingSizes(spec: Partial<Pick<ProfileSpec, 'cpu' | 'memory' | 'instancetype'>>): Issue[] {
  if (spec.instancetype !== undefined) return [];
  return [
    ...(spec.cpu === undefined ? [error('spec.cpu', 'is required: the number of virtual CPUs, e.g. 2 (or size the VM with spec.instancetype)')] : []),
    ...(spec.memory === undefined ? [error('spec.memory', 'is required: the memory, e.g. "8Gi" (or size the VM with spec.instancetype)')] : []),
  ];
}

function checkHotplugLimits(spec: ProfileSpec): Issue[] {
  const issues: Issue[] = [];
  if (spec.cpu !== undefined && spec.maxCpu !== undefined && spec.maxCpu < spec.cpu) {
    issues.push(error('spec.maxCpu', `is ${spec.maxCpu}, below cpu (${spec.cpu}); maxCpu is the most CPUs the VM may grow to: raise it or leave it out`));
  }
  if (spec.memory === undefined || spec.maxMemory === undefined) return issues;
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

function checkUniqueNames(list: readonly { name: string }[], field: 'networks' | 'disks' | 'services'): Issue[] {
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
  if (gateway) {
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

const DISK_SOURCES = ['image', 'blank', 'dataSource', 'clone', 'claimName'] as const;

/** Where a disk's data comes from, as written (blank: false says nothing). */
function writtenSources(disk: ProfileDisk): (typeof DISK_SOURCES)[number][] {
  return DISK_SOURCES.filter((source) => (source === 'blank' ? disk.blank === true : disk[source] !== undefined));
}

function describeSource(disk: ProfileDisk, source: (typeof DISK_SOURCES)[number]): string {
  const value = disk[source];
  if (typeof value === 'string') return `${source} ${value}`;
  if (typeof value === 'object') return `${source} ${value.namespace ? `${value.namespace}/` : ''}${value.name}`;
  return 'blank: true';
}

function checkDisk(disk: ProfileDisk, at: string): Issue[] {
  const issues: Issue[] = [];
  const sources = writtenSources(disk);
  const first = sources[0];
  for (const extra of sources.slice(1)) {
    issues.push(error(`${at}.${extra}`, `contradicts ${describeSource(disk, first!)}: a disk takes its data from one source (image, blank, dataSource, clone or claimName); remove one of them`));
  }
  if (disk.claimName !== undefined) {
    for (const field of ['size', 'storageClassName', 'accessMode', 'volumeMode'] as const) {
      if (disk[field] !== undefined) {
        issues.push(error(`${at}.${field}`, `does not apply to an existing claim: claimName ${disk.claimName} is used as it is, never created or resized; remove ${field}`));
      }
    }
    return issues;
  }
  if (disk.size === undefined) issues.push(error(`${at}.size`, 'is required: the disk size, e.g. "80Gi" (or use an existing claim with claimName)'));
  if (disk.storageClassName === undefined) issues.push(error(`${at}.storageClassName`, 'is required: the StorageClass of the disk (or use an existing claim with claimName)'));
  return issues;
}

function checkDisks(spec: ProfileSpec): Issue[] {
  const issues: Issue[] = spec.disks.flatMap((disk, i) => checkDisk(disk, `spec.disks[${i}]`));
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
    if (disk.blank === true && image !== undefined && disk.image === undefined) {
      issues.push(error(`spec.disks[${i}].blank`, `contradicts spec.osImage (${image}), which the boot disk takes: a disk is either imported or blank; remove one of them`));
    }
  });
  const bootDisk = spec.disks[boot]!;
  const [bootSource] = writtenSources(bootDisk);
  if (bootDisk.image !== undefined && spec.osImage !== undefined && bootDisk.image !== spec.osImage) {
    issues.push(
      error(`spec.disks[${boot}].image`, `the boot disk's image differs from spec.osImage ("${spec.osImage}"); remove one of them or make them equal`),
    );
  }
  if (spec.osImage !== undefined && bootSource !== undefined && bootSource !== 'image' && bootSource !== 'blank') {
    issues.push(error('spec.osImage', `the boot disk "${bootDisk.name}" takes its data from its ${bootSource}, so the image would never be used; remove spec.osImage or the disk's ${bootSource}`));
  }
  if (bootSource === undefined && spec.osImage === undefined) {
    issues.push(
      error(
        `spec.disks[${boot}]`,
        `the boot disk "${bootDisk.name}" has no image and there is no spec.osImage, so the VM would start from an empty disk; set spec.osImage, or image, dataSource, clone or claimName on this disk, or blank: true if it is empty on purpose (network boot, a later installation)`,
      ),
    );
  }
  return issues;
}

/** The pod network's name and forwarded ports (kubevirt pkg/network/admitter: names and ports are unique). */
function checkPodNetwork(spec: ProfileSpec): Issue[] {
  const pod = podNetworkOf(spec);
  if (!pod) return [];
  const issues: Issue[] = [];
  if (pod.binding === 'passt') {
    // kubevirt pkg/network/admitter/passt.go validatePasstBinding; MemoryCalculator addPasstMemoryRequests.
    issues.push(info('spec.podNetwork.binding', 'passt needs KubeVirt 1.8 or later with the PasstBinding feature gate, adds about 250Mi to the launcher pod, and does not live-migrate'));
  }
  spec.networks.forEach((network, i) => {
    if (network.name === POD_NETWORK_NAME) {
      issues.push(error(`spec.networks[${i}].name`, `"${POD_NETWORK_NAME}" is the name of the pod network in the VM; choose another name for this network`));
    }
  });
  issues.push(...checkUniquePorts(pod.ports ?? [], 'spec.podNetwork.ports', 'list each port once'));
  return issues;
}

/** Each port (with its protocol) and each port name once in a list of ports (KubeVirt's admitter, Kubernetes ValidateService). */
function checkUniquePorts(ports: readonly { name?: string; port: number; protocol?: string }[], at: string, once: string): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  const names = new Map<string, number>();
  ports.forEach((port, j) => {
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) issues.push(error(`${at}[${j}].port`, `${key} is already ${at}[${earlier}]; ${once}`));
    else seen.set(key, j);
    if (port.name === undefined) return;
    const named = names.get(port.name);
    if (named !== undefined) issues.push(error(`${at}[${j}].name`, `"${port.name}" is already the name of ${at}[${named}]; names must be unique`));
    else names.set(port.name, j);
  });
  return issues;
}

// Kubernetes' default --service-node-port-range.
const NODE_PORTS = { min: 30000, max: 32767 };

/** Services reach a VM through its pod network only (reference §9); Kubernetes' own Service rules. */
function checkServices(spec: ProfileSpec): Issue[] {
  if (spec.services.length === 0) return [];
  const pod = podNetworkOf(spec);
  if (!pod) {
    return [
      error(
        'spec.services',
        'a Service reaches a VM only through the pod network (its endpoints are pod IPs), and this VM has none; add podNetwork: true (it becomes eth0), or remove services',
      ),
    ];
  }
  const issues = checkUniqueNames(spec.services, 'services');
  spec.services.forEach((service, i) => issues.push(...checkService(service, `spec.services[${i}]`, pod)));
  return issues;
}

function checkService(service: ProfileService, at: string, pod: PodNetwork): Issue[] {
  const type = service.type ?? 'ClusterIP';
  const issues = checkUniquePorts(service.ports, `${at}.ports`, 'a Service listens on each port once');
  service.ports.forEach((port, j) => {
    const here = `${at}.ports[${j}]`;
    // Kubernetes ValidateService: names are required when there are several ports.
    if (port.name === undefined && service.ports.length > 1) issues.push(error(`${here}.name`, 'is required when a Service has more than one port; name each port, e.g. ssh'));
    const protocol = port.protocol ?? 'TCP';
    if (port.nodePort !== undefined) {
      if (type === 'ClusterIP') issues.push(error(`${here}.nodePort`, 'only applies to type NodePort or LoadBalancer; set type: NodePort or remove nodePort'));
      else if (port.nodePort < NODE_PORTS.min || port.nodePort > NODE_PORTS.max) {
        issues.push(warning(`${here}.nodePort`, `${port.nodePort} is outside Kubernetes' default node port range ${NODE_PORTS.min}-${NODE_PORTS.max}; the API server refuses it unless the cluster's --service-node-port-range includes it`));
      }
    }
    issues.push(...checkTargetPort(port.targetPort ?? port.port, protocol, `${here}.${port.targetPort === undefined ? 'port' : 'targetPort'}`, pod));
  });
  return issues;
}

/** A Service port must land on a port the pod network forwards to the guest. */
function checkTargetPort(target: number | string, protocol: string, at: string, pod: PodNetwork): Issue[] {
  const forwarded = pod.ports;
  if (typeof target === 'string') {
    if (forwarded?.some((port) => port.name === target)) return [];
    return [error(at, `"${target}" names no port of spec.podNetwork.ports; name the port there (e.g. {name: ${target}, port: 22}) or give the guest port as a number`)];
  }
  if (forwarded === undefined || forwarded.some((port) => port.port === target && (port.protocol ?? 'TCP') === protocol)) return [];
  const list = forwarded.map((port) => `${port.port}/${port.protocol ?? 'TCP'}`).join(', ');
  return [error(at, `guest port ${target}/${protocol} is not forwarded by the pod network (spec.podNetwork.ports: ${list}); add it there or target a forwarded port`)];
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
        : `is not valid YAML${line ? ` (line ${line})` : ''}: ${yamlErrorReason(problem)}`;
    return [error('spec.cloudInit.userData', message)];
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // An alias to no anchor, or an alias bomb: the parser accepts both, building the value does not.
    return [error('spec.cloudInit.userData', `is not valid YAML: ${(err as Error).message.split('\n')[0]}`)];
  }
  // An empty document (only comments) is null: nothing to run, and fine.
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [error('spec.cloudInit.userData', '#cloud-config must be a mapping of cloud-init modules (e.g. "packages:", "runcmd:")')];
  }
  return [];
}
