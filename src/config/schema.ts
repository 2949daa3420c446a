// Function configuration: cluster facts a profile cannot know (SPEC §4). Given as a typed
// VirtualMachineProfileConfig, or as a kpt ConfigMap whose data keys are the same field paths
// ("network.defaultUplink") and whose maps are written "key=value,key2=value2".
import * as z from 'zod';
import { type Issue, error, formatPath } from '../issues.js';
import { interfaceName, labelMap } from '../profile/fields.js';
import { labelKeyProblem } from '../profile/names.js';
import { ACCESS_MODES, EVICTION_STRATEGIES, PROFILE_API_VERSION, PROFILE_KIND, VOLUME_MODES, isOwnKind } from '../profile/schema.js';
import { type Def, defaultMessage, refuse, toIssues, unwrap } from '../schema-issues.js';
import { describeValue, show } from '../text.js';

export const CONFIG_KIND = 'VirtualMachineProfileConfig';
const STORAGE_MODES = ['PersistentVolumeClaims', 'DataVolumes', 'DataVolumeTemplates'] as const;
const CPU_TOPOLOGIES = ['sockets', 'cores'] as const;

const resourceName = z.string().check((ctx) => {
  const problem = labelKeyProblem(ctx.value);
  if (problem || !ctx.value.includes('/')) {
    refuse(ctx, `${show(ctx.value)} is not an extended resource name such as "intel.com/sriov_vfio"`);
  }
});

// The descriptions are what editors show on hover (vmprofile schema); docs/configuration.md has the table.
export const configSpecSchema = z.strictObject({
  clusterName: z.string().describe('Seed for firmware UUIDs and MAC addresses, e.g. the cluster name: VMs of the same name in two clusters differ.').default(''),
  network: z
    .strictObject({
      defaultUplink: interfaceName('uplink interface name')
        .describe('Node NIC of bridges that neither network.uplinks nor any profile\'s uplink names, and that no profile keeps hostLocal.')
        .optional(),
      uplinks: z.record(interfaceName('bridge name'), interfaceName('uplink interface name')).describe('Node NIC per bridge name, e.g. {br-mgmt: eth1}.').default({}),
      defaultBridge: interfaceName('bridge name').describe('Linux bridge for bridge networks without bridgeName (default: br-<network name>).').optional(),
      defaultOvsBridge: interfaceName('bridge name').describe('OVS bridge for ovs networks without bridgeName (default: br-<network name>).').optional(),
      macvtapUplink: interfaceName('uplink interface name').describe('Node NIC for macvlan (macvtap) networks without uplink; must not be a bridge port.').optional(),
      macvtapResources: z
        .record(interfaceName('uplink interface name'), resourceName)
        .describe('macvtap device-plugin resource per node NIC, for a macvtap-cni configured with a pool (default macvtap.network.kubevirt.io/<NIC>).')
        .default({}),
      sriovResourceName: resourceName.describe('SR-IOV device-plugin resource for generated SR-IOV NADs, e.g. intel.com/sriov_vfio.').optional(),
      bridgeMarker: z.boolean().describe('Annotate bridge NADs for CNAO\'s bridge-marker, so VMs schedule only where the bridge exists.').default(false),
    })
    .describe('Node NICs, bridges and device-plugin resources of the cluster.')
    .prefault({}),
  nodeNetwork: z
    .strictObject({
      generate: z.boolean().describe('Generate NodeNetworkConfigurationPolicies for node bridges; turn off when another team owns node networking.').default(true),
      nodeSelector: labelMap('nodeSelector').describe('Nodes the NodeNetworkConfigurationPolicies apply to (default: all nodes).').default({}),
    })
    .describe('NMState policies for the node bridges.')
    .prefault({}),
  storage: z
    .strictObject({
      mode: z
        .enum(STORAGE_MODES)
        .describe(
          'PersistentVolumeClaims: a PVC filled by CDI\'s VolumeImportSource populator, which grows when the size in Git grows. DataVolumes / DataVolumeTemplates: CDI DataVolumes, whose spec CDI never lets change (see docs/day2.md).',
        )
        .default('PersistentVolumeClaims'),
      // A PVC in Git must state its modes: CDI's StorageProfile webhook would also inflate its size,
      // which Git would then try to shrink.
      accessMode: z.enum(ACCESS_MODES).describe('Access mode of PVCs whose disk names none (ReadWriteMany lets VMs migrate).').default('ReadWriteOnce'),
      volumeMode: z.enum(VOLUME_MODES).describe('Volume mode of PVCs whose disk names none.').default('Filesystem'),
      protectFromPrune: z
        .boolean()
        .describe('Argo CD and Flux never prune or delete what holds a disk\'s data (the PVC, DataVolume, or VM with templates).')
        .default(true),
    })
    .describe('How disks are rendered.')
    .prefault({}),
  vm: z
    .strictObject({
      evictionStrategy: z.enum(EVICTION_STRATEGIES).describe('Eviction strategy of VMs whose profile sets none.').default('LiveMigrateIfPossible'),
      cpuTopology: z
        .enum(CPU_TOPOLOGIES)
        .describe('sockets: cpu → sockets (hotpluggable, changes live); cores: cpu → cores, as before 0.2 (every change restarts).')
        .default('sockets'),
    })
    .describe('Defaults of the VirtualMachines.')
    .prefault({}),
  keepProfiles: z.boolean().describe('Keep each profile in the output as local-config (kpt keeps its file) instead of removing it.').default(true),
  failOnWarnings: z.boolean().describe('Treat warnings as errors: for pipelines whose users never see a warning (Argo CD, CI).').default(false),
});

