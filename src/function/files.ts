// Which files `vmprofile render` and `vmprofile diff` read: manifests, folders walked recursively in a
// stable order, hidden entries skipped.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from '../text.js';

const MANIFEST = /\.(ya?ml|json)$/;

/** A path inside a folder that the walk reads (for file lists that come from elsewhere, e.g. git). */
export function isManifestPath(path: string): boolean {
  return MANIFEST.test(path) && !path.split('/').some((segment) => segment.startsWith('.') && segment !== '.' && segment !== '..');
}

/** Files in a stable order: as named, folders walked recursively in code-point order. */
export function manifestFiles(path: string): string[] {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => compareStrings(a.name, b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return manifestFiles(child);
      return MANIFEST.test(entry.name) ? [child] : [];
    });
}
