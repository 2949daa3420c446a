// The VirtualMachineProfile API (seed 002 plus documented extensions) as a zod schema. Shape and
// single-field rules live here, so the JSON Schema derived from it carries them too; rules that
// relate several fields are in rules.ts.
import * as z from 'zod';
import { refuse } from '../schema-issues.js';
import { describeValue, show } from '../text.js';
import { dns1035Label, dnsLabel, dnsSubdomain, image, interfaceName, ipAddress, labelMap, quantity } from './fields.js';
import { PORT_NAME_PATTERN, dns1123SubdomainProblem, labelValueProblem, portNameProblem } from './names.js';
import { MAC, macAddressProblem, parseCidr } from './net.js';
import { GiB, MiB } from './quantity.js';

export const PROFILE_GROUP = 'vm.example.com';
export const PROFILE_API_VERSION = 'vm.example.com/v1alpha1';
export const PROFILE_KIND = 'VirtualMachineProfile';

/** Is this object of our API group (any version) and of this kind? */
export function isOwnKind(value: unknown, kind: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { apiVersion, kind: actual } = value as { apiVersion?: unknown; kind?: unknown };
  return actual === kind && typeof apiVersion === 'string' && apiVersion.split('/')[0] === PROFILE_GROUP;
}

const ipConfigSchema = z
  .strictObject({
    mode: z.enum(['static', 'dhcp']).describe('static: the address below; dhcp: ask the network (dhcp4 in cloud-init).'),
    address: z
      .string()
      .check((ctx) => {
        if (!parseCidr(ctx.value)) {
          refuse(ctx, `${show(ctx.value)} is not an address in CIDR form; write it like "192.168.100.10/24"`);
        }
      })
      .describe('Address with prefix length, e.g. 192.168.100.10/24 (mode static only).')
      .optional(),
    gateway: ipAddress.describe('Default route via this host; must be inside the address\'s subnet (mode static only).').optional(),
    dnsServers: z.array(ipAddress).describe('Name servers for this interface.').optional(),
  })
  .describe('How the guest configures its address on this network (cloud-init network data).');

const NETWORK_TYPES = ['bridge', 'macvlan', 'sriov', 'ovs'] as const;

const vlanNumber = (what: string) =>
  z
    .int({ error: (iss) => `${what} must be a whole number between 1 and 4094; got ${describeValue(iss.input)}` })
    .min(1, { error: (iss) => `VLAN ${show(iss.input)} is out of range: VLAN IDs are 1 to 4094` })
    .max(4094, { error: (iss) => `VLAN ${show(iss.input)} is out of range: VLAN IDs are 1 to 4094` });

// ovs-cni's own trunk shape (docs/cni-plugin.md): one VLAN, or a range.
const trunkEntrySchema = z
  .strictObject({ id: vlanNumber('id').optional(), minID: vlanNumber('minID').optional(), maxID: vlanNumber('maxID').optional() })
  .check((ctx) => {
    const { id, minID, maxID } = ctx.value;
    const one = id !== undefined && minID === undefined && maxID === undefined;
    const range = id === undefined && minID !== undefined && maxID !== undefined;
    if (!one && !range) refuse(ctx, 'must be {id: N} for one VLAN or {minID: A, maxID: B} for a range');
  });