export type Config = z.output<typeof configSpecSchema>;

export const DEFAULT_CONFIG: Config = configSpecSchema.parse({});

export const configObjectSchema = z
  .strictObject({
    apiVersion: z.literal(PROFILE_API_VERSION),
    kind: z.literal(CONFIG_KIND),
    metadata: z.looseObject({}).optional(),
    spec: configSpecSchema.prefault({}),
  })
  .describe('The function config of vmprofile: cluster facts a profile cannot know (docs/configuration.md). Every setting is optional.');

interface ConfigResult {
  config: Config;
  /** Field paths are relative to the config object. */
  issues: Issue[];
}

type ConfigSource = 'config' | 'configmap' | 'profile' | 'none';

export function configSourceOf(object: unknown): ConfigSource | undefined {
  if (object === undefined || object === null) return 'none';
  if (typeof object !== 'object' || Array.isArray(object)) return undefined;
  const { apiVersion, kind } = object as Record<string, unknown>;
  if (kind === 'ConfigMap' && apiVersion === 'v1') return 'configmap';
  if (isOwnKind(object, CONFIG_KIND)) return 'config';
  if (isOwnKind(object, PROFILE_KIND)) return 'profile';
  return undefined;
}

/** Reads a functionConfig; a profile (kustomize generator mode) or nothing yields the defaults. */
export function readConfig(object: unknown): ConfigResult {
  switch (configSourceOf(object)) {
    case 'none':
    case 'profile':
      return { config: DEFAULT_CONFIG, issues: [] };
    case 'config': {
      const parsed = configObjectSchema.safeParse(object, { error: defaultMessage });
      return parsed.success ? { config: parsed.data.spec, issues: [] } : { config: DEFAULT_CONFIG, issues: toIssues(parsed.error.issues, configObjectSchema) };
    }
    case 'configmap':
      return readConfigMap((object as { data?: unknown }).data);
    default:
      return { config: DEFAULT_CONFIG, issues: [wrongKind(object)] };
  }
}

