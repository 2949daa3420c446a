// What profile fields mean when combined with their defaults. Validation (rules.ts) and expansion
// both ask these functions, so the documented meaning lives in exactly one place.
import { compareStrings } from '../text.js';
import type { Profile, ProfileSpec, RunStrategy } from './schema.js';

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

/** The image a disk is imported from: its own, or spec.osImage for the boot disk. */
export function diskImage(spec: ProfileSpec, index: number): string | undefined {
  return spec.disks[index]?.image ?? (index === bootDiskIndex(spec) ? spec.osImage : undefined);
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

/** Guest interface names follow network order: eth0, eth1, … (matched by MAC in cloud-init). */
export function guestInterfaceName(index: number): string {
  return `eth${index}`;
}
