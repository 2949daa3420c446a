// `vmprofile render [PATH…]`: manifests read from files (profiles among them) → a plain YAML stream,
// for Argo CD apps without a kustomization, CI, or a quick look. Problems are reported as
// "file:line: field: message" on stderr. Pure: main.ts reads the files.
import { type Document, LineCounter, type Node, type YAMLMap, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { CONFIG_KIND } from '../config/schema.js';
import type { GeneratedObject } from '../expand/types.js';
import { LOCAL_CONFIG, annotationsOf, isBookkeeping } from '../kube.js';
import { PROFILE_KIND, isOwnKind } from '../profile/schema.js';
import { count } from '../text.js';
import { type ItemResult, fileOfItem } from './profiles.js';
import { InputError, type Item, prepareDocument, toPlain } from './resource-list.js';
import { type RunOptions, type RunOutput, internalError, transform } from './run.js';
import { PARSE_OPTIONS, outputDocument, stringify } from './yaml.js';

export interface SourceFile {
  /** As the user named it (shown in messages); "-" input is "<stdin>". */
  path: string;
  text: string;
}

export function renderFiles(files: readonly SourceFile[], options: RunOptions): RunOutput {
  const rendered = renderApplicable(files, options);
  if ('exitCode' in rendered) return rendered;
  const documents = rendered.objects.map(({ item }) => toDocument(item));
  return { stdout: documents.join('---\n'), stderr: rendered.stderr, exitCode: 0 };
}

/** What renderFiles prints, as plain objects without bookkeeping (for vmprofile diff: no YAML round trip). */
export function renderObjects(files: readonly SourceFile[], options: RunOptions): RunOutput | { objects: Record<string, unknown>[]; stderr: string } {
  const rendered = renderApplicable(files, options);
  if ('exitCode' in rendered) return rendered;
  return { objects: rendered.objects.map(({ value }) => withoutBookkeeping(value)), stderr: rendered.stderr };
}

function withoutBookkeeping(value: Record<string, unknown>): Record<string, unknown> {
  const metadata = value['metadata'] as { annotations?: Record<string, unknown> } | undefined;
  if (!metadata?.annotations || !Object.keys(metadata.annotations).some(isBookkeeping)) return value;
  const annotations = Object.fromEntries(Object.entries(metadata.annotations).filter(([key]) => !isBookkeeping(key)));
  const { annotations: _, ...rest } = metadata;
  return { ...value, metadata: Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest };
}

interface Applicable {
  item: YAMLMap | GeneratedObject;
  value: Record<string, unknown>;
}

function renderApplicable(files: readonly SourceFile[], options: RunOptions): RunOutput | { objects: Applicable[]; stderr: string } {
  const problems: string[] = [];
  const items: Item[] = [];
  for (const file of files) items.push(...readFile(file, problems));
  const configs = items.filter((item) => isOwnKind(item.value, CONFIG_KIND));
  if (configs.length > 1) {
    problems.push(`${configs.map((item) => fileOfItem(item)!.path).join(', ')}: ${configs.length} ${CONFIG_KIND}s; keep one`);
  }
  if (problems.length > 0) return failure(problems, problems.length);

  let outcome;
  try {
    outcome = transform(
      items.filter((item) => !configs.includes(item)),
      configs[0]?.value,
      options,
    );
  } catch (err) {
    return failure([internalError(err, options.debug).message], 1);
  }
  const shown = outcome.results.filter(({ result }) => result.severity !== 'info');
  const messages = shown.map(describe);
  if (outcome.failed) return failure(messages, shown.filter(({ result }) => result.severity === 'error').length);
  // Output nodes are the input items' nodes; their plain values were read once already.
  const values = new Map<unknown, Record<string, unknown>>(items.map((item) => [item.node, item.value]));
  const objects = outcome.items
    .map((item) => ({ item, value: isMap(item) ? values.get(item)! : (item as unknown as Record<string, unknown>) }))
    .filter(({ value }) => isApplicable(value));
  return { objects, stderr: messages.map((line) => `${line}\n`).join('') };
}

function failure(messages: readonly string[], errors: number): RunOutput {
  return { stdout: '', stderr: [...messages, `vmprofile: ${count(errors, 'error')}; nothing was rendered`].map((line) => `${line}\n`).join(''), exitCode: 1 };
}

function readFile(file: SourceFile, problems: string[]): Item[] {
  const lines = new LineCounter();
  const at = (offset: number | undefined) => `${file.path}:${offset === undefined ? 1 : lines.linePos(offset).line}`;
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(file.text, { ...PARSE_OPTIONS, lineCounter: lines });
    docs = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
  } catch {
    problems.push(`${file.path}:1: the file is nested too deeply to be a Kubernetes manifest`);
    return [];
  }
  const items: Item[] = [];
  docs.forEach((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const message = error.message.includes('Maximum call stack') ? 'nested too deeply to be a Kubernetes manifest' : `not valid YAML: ${error.message.split('\n')[0]}`;
      problems.push(`${at(error.pos[0])}: ${message}`);
      return;
    }
    if (doc.contents === null) return;
    let value: unknown;
    try {
      value = toPlain(doc);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(`${at(doc.contents.range?.[0])}: ${err.message}`);
      return;
    }
    if (!isMap(doc.contents) || typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${at(doc.contents.range?.[0])}: not a Kubernetes object (expected a mapping)`);
      return;
    }
    prepareDocument(doc, file.text);
    items.push({ node: doc.contents as YAMLMap, value: value as Record<string, unknown>, file: index > 0 ? { path: file.path, index } : { path: file.path }, lines });
  });
  return items;
}

// Build configuration of kustomize and kpt, never applied to a cluster.
const BUILD_GROUPS = new Set(['kustomize.config.k8s.io', 'kpt.dev', 'fn.kpt.dev', 'config.kubernetes.io']);

/** Manifests to apply only: no profiles, no local-config objects, no build config, nothing without a kind. */
function isApplicable(value: object): boolean {
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return false;
  return !isOwnKind(value, PROFILE_KIND) && !BUILD_GROUPS.has(apiVersion.split('/')[0]!) && annotationsOf(value)[LOCAL_CONFIG] !== 'true';
}

function toDocument(item: YAMLMap | GeneratedObject): string {
  const doc = outputDocument();
  if (isMap(item)) {
    const annotations = item.getIn(['metadata', 'annotations'], true);
    if (isMap(annotations)) {
      for (const pair of [...annotations.items]) if (isScalar(pair.key) && isBookkeeping(String(pair.key.value))) annotations.delete(pair.key);
      if (annotations.items.length === 0) item.deleteIn(['metadata', 'annotations']);
    }
    doc.contents = item;
  } else {
    const annotations = Object.fromEntries(Object.entries(item.metadata.annotations ?? {}).filter(([key]) => !isBookkeeping(key)));
    const metadata = { ...item.metadata, annotations };
    if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
    doc.contents = doc.createNode({ ...item, metadata }, { aliasDuplicateObjects: false });
  }
  return stringify(doc);
}

/** "file:line: field: message", pointing at the field (or the nearest part of it that exists). */
function describe({ result, item }: ItemResult): string {
  const field = result.field?.path;
  let where = result.file?.path ?? 'vmprofile';
  if (item?.lines && item.file) where = `${item.file.path}:${item.lines.linePos(locate(item.node, field ?? '')).line}`;
  const severity = result.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${severity}${field ? `${field}: ` : ''}${result.message}`;
}

/** The source offset of a field path such as spec.networks[1].vlanId in an item. */
function locate(node: YAMLMap, field: string): number {
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
