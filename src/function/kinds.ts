// Objects that were meant to be vmprofile's own but are not, through a typo in kind or apiVersion.
// Any other object passes through untouched, so without this check such a profile would pass
// through too, and its VM would silently never appear.
import { CONFIG_KIND } from '../config/schema.js';
import { type Issue, error } from '../issues.js';
import { PROFILE_API_VERSION, PROFILE_GROUP, PROFILE_KIND } from '../profile/schema.js';
import { closest, show } from '../text.js';

const KINDS = [PROFILE_KIND, CONFIG_KIND];
const PASS_THROUGH = 'as written it would pass through unrendered';

/**
 * The error for an object of our API group whose kind is not ours, or of our kind (or one close to
 * it) whose apiVersion is missing or close to ours; undefined for everything else, including our
 * own kinds (validated as such) and genuinely foreign objects.
 */
export function lookAlikeIssue(value: Record<string, unknown>): Issue | undefined {
  const { apiVersion, kind } = value;
  if (typeof kind !== 'string') return undefined;
  const slash = typeof apiVersion === 'string' ? apiVersion.indexOf('/') : -1;
  // "v1", "vm.example.com" and a missing apiVersion name no group.
  const group = slash > 0 ? (apiVersion as string).slice(0, slash) : undefined;
  const meant = closest(kind, KINDS);
  if (group === PROFILE_GROUP) {
    if (KINDS.includes(kind)) return undefined;
    const hint = meant ? `did you mean ${show(meant)}?` : `its kinds are ${KINDS.join(' and ')}`;
    return error('kind', `${show(kind)} is not a kind of ${PROFILE_GROUP}: ${hint} (${PASS_THROUGH})`);
  }
  if (!meant || (group !== undefined && closest(group, [PROFILE_GROUP]) === undefined)) return undefined;
  const written = typeof apiVersion === 'string' ? `${show(apiVersion)} is not vmprofile's API version` : 'is missing';
  const fix = kind === meant ? `apiVersion: ${PROFILE_API_VERSION}` : `apiVersion: ${PROFILE_API_VERSION} with kind: ${meant}`;
  return error('apiVersion', `${written}; did you mean ${fix}? (${PASS_THROUGH})`);
}
