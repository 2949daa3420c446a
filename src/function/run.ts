// The KRM function: ResourceList in → ResourceList out (SPEC §2, §6). Pure apart from its arguments;
// main.ts does the process I/O.
import type { YAMLMap } from 'yaml';
import { type Generated, expand } from '../expand/index.js';
import { MANAGED_BY, MANAGED_BY_LABEL, PROFILES_ANNOTATION, PROFILE_LABEL, profileKey } from '../expand/meta.js';
import type { GeneratedObject } from '../expand/types.js';
import { type Issue, hasErrors } from '../issues.js';
import { PROFILE_KIND, type Profile, isOwnKind } from '../profile/schema.js';
import { validateProfile } from '../profile/validate.js';
import { type FileRef, INDEX, LEGACY_INDEX, LEGACY_PATH, LOCAL_CONFIG, PATH, annotationsOf, fileOf } from './annotations.js';
import { type ConfigOptions, resolveConfig, toResult } from './config-source.js';
import { InputError, type Item, RESOURCE_LIST_API_VERSION, readResourceList, writeResourceList } from './resource-list.js';
import { maxInputBytes, tooLargeMessage } from './limits.js';
import { type Result, count, failureSummary } from './results.js';

export type RunOptions = ConfigOptions;

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
}

export function runFunction(input: string, options: RunOptions = {}): RunOutput {
  let list;
  try {
    if (input.length > maxInputBytes()) throw new InputError(tooLargeMessage('the input'));
    list = readResourceList(input);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return unreadableInput(err.message);
  }
  const echo = (results: Result[]): RunOutput => ({
    stdout: writeResourceList(list.apiVersion, list.items.map((item) => item.node), results),
    stderr: failureSummary(results),
    exitCode: 1,
  });
  try {
    const outcome = transform(list.items, list.functionConfig, options);
    const results = outcome.results.map(({ result }) => result);
    if (outcome.failed) return echo(results);
    return { stdout: writeResourceList(list.apiVersion, outcome.items, results), stderr: '', exitCode: 0 };
  } catch (err) {
    return echo([internalError(err)]);
  }
}

/** The answer when the input cannot be read at all (there are no items to echo). */
export function unreadableInput(message: string): RunOutput {
  const results: Result[] = [{ severity: 'error', message }];
  return { stdout: writeResourceList(RESOURCE_LIST_API_VERSION, [], results), stderr: failureSummary(results, false), exitCode: 1 };
}

/** A bug must not lose the user's items: they are echoed, and this says what happened. */
export function internalError(err: unknown): Result {
  const detail = process.env['VMPROFILE_DEBUG'] && err instanceof Error ? err.stack : String(err instanceof Error ? err.message : err);
  return { severity: 'error', message: `internal error: ${detail}; please report it (set VMPROFILE_DEBUG=1 for a stack trace)` };
}

type Role = 'profile' | 'generated' | 'other';

function roleOf(value: Record<string, unknown>): Role {
  if (isOwnKind(value, PROFILE_KIND)) return 'profile';
  const labels = (value['metadata'] as { labels?: Record<string, unknown> } | undefined)?.labels;
  return labels?.[MANAGED_BY_LABEL] === MANAGED_BY ? 'generated' : 'other';
}

/** Where an item came from: the file it was read from (render), else its path annotations (kpt). */
export function fileOfItem(item: Item): FileRef | undefined {
  return item.file ?? fileOf(item.value);
}

interface ProfileEntry {
  item: Item;
  profile?: Profile;
  order: number;
}

/** A result, with the item it is about (for render's file:line messages). */
export interface ItemResult {
  result: Result;
  item?: Item;
}

export interface Outcome {
  failed: boolean;
  /** Output items: pass-through nodes, kept profiles, generated objects (empty when failed). */
  items: (YAMLMap | GeneratedObject)[];
  results: ItemResult[];
}

