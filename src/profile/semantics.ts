// What profile fields mean when combined with their defaults. Validation (rules.ts) and expansion
// both ask these functions, so the documented meaning lives in exactly one place.
import { compareStrings } from '../text.js';
import { INSTANCETYPE_KINDS, PREFERENCE_KINDS, type PodBinding, type Profile, type ProfileSpec, type RunStrategy } from './schema.js';

/** "namespace/name", or "name" for a profile without a namespace. */
export function profileKey(profile: Profile): string {
  const { namespace, name } = profile.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

export function compareProfiles(a: Profile, b: Profile): number {
  return compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compareStrings(a.metadata.name, b.metadata.name);
}

/** The boot disk: the one marked boot: true, else the first disk; -1 when there are no disks. */
export function bootDiskIndex(spec: ProfileSpec): number {
  const marked = spec.disks.findIndex((disk) => disk.boot === true);
  return marked >= 0 ? marked : spec.disks.length > 0 ? 0 : -1;
}

/** The image a disk is imported from: its own, or spec.osImage for the boot disk (plan/storage.ts lets another source win). */
export function diskImage(spec: ProfileSpec, index: number): string | undefined {
  return spec.disks[index]?.image ?? (index === bootDiskIndex(spec) ? spec.osImage : undefined);
}

export interface PodNetwork {
  binding: PodBinding;
  ports: { name?: string; port: number; protocol?: 'TCP' | 'UDP' }[] | undefined;
}

/** The pod network: asked for (true or an object), or by default when the profile has no networks. */
export function podNetworkOf(spec: ProfileSpec): PodNetwork | undefined {
  const pod = spec.podNetwork ?? spec.networks.length === 0;
  if (pod === false) return undefined;
  return pod === true ? { binding: 'masquerade', ports: undefined } : { binding: pod.binding ?? 'masquerade', ports: pod.ports };
}

/** The disk and volume that carry cloud-init's data; no profile disk may take the name. */
export const CLOUD_INIT_DISK = 'cloudinitdisk';

/** The name the pod network has in the VM (virtctl and KubeVirt's examples use "default"). */
export const POD_NETWORK_NAME = 'default';

interface Matcher {
  name: string;
  kind: string;
}

function matcherOf(value: string | { name: string; kind?: string | undefined } | undefined, defaultKind: string): Matcher | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? { name: value, kind: defaultKind } : { name: value.name, kind: value.kind ?? defaultKind };
}

/** Cluster-scoped kinds are the default, as in KubeVirt's InstancetypeMatcher. */
export function instancetypeOf(spec: ProfileSpec): Matcher | undefined {
  return matcherOf(spec.instancetype, INSTANCETYPE_KINDS[0]);
}

export function preferenceOf(spec: ProfileSpec): Matcher | undefined {
  return matcherOf(spec.preference, PREFERENCE_KINDS[0]);
}

export const RESTART_POLICY_RUN_STRATEGY = {
  Always: 'Always',
  OnFailure: 'RerunOnFailure',
  Never: 'Once',
} as const satisfies Record<string, RunStrategy>;

/** SPEC §5.1: runStrategy if given; autoStart: false → Halted; else from restartPolicy; else Always. */
export function runStrategyOf(spec: ProfileSpec): RunStrategy {
  const start = spec.startStrategy;
  if (start?.runStrategy) return start.runStrategy;
  if (start?.autoStart === false) return 'Halted';
  const policy = spec.highAvailability?.restartPolicy;
  return policy ? RESTART_POLICY_RUN_STRATEGY[policy] : 'Always';
}

/** Anti-affinity spreads VMs of one group: the explicit group, else the profile's app label, else its name. */
export function antiAffinityGroupOf(profile: Profile): string {
  return profile.spec.highAvailability?.antiAffinityGroup ?? profile.metadata.labels?.['app'] ?? profile.metadata.name;
}

export function hostnameOf(profile: Profile): string {
  return profile.spec.hostname ?? profile.metadata.name;
}

/** Guest interface names follow interface order, the pod network first: eth0, eth1, … (matched by MAC in cloud-init). */
export function guestInterfaceName(index: number): string {
  return `eth${index}`;
}