const networkSchema = z.strictObject({
  name: dnsLabel('network name').describe('Unique name; the interface and network name in the VM.'),
  type: z
    .enum(NETWORK_TYPES)
    .describe('bridge: Linux bridge; ovs: Open vSwitch bridge; sriov: SR-IOV VF; macvlan: the host NIC mapped into the VM (rendered as KubeVirt\'s macvtap binding).'),
  nadName: z
    .string()
    .check((ctx) => {
      if (ctx.value === '') return; // "" means: generate one (seed 002)
      const parts = ctx.value.split('/');
      const problems = parts.length > 2 ? ['has more than one "/"'] : parts.map((part) => dns1123SubdomainProblem(part)).filter((p) => p !== undefined);
      if (problems.length > 0) {
        refuse(ctx, `${show(ctx.value)} is not a NetworkAttachmentDefinition reference: write "name" or "namespace/name" (${problems[0]})`);
      }
    })
    .describe('An existing NetworkAttachmentDefinition ("name" or "namespace/name"); empty or absent: one is generated.')
    .optional(),
  vlanId: z
    .int({ error: (iss) => `must be a whole number between 1 and 4094; got ${describeValue(iss.input)}` })
    .min(1, { error: (iss) => `VLAN ${show(iss.input)} is out of range: VLAN IDs are 1 to 4094 (omit vlanId for an untagged network)` })
    .max(4094, { error: (iss) => `VLAN ${show(iss.input)} is out of range: VLAN IDs are 1 to 4094` })
    .describe('VLAN ID, 1-4094: the one VLAN the guest is on (not for macvlan; an ovs network needs vlanId or trunk).')
    .optional(),
  bridgeName: interfaceName('bridge name').describe('Node bridge (bridge and ovs only); default from the function config, else br-<network name>.').optional(),
  macAddress: z
    .string()
    .check((ctx) => {
      const problem = macAddressProblem(ctx.value);
      if (problem) refuse(ctx, `${show(ctx.value)} ${problem}`);
    })
    .meta({ pattern: MAC.source })
    .describe('Interface MAC (extension); default: a stable locally administered address derived from cluster, namespace, profile and network.')
    .optional(),
  uplink: interfaceName('uplink interface name').describe('Node NIC for this network\'s bridge or macvtap device (extension); default from the function config.').optional(),
  trunk: z
    .array(trunkEntrySchema)
    .min(1, { error: 'must list at least one VLAN; remove trunk for an access port (vlanId)' })
    .describe('ovs only (extension): the VLANs the guest may send and receive tagged, e.g. [{id: 100}, {minID: 200, maxID: 210}]; without it an ovs network needs vlanId.')
    .optional(),
  hostLocal: z
    .boolean()
    .describe('bridge and ovs only (extension): true when the node bridge is meant to have no uplink NIC, so the network stays on the node.')
    .optional(),
  ipConfig: ipConfigSchema.optional(),
});

export const ACCESS_MODES = ['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOncePod'] as const;
export const VOLUME_MODES = ['Filesystem', 'Block'] as const;

// A namespaced reference to an object CDI reads from: a DataSource (golden image) or a PVC to clone.
const sourceReference = (what: string) =>
  z.strictObject({
    name: dnsSubdomain(`a ${what} name`).describe(`The ${what}.`),
    namespace: dnsLabel('namespace').describe("Its namespace; default: the profile's.").optional(),
  });

const diskSchema = z.strictObject({
  name: dnsLabel('disk name').describe('Unique name; the PersistentVolumeClaim (or DataVolume) is <profile>-<disk>.'),
  size: quantity('disk size', GiB, '1Gi').describe('Size, at least 1Gi, e.g. 80Gi (required unless claimName).').optional(),
  storageClassName: dnsSubdomain('a StorageClass name').describe('StorageClass of the disk (required unless claimName).').optional(),
  boot: z.boolean().describe('The disk to boot from (at most one; default: the first disk).').optional(),
  image: image.describe('Import from a registry image (containerDisk layout) or an http(s) URL; absent: a blank disk (the boot disk takes spec.osImage).').optional(),
  blank: z.boolean().describe('true: an empty disk on purpose (extension); a boot disk without an image must say so.').optional(),
  dataSource: sourceReference('CDI DataSource')
    .describe('Clone a golden image: a CDI DataSource (kept fresh by a DataImportCron), e.g. {name: fedora, namespace: os-images} (extension).')
    .optional(),
  clone: sourceReference('PersistentVolumeClaim').describe('Clone an existing PersistentVolumeClaim, e.g. {name: golden-pvc, namespace: images} (extension).').optional(),
  claimName: dnsSubdomain('a PersistentVolumeClaim name')
    .describe('Use this existing PersistentVolumeClaim as is: vmprofile never creates, resizes or deletes it (extension).')
    .optional(),
  accessMode: z.enum(ACCESS_MODES).describe('PVC access mode (extension); default from the function config (PVCs) or the StorageProfile (DataVolumes).').optional(),
  volumeMode: z.enum(VOLUME_MODES).describe('PVC volume mode (extension); default from the function config (PVCs) or the StorageProfile (DataVolumes).').optional(),
})
  // For editors; the function's own message comes from rules.ts.
  .meta({ if: { not: { required: ['claimName'] } }, then: { required: ['size', 'storageClassName'] } });

const tolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.int().optional(),
});

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
export const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once'] as const;
export const EVICTION_STRATEGIES = ['LiveMigrate', 'LiveMigrateIfPossible', 'None', 'External'] as const;