export function transform(items: readonly Item[], functionConfig: unknown, options: RunOptions): Outcome {
  const resolved = resolveConfig(functionConfig, items, options);
  const config = resolved.config;
  // Config results first, then per profile in input order; stale-object notes last.
  const ordered: (ItemResult & { order: number })[] = resolved.results.map((result) => ({ order: -1, result }));
  const roles = items.map((item) => roleOf(item.value));
  const entries: ProfileEntry[] = [];
  const byProfile = new Map<Profile, ProfileEntry>();
  const report = (entry: ProfileEntry, issues: readonly Issue[]) =>
    ordered.push(...issues.map((issue) => ({ order: entry.order, result: toResult(entry.item.value, issue, fileOfItem(entry.item)), item: entry.item })));

  const seen = new Map<string, ProfileEntry>();
  items.forEach((item, i) => {
    if (roles[i] !== 'profile') return;
    const entry: ProfileEntry = { item, order: entries.length };
    entries.push(entry);
    const validation = validateProfile(item.value);
    report(entry, validation.issues);
    if (!validation.profile) return;
    const key = profileKey(validation.profile);
    const first = seen.get(key);
    if (first) {
      report(entry, [{ severity: 'error', field: 'metadata.name', message: `a profile named ${key} appears twice in the input${describeFile(first.item)}; names must be unique per namespace` }]);
      return;
    }
    seen.set(key, entry);
    if (hasErrors(validation.issues)) return;
    entry.profile = validation.profile;
    byProfile.set(validation.profile, entry);
  });

  const expansion = expand([...byProfile.keys()], config);
  for (const issue of expansion.issues) report(byProfile.get(issue.owner)!, [issue]);

  const generatedIds = new Map(expansion.objects.map((generated) => [identityOf(generated.object), generated]));
  const dropped = new Set<Item>();
  items.forEach((item, i) => {
    const generated = generatedIds.get(identityOf(item.value));
    if (roles[i] === 'other' && generated) {
      report(byProfile.get(generated.owners[0]!)!, [
        {
          severity: 'error',
          field: generated.field,
          message: `generates ${describeObject(generated.object)}, but the input already has that object${describeFile(item)} and vmprofile did not generate it; rename one of them`,
        },
      ]);
    } else if (roles[i] === 'generated') {
      // Our own output from an earlier render: replace it, or drop it once its profiles no longer
      // generate it. Unknown owners (another render's profiles, "+N more") keep it.
      if (generated) dropped.add(item);
      else if (ownersOf(item.value).every((owner) => seen.has(owner))) {
        dropped.add(item);
        const issue: Issue = { severity: 'info', message: `removed: no profile generates this ${String(item.value['kind'])} any more` };
        ordered.push({ order: entries.length, result: toResult(item.value, issue, fileOfItem(item)), item });
      }
    }
  });

  const results: ItemResult[] = ordered.sort((a, b) => a.order - b.order).map(({ result, item }) => (item ? { result, item } : { result }));
  if (results.some(({ result }) => result.severity === 'error')) return { failed: true, items: [], results };

  const byOwner = new Map<Profile, Generated[]>();
  for (const object of expansion.objects) {
    for (const owner of object.owners) {
      const mine = byOwner.get(owner);
      if (mine) mine.push(object);
      else byOwner.set(owner, [object]);
    }
  }
  for (const entry of entries) {
    const issue: Issue = { severity: 'info', message: `rendered ${summarize(byOwner.get(entry.profile!) ?? [])}` };
    results.push({ result: toResult(entry.item.value, issue, fileOfItem(entry.item)), item: entry.item });
  }

  const generatedItems = withPaths(expansion.objects, byProfile);
  const out: (YAMLMap | GeneratedObject)[] = [];
  items.forEach((item, i) => {
    if (dropped.has(item)) return;
    if (roles[i] === 'profile') {
      if (!config.keepProfiles) return;
      // Kept for kpt (its file stays) but never applied: orchestrators drop local-config objects.
      if (annotationsOf(item.value)[LOCAL_CONFIG] !== 'true') item.node.setIn(['metadata', 'annotations', LOCAL_CONFIG], 'true');
    }
    out.push(item.node);
  });
  out.push(...generatedItems);
  return { failed: false, items: out, results };
}

function identityOf(value: unknown): string {
  const { apiVersion, kind, metadata } = (value ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return JSON.stringify([group, kind, metadata?.namespace ?? '', metadata?.name]);
}

function ownersOf(value: Record<string, unknown>): string[] {
  const listed = annotationsOf(value)[PROFILES_ANNOTATION];
  if (typeof listed === 'string' && listed !== '') return listed.split(',');
  const metadata = value['metadata'] as { labels?: Record<string, unknown>; namespace?: unknown } | undefined;
  const name = metadata?.labels?.[PROFILE_LABEL];
  if (typeof name !== 'string') return [''];
  return [typeof metadata?.namespace === 'string' && metadata.namespace ? `${metadata.namespace}/${name}` : name];
}

function describeObject(object: GeneratedObject): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

function describeFile(item: Item): string {
  const file = fileOfItem(item);
  return file ? ` (${file.path}${file.index ? ` #${file.index}` : ''})` : '';
}

function summarize(objects: readonly Generated[]): string {
  const counts = new Map<string, number>();
  for (const { object } of objects) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => count(n, kind)).join(', ');
}

/**
 * kpt writes new objects to the file in their path annotation: per profile
 * <profile dir>/generated/[<namespace>/]<profile>.yaml, shared NADs and NNCPs in *.shared.yaml
 * beside them (profile names cannot contain ".", so the names never clash).
 */
function withPaths(objects: readonly Generated[], entries: ReadonlyMap<Profile, ProfileEntry>): GeneratedObject[] {
  const nextIndex = new Map<string, number>();
  return objects.map(({ object, owners }) => {
    const owner = owners[0]!;
    const profileFile = fileOfItem(entries.get(owner)!.item)?.path ?? '';
    const dir = profileFile.includes('/') ? profileFile.slice(0, profileFile.lastIndexOf('/') + 1) : '';
    const nsDir = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
    const file =
      object.kind === 'NodeNetworkConfigurationPolicy'
        ? 'node-network.shared.yaml'
        : object.kind === 'NetworkAttachmentDefinition'
          ? `${nsDir}network-attachments.shared.yaml`
          : `${nsDir}${owner.metadata.name}.yaml`;
    const path = `${dir}generated/${file}`;
    const index = String(nextIndex.get(path) ?? 0);
    nextIndex.set(path, Number(index) + 1);
    const annotations = { ...object.metadata.annotations, [PATH]: path, [INDEX]: index, [LEGACY_PATH]: path, [LEGACY_INDEX]: index };
    return { ...object, metadata: { ...object.metadata, annotations } } as GeneratedObject;
  });
}