/** The error for a config object of a kind vmprofile does not take. */
export function wrongKind(object: unknown): Issue {
  const { apiVersion, kind } = (object ?? {}) as Record<string, unknown>;
  return error(
    'kind',
    `the function config is ${describeKind(apiVersion, kind)}; vmprofile takes a ${PROFILE_API_VERSION} ${CONFIG_KIND} or a v1 ConfigMap (see docs/configuration.md)`,
  );
}

function describeKind(apiVersion: unknown, kind: unknown): string {
  if (typeof kind !== 'string') return 'an object without a kind';
  return typeof apiVersion === 'string' ? `a ${apiVersion} ${kind}` : `a ${kind}`;
}

export type Leaf = 'string' | 'boolean' | 'map';

/** Every setting by its dotted name ("network.defaultUplink") → the kind of value it takes. */
export const SETTINGS: ReadonlyMap<string, Leaf> = new Map(
  Object.entries(configSpecSchema.shape).flatMap(([key, schema]) => leavesOf(key, schema._zod.def as unknown as Def)),
);

function leavesOf(path: string, wrapped: Def): [string, Leaf][] {
  const def = unwrap(wrapped);
  if (def.type === 'object') return Object.entries(def.shape ?? {}).flatMap(([key, child]) => leavesOf(`${path}.${key}`, child._zod.def));
  return [[path, def.type === 'boolean' ? 'boolean' : def.type === 'record' ? 'map' : 'string']];
}

function readConfigMap(data: unknown): ConfigResult {
  if (data === undefined || data === null) return { config: DEFAULT_CONFIG, issues: [] };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { config: DEFAULT_CONFIG, issues: [error('data', `must be a mapping of setting names to strings; got ${describeValue(data)}`)] };
  }
  const issues: Issue[] = [];
  const spec: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(data)) {
    const at = formatPath(['data', key]);
    const leaf = SETTINGS.get(key);
    if (!leaf) {
      issues.push(error(at, `unknown setting; the settings are ${[...SETTINGS.keys()].join(', ')}`));
      continue;
    }
    if (typeof raw !== 'string') {
      issues.push(error(at, `ConfigMap values are strings; got ${describeValue(raw)}`));
      continue;
    }
    const value = convertSetting(raw, leaf);
    if (value === undefined) {
      issues.push(error(at, settingFormatMessage(leaf, raw)));
      continue;
    }
    setPath(spec, key.split('.'), value);
  }
  if (issues.length > 0) return { config: DEFAULT_CONFIG, issues };
  const parsed = configSpecSchema.safeParse(spec, { error: defaultMessage });
  if (parsed.success) return { config: parsed.data, issues: [] };
  // Report against the ConfigMap key the value came from.
  return {
    config: DEFAULT_CONFIG,
    issues: toIssues(parsed.error.issues, configSpecSchema).map((issue) => ({ ...issue, field: configMapField(issue.field ?? '') })),
  };
}

/** A setting written as a string (ConfigMap, environment, Argo CD parameter) → its value, or undefined. */
export function convertSetting(raw: string, leaf: Leaf): unknown {
  if (leaf === 'string') return raw;
  if (leaf === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  const map: Record<string, string> = {};
  for (const entry of raw.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) return undefined;
    map[entry.slice(0, eq).trim()] = entry.slice(eq + 1).trim();
  }
  return map;
}

export function settingFormatMessage(leaf: Leaf, raw: string): string {
  return leaf === 'boolean' ? `must be "true" or "false"; got ${JSON.stringify(raw)}` : `must be written "key=value,key2=value2"; got ${JSON.stringify(raw)}`;
}

export function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

/** The setting a field path of the config spec belongs to ("network.uplinks[\"br1\"]" → "network.uplinks"). */
export function settingOf(specPath: string): string | undefined {
  return [...SETTINGS.keys()].find((candidate) => specPath === candidate || specPath.startsWith(candidate + '.') || specPath.startsWith(candidate + '['));
}

function configMapField(specPath: string): string {
  return formatPath(['data', settingOf(specPath) ?? specPath]);
}
