// The VirtualMachineProfile API (seed 002 plus documented extensions) as a zod schema. Shape and
// single-field rules live here, so the JSON Schema derived from it carries them too; rules that
// relate several fields are in rules.ts.
import * as z from 'zod';
import { describeValue, dnsLabel, dnsSubdomain, image, interfaceName, ipAddress, labelMap, quantity, show } from './fields.js';
import { dns1123SubdomainProblem, labelValueProblem } from './names.js';
import { macAddressProblem, parseCidr } from './net.js';
import { GiB, MiB } from './quantity.js';

export const PROFILE_GROUP = 'vm.example.com';
export const PROFILE_API_VERSION = 'vm.example.com/v1alpha1';
export const PROFILE_KIND = 'VirtualMachineProfile';

export const ipConfigSchema = z.strictObject({
  mode: z.enum(['static', 'dhcp']),
  address: z
    .string()
    .check((ctx) => {
      if (!parseCidr(ctx.value)) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: `${show(ctx.value)} is not an address in CIDR form; write it like "192.168.100.10/24"` });
      }
    })
    .optional(),
  gateway: ipAddress.optional(),
  dnsServers: z.array(ipAddress).optional(),
});

export const NETWORK_TYPES = ['bridge', 'macvlan', 'sriov', 'ovs'] as const;

export const networkSchema = z.strictObject({
  name: dnsLabel('network name'),
  type: z.enum(NETWORK_TYPES),
  nadName: z
    .string()
    .check((ctx) => {
      if (ctx.value === '') return; // "" means: generate one (seed 002)
      const parts = ctx.value.split('/');
      const problems = parts.length > 2 ? ['has more than one "/"'] : parts.map((part) => dns1123SubdomainProblem(part)).filter((p) => p !== undefined);
      if (problems.length > 0) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `${show(ctx.value)} is not a NetworkAttachmentDefinition reference: write "name" or "namespace/name" (${problems[0]})`,
        });
      }
    })
    .optional(),
  vlanId: z
    .int({ error: (iss) => `must be a whole number between 1 and 4094; got ${describeValue(iss.input)}` })
    .min(1, { error: (iss) => `VLAN ${show(iss.input)} is out of range: VLAN IDs are 1 to 4094 (omit vlanId for an untagged network)` })
    .max(4094, { error: (iss) => `VLAN ${show(iss.input)} is out of range: VLAN IDs are 1 to 4094` })
    .optional(),
  bridgeName: interfaceName('bridge name').optional(),
  macAddress: z
    .string()
    .check((ctx) => {
      const problem = macAddressProblem(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: `${show(ctx.value)} ${problem}` });
    })
    .optional(),
  uplink: interfaceName('uplink interface name').optional(),
  ipConfig: ipConfigSchema.optional(),
});

export const ACCESS_MODES = ['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOncePod'] as const;

export const diskSchema = z.strictObject({
  name: dnsLabel('disk name'),
  size: quantity('disk size', GiB, '1Gi'),
  storageClassName: dnsSubdomain('a StorageClass name'),
  boot: z.boolean().optional(),
  image: image.optional(),
  accessMode: z.enum(ACCESS_MODES).optional(),
  volumeMode: z.enum(['Filesystem', 'Block']).optional(),
});

export const tolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.int().optional(),
});

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
export const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once'] as const;
export const EVICTION_STRATEGIES = ['LiveMigrate', 'LiveMigrateIfPossible', 'None', 'External'] as const;

export const highAvailabilitySchema = z.strictObject({
  restartPolicy: z.enum(RESTART_POLICIES).optional(),
  antiAffinity: z.boolean().optional(),
  antiAffinityGroup: z
    .string()
    .check((ctx) => {
      const problem = labelValueProblem(ctx.value) ?? (ctx.value === '' ? 'must not be empty' : undefined);
      if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: `${show(ctx.value)} ${problem} (it becomes a label value)` });
    })
    .optional(),
  nodeSelector: labelMap('nodeSelector').optional(),
  tolerations: z.array(tolerationSchema).optional(),
  evictionStrategy: z.enum(EVICTION_STRATEGIES).optional(),
});

export const startStrategySchema = z.strictObject({
  runStrategy: z.enum(RUN_STRATEGIES).optional(),
  autoStart: z.boolean().optional(),
});

export const specSchema = z.strictObject({
  cpu: z
    .int({ error: (iss) => (iss.input === undefined ? 'is required: the number of CPU cores, e.g. 2' : `must be a whole number of CPU cores; got ${describeValue(iss.input)}`) })
    .min(1, { error: (iss) => `must be at least 1 CPU core; got ${show(iss.input)}` }),
  memory: quantity('memory', 512 * MiB, '512Mi'),
  osImage: image.optional(),
  sshKeySecret: dnsSubdomain('a Secret name').optional(),
  hostname: dnsLabel('hostname').optional(),
  firmwareUUID: z.uuid({ error: (iss) => `${show(iss.input)} is not a UUID such as "5d307ca9-b3ef-428c-8861-06e72d69f223"` }).optional(),
  networks: z.array(networkSchema).default([]),
  disks: z.array(diskSchema).default([]),
  highAvailability: highAvailabilitySchema.optional(),
  startStrategy: startStrategySchema.optional(),
  cloudInit: z
    .strictObject({
      userData: z.string().optional(),
    })
    .optional(),
});

export const metadataSchema = z.looseObject({
  name: dnsLabel('profile name'),
  namespace: dnsLabel('namespace').optional(),
  labels: labelMap('label').optional(),
  annotations: z.record(z.string(), z.string({ error: 'annotation values must be strings' })).optional(),
});

export const profileSchema = z.strictObject({
  apiVersion: z.literal(PROFILE_API_VERSION),
  kind: z.literal(PROFILE_KIND),
  metadata: metadataSchema,
  spec: specSchema,
});

export type Profile = z.output<typeof profileSchema>;
export type ProfileSpec = Profile['spec'];
export type ProfileNetwork = ProfileSpec['networks'][number];
export type ProfileDisk = ProfileSpec['disks'][number];
export type NetworkType = ProfileNetwork['type'];
export type RunStrategy = (typeof RUN_STRATEGIES)[number];
