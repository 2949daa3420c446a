// The validate step: which items are profiles, which of them are valid, and what is wrong with the
// others (schema, rules, a name used twice).
import { type Issue, hasErrors } from '../issues.js';
import { type FileRef, fileOf } from '../kube.js';
import { PROFILE_KIND, type Profile, isOwnKind } from '../profile/schema.js';
import { profileKey } from '../profile/semantics.js';
import { validateProfile } from '../profile/validate.js';
import { MANAGED_BY, MANAGED_BY_LABEL } from '../expand/meta.js';
import type { Item } from './resource-list.js';
import { type Result, toResult } from './results.js';

/** profile: ours to expand; generated: our output of an earlier render; other: passes through. */
export type Role = 'profile' | 'generated' | 'other';

export function roleOf(value: Record<string, unknown>): Role {
  if (isOwnKind(value, PROFILE_KIND)) return 'profile';
  const labels = (value['metadata'] as { labels?: Record<string, unknown> } | undefined)?.labels;
  return labels?.[MANAGED_BY_LABEL] === MANAGED_BY ? 'generated' : 'other';
}

/** Where an item came from: the file it was read from (render), else its path annotations (kpt). */
export function fileOfItem(item: Item): FileRef | undefined {
  return item.file ?? fileOf(item.value);
}

export function describeFile(item: Item): string {
  const file = fileOfItem(item);
  return file ? ` (${file.path}${file.index ? ` #${file.index}` : ''})` : '';
}

/** A result, with the item it is about (for render's file:line messages). */
export interface ItemResult {
  result: Result;
  item?: Item;
}

/** Results are reported per item in input order; `order` is the item's index in the input. */
export interface OrderedResult extends ItemResult {
  order: number;
}

export interface ProfileEntry {
  item: Item;
  order: number;
}

export interface ValidatedProfiles {
  /** Every profile item, in input order. */
  entries: ProfileEntry[];
  /** The valid profiles, each with its entry. */
  valid: Map<Profile, ProfileEntry>;
  /** Keys (namespace/name) of every well-formed profile, valid or not. */
  keys: Set<string>;
  results: OrderedResult[];
}

export function resultsFor(entry: ProfileEntry, issues: readonly Issue[]): OrderedResult[] {
  return issues.map((issue) => ({ order: entry.order, result: toResult(entry.item.value, issue, fileOfItem(entry.item)), item: entry.item }));
}

export function validateProfiles(items: readonly Item[], roles: readonly Role[]): ValidatedProfiles {
  const out: ValidatedProfiles = { entries: [], valid: new Map(), keys: new Set(), results: [] };
  const firstByKey = new Map<string, ProfileEntry>();
  items.forEach((item, i) => {
    if (roles[i] !== 'profile') return;
    const entry: ProfileEntry = { item, order: i };
    out.entries.push(entry);
    const validation = validateProfile(item.value);
    out.results.push(...resultsFor(entry, validation.issues));
    if (!validation.profile) return;
    const key = profileKey(validation.profile);
    const first = firstByKey.get(key);
    if (first) {
      out.results.push(
        ...resultsFor(entry, [{ severity: 'error', field: 'metadata.name', message: `a profile named ${key} appears twice in the input${describeFile(first.item)}; names must be unique per namespace` }]),
      );
      return;
    }
    firstByKey.set(key, entry);
    out.keys.add(key);
    if (!hasErrors(validation.issues)) out.valid.set(validation.profile, entry);
  });
  return out;
}
