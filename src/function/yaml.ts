// YAML reading and writing for the KRM protocol, on the `yaml` package (comment-preserving).
//
// Input is read with the YAML 1.2 core schema, as kyaml (kustomize, kpt) writes it. What we generate
// is written for YAML 1.1 readers (Kubernetes, PyYAML in cloud-init): strings such as "on", "no" or
// "02:00:00:00:00:01" are quoted. Plain scalars of pass-through items are written exactly as they
// came in (0644 stays 0644, not 644; a plain date stays unquoted), so kpt writes back what it read.
import { Document, type DocumentOptions, type ParseOptions, type SchemaOptions, type ToStringOptions, isScalar, parseAllDocuments } from 'yaml';

export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  uniqueKeys: true,
  strict: true,
  prettyErrors: true,
};

/** Alias expansion limit for toJS: a billion-laughs document fails fast instead of exhausting memory. */
export const MAX_ALIAS_COUNT = 100;

// kyaml's own style: compact sequences, no flow padding, no line folding.
const TO_STRING: ToStringOptions = { lineWidth: 0, indentSeq: false, flowCollectionPadding: false };

type TagLike = { collection?: string; stringify?: (...args: never[]) => string };

function keepSource<T extends TagLike>(tag: T): T {
  const original = tag.stringify as ((...args: unknown[]) => string) | undefined;
  if (tag.collection || !original) return tag;
  return {
    ...tag,
    stringify(item: unknown, ...rest: unknown[]) {
      if (isScalar(item) && item.type === 'PLAIN' && typeof item.source === 'string') {
        // Multi-line plain strings are re-folded by the library; everything else keeps its text.
        if (typeof item.value !== 'string' || item.value === item.source) return item.source;
      }
      return original(item, ...rest);
    },
  };
}

/** A document to write: YAML 1.1-safe quoting, source-preserving scalars, block style. */
export function outputDocument(): Document {
  return new Document(undefined, { version: '1.1', customTags: (tags) => tags.map((tag) => keepSource(tag as TagLike)) as typeof tags });
}

export function stringify(doc: Document): string {
  return doc.toString(TO_STRING);
}

export function parseStream(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  return Array.isArray(docs) ? docs : [];
}
