// Kubernetes object conventions every layer may use: an object's identity, and the annotations the
// orchestrators (kustomize, kpt, kubectl) and vmprofile itself keep on objects for bookkeeping
// (reference krm-functions-and-gitops.md §1 "Annotations", SPEC §2).

export const PATH = 'internal.config.kubernetes.io/path';
export const INDEX = 'internal.config.kubernetes.io/index';
export const LEGACY_PATH = 'config.kubernetes.io/path';
export const LEGACY_INDEX = 'config.kubernetes.io/index';
export const LOCAL_CONFIG = 'config.kubernetes.io/local-config';
/** Only kpt sets it (on every item it reads from a package); kustomize does not. */
export const PACKAGE_PATH = 'internal.config.kubernetes.io/package-path';
/** On a generated VirtualMachine: its profile's warnings, one per line, where Argo CD's UI shows them. */
export const WARNINGS_ANNOTATION = 'vm.example.com/warnings';
/** On a profile used as a kustomize generator: the function config file, relative to the working directory. */
export const CONFIG_FILE_ANNOTATION = 'vm.example.com/config';

// Where an object came from and what its id was during a build: never part of applied manifests.
const BOOKKEEPING_PREFIXES = ['internal.config.kubernetes.io/'];
const BOOKKEEPING_KEYS = new Set([LEGACY_PATH, LEGACY_INDEX, 'config.k8s.io/id', 'kustomize.config.k8s.io/id']);
// Instructions to the orchestrators, and our own to the function: they belong to the object they are on.
const INSTRUCTION_PREFIXES = ['config.kubernetes.io/', 'config.k8s.io/', 'kustomize.config.k8s.io/'];
const INSTRUCTION_KEYS = new Set(['kubectl.kubernetes.io/last-applied-configuration', CONFIG_FILE_ANNOTATION]);

/** Build bookkeeping that `vmprofile render` strips from what it prints. */
export function isBookkeeping(key: string): boolean {
  return BOOKKEEPING_KEYS.has(key) || BOOKKEEPING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** Annotations a generated object never inherits from its profile. */
export function isOrchestratorAnnotation(key: string): boolean {
  return isBookkeeping(key) || INSTRUCTION_KEYS.has(key) || INSTRUCTION_PREFIXES.some((prefix) => key.startsWith(prefix));
}

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

/** Group, kind, namespace and name: what makes two objects the same object in a cluster. */
export function objectKey(value: unknown): string {
  const { apiVersion, kind, metadata } = (value ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return JSON.stringify([group, kind, metadata?.namespace ?? '', metadata?.name]);
}
