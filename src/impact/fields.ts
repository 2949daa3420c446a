// Field-level differences between two versions of one object. Lists whose items are named (volumes,
// interfaces, dataVolumeTemplates…) are paired by name, so inserting a disk shows as one added item,
// not as every later item changing; other lists compare as a whole.
import { isDeepStrictEqual } from 'node:util';

export interface FieldChange {
  /** Dotted path; named list items as [name], e.g. spec.template.spec.volumes[system].dataVolume.name. */
  path: string;
  /** Path segments (a named item's segment is its name), for rules that match on structure. */
  segments: string[];
  before: unknown;
  after: unknown;
}

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

function itemName(item: unknown): string | undefined {
  if (!isObject(item)) return undefined;
  const name = item['name'] ?? (isObject(item['metadata']) ? item['metadata']['name'] : undefined);
  return typeof name === 'string' ? name : undefined;
}

function namedItems(list: readonly unknown[]): Map<string, unknown> | undefined {
  const byName = new Map<string, unknown>();
  for (const item of list) {
    const name = itemName(item);
    if (name === undefined || byName.has(name)) return undefined;
    byName.set(name, item);
  }
  return byName;
}

/** Every leaf that differs; an object or named item present on one side only is one change. */
export function fieldChanges(before: unknown, after: unknown, segments: string[] = [], path = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => fieldChanges(before[key], after[key], [...segments, key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = namedItems(before);
    const b = namedItems(after);
    if (a && b) {
      const names = [...new Set([...a.keys(), ...b.keys()])];
      return names.flatMap((name) => fieldChanges(a.get(name), b.get(name), [...segments, name], `${path}[${name}]`));
    }
  }
  return isDeepStrictEqual(before, after) ? [] : [{ path, segments, before, after }];
}
