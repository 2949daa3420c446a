// Change impact: two renders in (the objects before and after a change in Git), every changed field
// with the one impact it has on running VMs out. Pure: no files, git or network.
import { objectKey } from '../kube.js';
import { compareStrings } from '../text.js';
import { fieldChanges } from './fields.js';
import { IMPACTS, type Impact, type Obj, type RenderView, classifyAdded, classifyField, classifyRemoved } from './rules.js';

export { IMPACTS, type Impact } from './rules.js';

export interface Change {
  /** "<namespace>/<name>" or "<name>" of the profile the object belongs to; null for shared objects. */
  profile: string | null;
  kind: string;
  namespace: string | null;
  name: string;
  /** The changed field; "" for an added or removed object. */
  field: string;
  before: unknown;
  after: unknown;
  impact: Impact;
  why: string;
}

export interface Impacts {
  changes: Change[];
  summary: Partial<Record<Impact, number>>;
}

function view(objects: readonly Obj[]): RenderView & { byKey: Map<string, Obj> } {
  const byKey = new Map(objects.map((object) => [objectKey(object), object]));
  const byName = new Map(objects.map((o) => [`${o['kind']}/${o['metadata']?.['namespace'] ?? ''}/${o['metadata']?.['name']}`, o]));
  return { byKey, find: (kind, namespace, name) => byName.get(`${kind}/${namespace ?? ''}/${name}`) };
}

function profileOf(object: Obj): string | null {
  const owner = object['metadata']?.['labels']?.['vmprofile'];
  if (typeof owner !== 'string') return null;
  // Shared objects name all their profiles in an annotation; a single-owner NAD still belongs to no one profile.
  if (object['metadata']['annotations']?.['vm.example.com/profiles'] !== undefined) return null;
  const namespace = object['metadata']['namespace'];
  return namespace ? `${namespace}/${owner}` : owner;
}

export function classifyChanges(base: readonly Obj[], head: readonly Obj[]): Impacts {
  const before = view(base);
  const after = view(head);
  const changes: Change[] = [];
  const describe = (object: Obj) => ({
    profile: profileOf(object),
    kind: String(object['kind']),
    namespace: (object['metadata']?.['namespace'] as string | undefined) ?? null,
    name: String(object['metadata']?.['name']),
  });
  for (const [key, old] of before.byKey) {
    const now = after.byKey.get(key);
    if (!now) {
      changes.push({ ...describe(old), field: '', before: null, after: null, ...classifyRemoved(old) });
      continue;
    }
    for (const change of fieldChanges(old, now)) {
      changes.push({ ...describe(now), field: change.path, before: change.before ?? null, after: change.after ?? null, ...classifyField(change, now, old, after) });
    }
  }
  for (const [key, object] of after.byKey) {
    if (!before.byKey.has(key)) changes.push({ ...describe(object), field: '', before: null, after: null, ...classifyAdded(object, before) });
  }
  changes.sort(
    (a, b) =>
      IMPACTS.indexOf(a.impact) - IMPACTS.indexOf(b.impact) ||
      compareStrings(a.profile ?? '', b.profile ?? '') ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.namespace ?? '', b.namespace ?? '') ||
      compareStrings(a.name, b.name) ||
      compareStrings(a.field, b.field),
  );
  const summary: Partial<Record<Impact, number>> = {};
  for (const impact of IMPACTS) {
    const n = changes.filter((change) => change.impact === impact).length;
    if (n > 0) summary[impact] = n;
  }
  return { changes, summary };
}
