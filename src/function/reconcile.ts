// What the input already holds of the output: our own objects from an earlier render are replaced,
// or dropped once no profile generates them; someone else's object of the same identity is an error.
import type { Generated } from '../expand/index.js';
import { PROFILES_ANNOTATION, PROFILE_LABEL } from '../expand/meta.js';
import type { GeneratedObject } from '../expand/types.js';
import { annotationsOf, objectKey } from '../kube.js';
import { type OrderedResult, type Role, type ValidatedProfiles, describeFile, fileOfItem, resultsFor } from './profiles.js';
import type { Item } from './resource-list.js';
import { toResult } from './results.js';

interface Reconciled {
  /** Input items the output does not keep. */
  dropped: Set<Item>;
  results: OrderedResult[];
}

export function reconcile(items: readonly Item[], roles: readonly Role[], generated: readonly Generated[], profiles: ValidatedProfiles): Reconciled {
  const byKey = new Map(generated.map((g) => [objectKey(g.object), g]));
  const out: Reconciled = { dropped: new Set(), results: [] };
  items.forEach((item, i) => {
    const mine = byKey.get(objectKey(item.value));
    if (roles[i] === 'other' && mine) {
      out.results.push(
        ...resultsFor(profiles.valid.get(mine.owners[0]!)!, [
          {
            severity: 'error',
            field: mine.field,
            message: `generates ${describeObject(mine.object)}, but the input already has that object${describeFile(item)} and vmprofile did not generate it; rename one of them`,
          },
        ]),
      );
    } else if (roles[i] === 'generated') {
      // Unknown owners (another render's profiles, "+N more") keep an object no profile here generates.
      if (mine) out.dropped.add(item);
      else if (ownersOf(item.value).every((owner) => profiles.keys.has(owner))) {
        out.dropped.add(item);
        const result = toResult(item.value, { severity: 'info', message: `removed: no profile generates this ${String(item.value['kind'])} any more` }, fileOfItem(item));
        out.results.push({ order: items.length, result, item });
      }
    }
  });
  return out;
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
