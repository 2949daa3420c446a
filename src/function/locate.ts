// Where a field is in the YAML an item was read from, so problems can be listed in the order they
// appear (and render can print their line).
import { type Node, type YAMLMap, isMap, isScalar, isSeq } from 'yaml';

/** The source offset of a field path such as spec.networks[1].vlanId in an item (or of the nearest part of it that exists). */
export function locate(node: YAMLMap, field: string): number {
  let current: Node = node;
  let offset = node.range?.[0] ?? 0;
  for (const [, key, index, quoted] of field.matchAll(/([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
    if (isSeq(current) && index !== undefined) {
      const next = current.items[Number(index)];
      if (!next || typeof next !== 'object') break;
      current = next as Node;
      offset = current.range?.[0] ?? offset;
    } else if (isMap(current)) {
      const name = key ?? (quoted !== undefined ? (JSON.parse(`"${quoted}"`) as string) : undefined);
      const pair = current.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === name);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      if (!pair.value || typeof pair.value !== 'object') break;
      current = pair.value as Node;
    } else {
      break;
    }
  }
  return offset;
}