const highAvailabilitySchema = z.strictObject({
  restartPolicy: z.enum(RESTART_POLICIES).describe('Always → runStrategy Always, OnFailure → RerunOnFailure, Never → Once.').optional(),
  antiAffinity: z.boolean().describe('Spread the VMs of one anti-affinity group over nodes (preferred, not required).').optional(),
  antiAffinityGroup: z
    .string()
    .check((ctx) => {
      const problem = labelValueProblem(ctx.value) ?? (ctx.value === '' ? 'must not be empty' : undefined);
      if (problem) refuse(ctx, `${show(ctx.value)} ${problem} (it becomes a label value)`);
    })
    .describe('The group (extension); default: the profile\'s app label, else its name.')
    .optional(),
  nodeSelector: labelMap('nodeSelector').describe('Nodes the VM may run on.').optional(),
  tolerations: z.array(tolerationSchema).describe('Kubernetes tolerations of the VM.').optional(),
  evictionStrategy: z.enum(EVICTION_STRATEGIES).describe('What a node drain does to the VM (extension); default from the function config.').optional(),
});

const startStrategySchema = z.strictObject({
  runStrategy: z.enum(RUN_STRATEGIES).describe('KubeVirt run strategy; default from restartPolicy, else Always.').optional(),
  autoStart: z.boolean().describe('Start the VM once created (default true); false → runStrategy Halted.').optional(),
});

const PROTOCOLS = ['TCP', 'UDP'] as const;
const SERVICE_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const POD_BINDINGS = ['masquerade', 'passt'] as const;
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;

const portNumber = (what: string) =>
  z
    .int({ error: (iss) => `${what} must be a whole number between 1 and 65535; got ${describeValue(iss.input)}` })
    .min(1, { error: (iss) => `${what} ${show(iss.input)} is out of range: ports are 1 to 65535` })
    .max(65535, { error: (iss) => `${what} ${show(iss.input)} is out of range: ports are 1 to 65535` });

// Kubernetes IANA_SVC_NAME (validation.IsValidPortName): what names a Service or container port.
const portName = z
  .string()
  .check((ctx) => {
    const problem = portNameProblem(ctx.value);
    if (problem) refuse(ctx, `${show(ctx.value)} ${problem}`);
  })
  .meta({ pattern: PORT_NAME_PATTERN, maxLength: 15 });

const podNetworkSchema = z.union([
  z.boolean(),
  z.strictObject({
    binding: z.enum(POD_BINDINGS).describe('masquerade (default): KubeVirt NATs the pod IP to the guest; passt: KubeVirt ≥ 1.8 with the PasstBinding feature gate.').optional(),
    ports: z
      .array(
        z.strictObject({
          name: portName.describe('Port name (IANA service name), e.g. ssh; a Service targetPort may use it.').optional(),
          port: portNumber('port').describe('Guest port.'),
          protocol: z.enum(PROTOCOLS).describe('TCP (default) or UDP.').optional(),
        }),
      )
      .min(1, { error: 'must list at least one port; remove ports to forward every port' })
      .describe('Only these guest ports are forwarded from the pod (default: all).')
      .optional(),
  }),
]);

const serviceSchema = z.strictObject({
  name: dns1035Label('Service name').describe('The Service, in the profile\'s namespace (DNS-1035 label: starts with a letter).'),
  type: z.enum(SERVICE_TYPES).describe('ClusterIP (default), NodePort or LoadBalancer.').optional(),
  ports: z
    .array(
      z.strictObject({
        name: portName.describe('Port name; required when the Service has several ports.').optional(),
        port: portNumber('port').describe('The port the Service listens on.'),
        targetPort: z
          .union([portNumber('targetPort'), portName])
          .describe('Guest port (or a podNetwork.ports name); default: port.')
          .optional(),
        nodePort: portNumber('nodePort').describe('NodePort and LoadBalancer only: the port on every node (default range 30000-32767).').optional(),
        protocol: z.enum(SERVICE_PROTOCOLS).describe('TCP (default), UDP or SCTP.').optional(),
      }),
    )
    .min(1, { error: 'must list at least one port' })
    .describe('The ports it forwards to the VM.'),
});

export const INSTANCETYPE_KINDS = ['VirtualMachineClusterInstancetype', 'VirtualMachineInstancetype'] as const;
export const PREFERENCE_KINDS = ['VirtualMachineClusterPreference', 'VirtualMachinePreference'] as const;

const matcher = (kinds: readonly [string, ...string[]], example: string) =>
  z.union([
    dnsSubdomain(`a ${kinds[0]} name`),
    z.strictObject({
      name: dnsSubdomain(`a ${kinds[0]} name`).describe(`e.g. ${example}`),
      kind: z.enum(kinds).describe(`${kinds[0]} (default, cluster-wide) or ${kinds[1]} (in the profile's namespace).`).optional(),
    }),
  ]);

