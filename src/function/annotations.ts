// Annotations the orchestrators (kustomize, kpt) use for bookkeeping; see reference
// krm-functions-and-gitops.md §1 "Annotations" and SPEC §2.

export const PATH = 'internal.config.kubernetes.io/path';
export const INDEX = 'internal.config.kubernetes.io/index';
export const LEGACY_PATH = 'config.kubernetes.io/path';
export const LEGACY_INDEX = 'config.kubernetes.io/index';
export const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

type Annotated = { metadata?: { annotations?: Record<string, unknown> } };

export function annotationsOf(value: unknown): Record<string, unknown> {
  const annotations = (value as Annotated | null)?.metadata?.annotations;
  return annotations && typeof annotations === 'object' && !Array.isArray(annotations) ? annotations : {};
}

export interface FileRef {
  path: string;
  index?: number;
}

/** Where the item came from, as kpt and kustomize annotate it (new or legacy keys). */
export function fileOf(value: unknown): FileRef | undefined {
  const annotations = annotationsOf(value);
  const path = annotations[PATH] ?? annotations[LEGACY_PATH];
  if (typeof path !== 'string' || path === '') return undefined;
  const index = Number(annotations[INDEX] ?? annotations[LEGACY_INDEX]);
  return Number.isInteger(index) && index > 0 ? { path, index } : { path };
}
