// The write step's content: which input items stay, the generated objects with the files kpt
// writes them to, and a note per profile of what it rendered.
import type { Config } from '../config/schema.js';
import type { Generated } from '../expand/index.js';
import type { GeneratedObject } from '../expand/types.js';
import { INDEX, LEGACY_INDEX, LEGACY_PATH, LOCAL_CONFIG, PATH, WARNINGS_ANNOTATION, annotationsOf } from '../kube.js';
import type { Profile } from '../profile/schema.js';
import { count } from '../text.js';
import { type ItemResult, type ProfileEntry, type Role, fileOfItem } from './profiles.js';
import type { Item } from './resource-list.js';
import { type Result, toResult } from './results.js';
import type { YAMLMap } from 'yaml';

/** Pass-through items and kept profiles (marked local-config), then the generated objects. */
export function outputItems(
  items: readonly Item[],
  roles: readonly Role[],
  dropped: ReadonlySet<Item>,
  generated: readonly Generated[],
  entries: ReadonlyMap<Profile, ProfileEntry>,
  config: Config,
  warnings: ReadonlyMap<Item, readonly Result[]>,
): (YAMLMap | GeneratedObject)[] {
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
  out.push(...withPaths(generated, entries).map((object, i) => withWarnings(object, warnings.get(entries.get(generated[i]!.owners[0]!)!.item))));
  return out;
}

/** Argo CD shows no function results and no stderr of a successful render; it shows annotations. */
function withWarnings(object: GeneratedObject, warnings: readonly Result[] | undefined): GeneratedObject {
  if (object.kind !== 'VirtualMachine' || !warnings || warnings.length === 0) return object;
  const text = warnings.map((result) => (result.field ? `${result.field.path}: ${result.message}` : result.message)).join('\n');
  return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [WARNINGS_ANNOTATION]: text } } };
}

/** "rendered 1 DataVolume, 1 VirtualMachine" for every profile, in input order. */
export function renderedNotes(entries: readonly ProfileEntry[], valid: ReadonlyMap<Profile, ProfileEntry>, generated: readonly Generated[]): ItemResult[] {
  const byEntry = new Map<ProfileEntry, Generated[]>();
  for (const object of generated) {
    for (const owner of object.owners) {
      const entry = valid.get(owner)!;
      const mine = byEntry.get(entry);
      if (mine) mine.push(object);
      else byEntry.set(entry, [object]);
    }
  }
  return entries.map((entry) => ({
    result: toResult(entry.item.value, { severity: 'info', message: `rendered ${summarize(byEntry.get(entry) ?? [])}` }, fileOfItem(entry.item)),
    item: entry.item,
  }));
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