const specSchema = z
  .strictObject({
  cpu: z
    .int({ error: (iss) => `must be a whole number of virtual CPUs; got ${describeValue(iss.input)}` })
    .min(1, { error: (iss) => `must be at least 1 CPU; got ${show(iss.input)}` })
    .describe('Virtual CPUs, rendered as sockets so that a change applies live (more than 64 is a warning); required unless instancetype.')
    .optional(),
  maxCpu: z
    .int({ error: (iss) => `must be a whole number of virtual CPUs; got ${describeValue(iss.input)}` })
    .min(1, { error: (iss) => `must be at least 1 CPU; got ${show(iss.input)}` })
    .describe('Most CPUs cpu may grow to without a restart (extension; KubeVirt maxSockets, default 4 × cpu at boot).')
    .optional(),
  memory: quantity('memory', 512 * MiB, '512Mi').describe('Guest memory, at least 512Mi, e.g. 8Gi; required unless instancetype.').optional(),
  maxMemory: quantity('maximum memory', GiB, '1Gi')
    .describe('Most memory may grow to without a restart (extension; KubeVirt maxGuest, default 4 × memory at boot).')
    .optional(),
  instancetype: matcher(INSTANCETYPE_KINDS, 'u1.medium')
    .describe('Size the VM by a KubeVirt instancetype instead of cpu and memory: a name (cluster-wide kind) or {name, kind} (extension).')
    .optional(),
  preference: matcher(PREFERENCE_KINDS, 'fedora')
    .describe('A KubeVirt preference (guest OS defaults): a name (cluster-wide kind) or {name, kind} (extension).')
    .optional(),
  osImage: image.describe('Image of the boot disk when that disk names none.').optional(),
  sshKeySecret: dnsSubdomain('a Secret name').describe('Secret whose every key holds SSH public keys, injected through KubeVirt accessCredentials.').optional(),
  hostname: dnsLabel('hostname').describe('Guest hostname (extension); default: the profile name.').optional(),
  firmwareUUID: z
    .uuid({ error: (iss) => `${show(iss.input)} is not a UUID such as "5d307ca9-b3ef-428c-8861-06e72d69f223"` })
    .describe('Firmware (SMBIOS) UUID (extension), to adopt an existing VM; default: derived, stable.')
    .optional(),
  podNetwork: podNetworkSchema
    .describe('The pod network as the first interface (eth0): true, or {binding, ports}; default: on when there are no networks (extension).')
    .optional(),
  networks: z.array(networkSchema).describe('Secondary networks (Multus), in guest interface order after the pod network: eth0, eth1, ...; at most 8 recommended.').default([]),
  disks: z.array(diskSchema).describe('Disks, each a PersistentVolumeClaim (or DataVolume); at most 16 recommended.').default([]),
  services: z.array(serviceSchema).describe('Services that reach the VM through its pod network (seed 004, virtctl expose).').default([]),
  highAvailability: highAvailabilitySchema.describe('Restart policy and scheduling.').optional(),
  startStrategy: startStrategySchema.describe('Whether and how the VM runs.').optional(),
  cloudInit: z
    .strictObject({
      userData: z.string().describe('Your #cloud-config (the hostname is added unless set) or any other user data.').optional(),
    })
    .describe('Cloud-init (extension).')
    .optional(),
  })
  .meta({ if: { not: { required: ['instancetype'] } }, then: { required: ['cpu', 'memory'] } });

const metadataSchema = z.looseObject({
  name: dnsLabel('profile name').describe('The VM name (DNS-1123 label, at most 63 characters).'),
  namespace: dnsLabel('namespace').optional(),
  labels: labelMap('label').describe('Copied to the VM and its pods.').optional(),
  annotations: z.record(z.string(), z.string({ error: 'annotation values must be strings' })).describe('Copied to the VM (except orchestrator bookkeeping).').optional(),
});

export const profileSchema = z
  .strictObject({
    apiVersion: z.literal(PROFILE_API_VERSION),
    kind: z.literal(PROFILE_KIND),
    metadata: metadataSchema,
    spec: specSchema,
  })
  .describe('A compact virtual machine: vmprofile renders it into a KubeVirt VirtualMachine, NetworkAttachmentDefinitions, NodeNetworkConfigurationPolicies and disks.');

export type Profile = z.output<typeof profileSchema>;
export type ProfileSpec = Profile['spec'];
export type ProfileNetwork = ProfileSpec['networks'][number];
export type ProfileDisk = ProfileSpec['disks'][number];
export type ProfileService = ProfileSpec['services'][number];
export type PodBinding = (typeof POD_BINDINGS)[number];
export type NetworkType = ProfileNetwork['type'];
export type RunStrategy = (typeof RUN_STRATEGIES)[number];
