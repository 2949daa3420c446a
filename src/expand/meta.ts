// Labels and annotations that tie generated objects to their profiles.
import type { Profile } from '../profile/schema.js';
import { profileKey } from '../profile/semantics.js';
import type { ObjectMeta } from './types.js';

/** The seed's troubleshooting command is `kubectl get vm,vmi,pvc,nad -l vmprofile=<name>`. */
export const PROFILE_LABEL = 'vmprofile';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'vmprofile';
/** On objects shared by several profiles (NADs, NNCPs): the profiles, sorted, comma-separated. */
export const PROFILES_ANNOTATION = 'vm.example.com/profiles';
// Annotations may hold 256 KiB in all; a bridge shared by a whole fleet must not hit that.
const MAX_LISTED_PROFILES = 50;
export const ANTI_AFFINITY_GROUP_LABEL = 'vm.example.com/anti-affinity-group';

/** Metadata of an object that belongs to one profile. */
export function ownedMetadata(profile: Profile, name: string): ObjectMeta {
  return {
    name,
    ...(profile.metadata.namespace ? { namespace: profile.metadata.namespace } : {}),
    labels: { [PROFILE_LABEL]: profile.metadata.name, [MANAGED_BY_LABEL]: MANAGED_BY },
  };
}

/** Metadata of an object several profiles may share; owners must be sorted. */
export function sharedMetadata(name: string, namespace: string | undefined, owners: readonly Profile[]): ObjectMeta {
  const labels: Record<string, string> = {};
  if (owners.length === 1) labels[PROFILE_LABEL] = owners[0]!.metadata.name;
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels,
    annotations: { [PROFILES_ANNOTATION]: listProfiles(owners) },
  };
}

/** "a,b,c", or the first MAX_LISTED_PROFILES and "+N more". */
function listProfiles(owners: readonly Profile[]): string {
  const keys = owners.slice(0, MAX_LISTED_PROFILES).map(profileKey);
  if (owners.length > MAX_LISTED_PROFILES) keys.push(`+${owners.length - MAX_LISTED_PROFILES} more`);
  return keys.join(',');
}
