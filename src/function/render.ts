// `vmprofile render [PATH…]`: manifests read from files (profiles among them) → a plain YAML stream,
// for Argo CD apps without a kustomization, CI, or a quick look. Problems are reported as
// "file:line: field: message" on stderr. Pure: main.ts reads the files.
import { type Document, LineCounter, type YAMLMap, isMap, isScalar, parseAllDocuments } from 'yaml';
import { CONFIG_KIND } from '../config/schema.js';
import type { GeneratedObject } from '../expand/types.js';
import { LOCAL_CONFIG, annotationsOf, isBookkeeping } from '../kube.js';
import { PROFILE_KIND, isOwnKind } from '../profile/schema.js';
import { count, yamlErrorReason } from '../text.js';
import { locate } from './locate.js';
import type { ItemResult } from './profiles.js';
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
  const problems: Problem[] = [];
  const items: Item[] = [];
  for (const file of files) items.push(...readFile(file, problems));
  const configs = items.filter((item) => isOwnKind(item.value, CONFIG_KIND));
  for (const extra of configs.slice(1)) {
    problems.push({
      ...where(extra),
      text: `${CONFIG_KIND} ${nameOf(extra)} is a second function config; the first is ${nameOf(configs[0]!)} at ${where(configs[0]!).at}: keep one`,
    });
  }
  if (problems.length > 0) return failure(inFileOrder(problems, files), problems.length);

  let outcome;
  try {
    outcome = transform(
      items.filter((item) => !configs.includes(item)),
      configs[0]?.value,
      options,
      configs[0],
    );
  } catch (err) {
    return failure([internalError(err, options.debug).message], 1);
  }
  const shown = outcome.results.filter(({ result }) => result.severity !== 'info');
  const messages = inFileOrder(shown.map(describe), files);
  if (outcome.failed) return failure(messages, shown.filter(({ result }) => result.severity === 'error').length);
  // Output nodes are the input items' nodes; their plain values were read once already.
  const values = new Map<unknown, Record<string, unknown>>(items.map((item) => [item.node, item.value]));
  const objects = outcome.items
    .map((item) => ({ item, value: isMap(item) ? values.get(item)! : (item as unknown as Record<string, unknown>) }))
    .filter(({ value }) => isApplicable(value));
  return { objects, stderr: messages.map((line) => `${line}\n`).join('') };
}

/** A line of stderr and where it points: the file as named and the line (none: about no file). */
interface Problem {
  path?: string;
  line?: number;
  text: string;
}

/** Problems in the order of the files as given, then by line; those about no file first. */
function inFileOrder(problems: readonly Problem[], files: readonly SourceFile[]): string[] {
  const rank = (problem: Problem) => (problem.path === undefined ? -1 : files.findIndex((file) => file.path === problem.path));
  return problems
    .map((problem) => ({ problem, rank: rank(problem), line: problem.line ?? 0 }))
    .sort((a, b) => a.rank - b.rank || a.line - b.line)
    .map(({ problem }) => (problem.path === undefined ? problem.text : `${problem.path}:${problem.line ?? 1}: ${problem.text}`));
}

/** Where an item read from a file starts. */
function where(item: Item): { path: string; line: number; at: string } {
  const path = item.file!.path;
  const line = item.lines!.linePos(locate(item.node, '')).line;
  return { path, line, at: `${path}:${line}` };
}

function nameOf(item: Item): string {
  const name = (item.value['metadata'] as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? JSON.stringify(name) : '(without a name)';
}

function failure(messages: readonly string[], errors: number): RunOutput {
  return { stdout: '', stderr: [...messages, `vmprofile: ${count(errors, 'error')}; nothing was rendered`].map((line) => `${line}\n`).join(''), exitCode: 1 };
}

function readFile(file: SourceFile, problems: Problem[]): Item[] {
  const lines = new LineCounter();
  const at = (offset: number | undefined) => ({ path: file.path, line: offset === undefined ? 1 : lines.linePos(offset).line });
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(file.text, { ...PARSE_OPTIONS, lineCounter: lines });
    docs = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
  } catch {
    problems.push({ path: file.path, line: 1, text: 'the file is nested too deeply to be a Kubernetes manifest' });
    return [];
  }
  const items: Item[] = [];
  docs.forEach((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const column = error.linePos?.[0].col;
      const text = error.message.includes('Maximum call stack')
        ? 'nested too deeply to be a Kubernetes manifest'
        : `not valid YAML: ${yamlErrorReason(error)}${column === undefined ? '' : ` (column ${column})`}`;
      problems.push({ ...at(error.pos[0]), text });
      return;
    }
    if (doc.contents === null) return;
    let value: unknown;
    try {
      value = toPlain(doc);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push({ ...at(doc.contents.range?.[0]), text: err.message });
      return;
    }
    if (!isMap(doc.contents) || typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ ...at(doc.contents.range?.[0]), text: 'not a Kubernetes object (expected a mapping)' });
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
function describe({ result, item }: ItemResult): Problem {
  const field = result.field?.path;
  const severity = result.severity === 'warning' ? 'warning: ' : '';
  const text = `${severity}${field ? `${field}: ` : ''}${result.message}`;
  if (item?.lines && item.file) return { path: item.file.path, line: item.lines.linePos(locate(item.node, field ?? '')).line, text };
  return { text: `${result.file?.path ?? 'vmprofile'}: ${text}` };
}
