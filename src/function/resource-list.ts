// Reading a KRM ResourceList (YAML or JSON) and writing one back as block YAML.
import { type Document, type LineCounter, type Node, Scalar, type YAMLMap, isCollection, isMap, isScalar, isSeq, visit } from 'yaml';
import type { FileRef } from '../kube.js';
import { describeValue } from '../text.js';
import type { Result } from './results.js';
import { MAX_ALIAS_COUNT, outputDocument, parseStream, stringify } from './yaml.js';

export interface Item {
  /** The item as parsed; written back untouched when the item passes through. */
  node: YAMLMap;
  /** Plain-object view for reading. */
  value: Record<string, unknown>;
  /** The file it was read from, when not annotated on it (vmprofile render). */
  file?: FileRef;
  /** Line numbers of that file (vmprofile render). */
  lines?: LineCounter;
}

interface ResourceList {
  apiVersion: string;
  items: Item[];
  functionConfig: unknown;
}

/** Input that is not a ResourceList we can read; the message says what was wrong. */
export class InputError extends Error {}

export const RESOURCE_LIST_API_VERSION = 'config.kubernetes.io/v1';

export function readResourceList(text: string): ResourceList {
  const doc = singleDocument(text, 'a ResourceList');
  const root = doc.contents;
  const value = toPlain(doc);
  if (!isMap(root) || typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`expected a ResourceList (a mapping with kind: ResourceList and items); got ${describeValue(value)}`);
  }
  const { kind, apiVersion, functionConfig } = value as Record<string, unknown>;
  if (kind !== 'ResourceList' && kind !== 'List') {
    throw new InputError(
      `expected kind: ResourceList; got ${kind === undefined ? 'no kind' : describeValue(kind)}. vmprofile runs as a KRM function under kustomize or kpt; to render plain manifests use "vmprofile render"`,
    );
  }
  const itemsNode = root.get('items', true);
  const itemValues = (value as { items?: unknown }).items;
  if (itemsNode !== undefined && itemValues !== null && !isSeq(itemsNode)) {
    throw new InputError(`items must be a list of Kubernetes objects; got ${describeValue(itemValues)}`);
  }
  const items: Item[] = [];
  (isSeq(itemsNode) ? itemsNode.items : []).forEach((node, i) => {
    const item = (itemValues as unknown[])[i];
    if (!isMap(node) || typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InputError(`items[${i}] is ${describeValue(item)}; every item must be a Kubernetes object (a mapping)`);
    }
    items.push({ node: node as YAMLMap, value: item as Record<string, unknown> });
  });
  prepareDocument(doc, text);
  // The output is a new sequence: comments the parser hung on the old one go to its items.
  if (isSeq(itemsNode) && items.length > 0) {
    const first = items[0]!.node;
    const last = items[items.length - 1]!.node;
    if (itemsNode.commentBefore) first.commentBefore = [itemsNode.commentBefore, first.commentBefore].filter(Boolean).join('\n');
    if (itemsNode.comment) last.comment = [last.comment, itemsNode.comment].filter(Boolean).join('\n');
  }
  // An item's head comment goes on its first key ("- # comment" then "  apiVersion:"), where kyaml
  // writes and reads it; printed above the "- " kpt would restore it a second time on every render.
  for (const { node } of items) {
    const firstKey = node.items[0]?.key;
    if (node.commentBefore && isScalar(firstKey)) {
      firstKey.commentBefore = [node.commentBefore, firstKey.commentBefore].filter(Boolean).join('\n');
      node.commentBefore = undefined;
    }
  }
  return { apiVersion: typeof apiVersion === 'string' ? apiVersion : RESOURCE_LIST_API_VERSION, items, functionConfig };
}

/** Parses text that must hold exactly one YAML (or JSON) document. */
export function singleDocument(text: string, what: string): Document.Parsed {
  if (text.trim() === '') throw new InputError(`the input is empty; expected ${what}`);
  let docs: Document.Parsed[];
  try {
    docs = parseStream(text).filter((doc) => doc.contents !== null || doc.errors.length > 0);
  } catch (err) {
    throw tooDeep(err);
  }
  const failed = docs.find((doc) => doc.errors.length > 0);
  if (failed) {
    const message = failed.errors[0]!.message.trim();
    if (message.includes('Maximum call stack size exceeded')) throw tooDeep(new RangeError(message));
    throw new InputError(`the input is not valid YAML: ${message}`);
  }
  if (docs.length !== 1) throw new InputError(`expected ${what} in a single YAML document; got ${docs.length === 0 ? 'none' : `${docs.length} documents`}`);
  return docs[0]!;
}

export function toPlain(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError) throw new InputError(`the input expands too many YAML aliases (${err.message}); write the objects out`);
    throw tooDeep(err);
  }
}

function tooDeep(err: unknown): Error {
  if (err instanceof RangeError) return new InputError('the input is nested too deeply to be a Kubernetes object');
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Makes a parsed document's nodes safe to write elsewhere: JSON comes back as block YAML with
 * strings quoted only where needed (kpt writes files back in the function's style), and aliases are
 * expanded (their anchors may not be written).
 */
export function prepareDocument(doc: Document, text: string): void {
  const json = /^\s*[{[]/.test(text);
  // An alias needs a "*"; kyaml never writes one, so most inputs skip the walk.
  if (!json && !text.includes('*')) return;
  visit(doc, {
    Collection(_, node) {
      if (json) node.flow = false;
    },
    Scalar(_, node) {
      if (json && typeof node.value === 'string') node.type = undefined;
    },
    Alias(_, alias) {
      const target = alias.resolve(doc);
      return target ? (target.clone() as Node) : new Scalar(null);
    },
  });
}

/**
 * Output ResourceList: the given item nodes (and plain objects), then the results. Each item is
 * printed on its own and indented under "items:", so the output never exists as one node tree.
 */
export function writeResourceList(apiVersion: string, items: readonly (YAMLMap | object)[], results: readonly Result[]): string {
  const parts = [printDocument({ apiVersion, kind: 'ResourceList' })];
  if (items.length === 0) parts.push('items: []\n');
  else {
    parts.push('items:\n');
    for (const item of items) parts.push(asSequenceItem(printDocument(item)));
  }
  if (results.length > 0) parts.push(printDocument({ results }));
  return parts.join('');
}

function printDocument(value: YAMLMap | object): string {
  const doc = outputDocument();
  // Shared JS objects (one labels map used twice) must not turn into YAML anchors and aliases.
  doc.contents = isCollection(value) ? value : doc.createNode(value, { aliasDuplicateObjects: false });
  return stringify(doc);
}

/** A printed document as an entry of a block sequence at the top level ("- " then two spaces). */
function asSequenceItem(text: string): string {
  const lines = text.split('\n');
  let out = `- ${lines[0]}\n`;
  // Empty lines stay empty (inside block scalars too); the last split part is the final newline.
  for (let i = 1; i < lines.length - 1; i++) out += lines[i] === '' ? '\n' : `  ${lines[i]}\n`;
  return out;
}
