// Profile validation: the zod schema, then the cross-field rules. Turns zod's issues into messages
// that name the field and say what to do.
import type * as z from 'zod';
import { type Issue, error, formatPath } from '../issues.js';
import { describeValue } from './fields.js';
import { checkProfile } from './rules.js';
import { type Profile, profileSchema } from './schema.js';

export { describeValue };

export interface ValidationResult {
  /** Present when the profile is well-formed (it may still carry warnings, or cross-field errors). */
  profile?: Profile;
  issues: Issue[];
}

export function validateProfile(input: unknown): ValidationResult {
  const parsed = profileSchema.safeParse(input, { error: defaultMessage });
  if (parsed.success) return { profile: parsed.data, issues: checkProfile(parsed.data) };
  const issues = toIssues(parsed.error.issues, profileSchema);
  // When only values are wrong (every field has the right type), the cross-field rules can run too,
  // so the author sees every problem in one round instead of one batch at a time.
  if (parsed.error.issues.every((issue) => issue.code !== 'invalid_type' && issue.code !== 'invalid_union')) {
    const { spec } = input as { spec: Record<string, unknown> };
    const seen = new Set(issues.map((issue) => `${issue.field}|${issue.message}`));
    const lenient = { ...(input as object), spec: { ...spec, networks: spec['networks'] ?? [], disks: spec['disks'] ?? [] } } as Profile;
    for (const issue of checkProfile(lenient)) if (!seen.has(`${issue.field}|${issue.message}`)) issues.push(issue);
  }
  return { issues };
}

/** zod issues → our issues, one per offending field (one per key for unknown fields). */
export function toIssues(zodIssues: readonly z.core.$ZodIssue[], schema: z.ZodType): Issue[] {
  return zodIssues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      return issue.keys.map((key) => error(formatPath([...issue.path, key]), unknownFieldMessage(key, known)));
    }
    return [error(formatPath(issue.path), issue.message)];
  });
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

/** Messages for issues whose schema did not set its own. */
export function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}; got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}; got ${describeValue(issue.input)}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describeValue(issue.input)}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}; got ${describeValue(issue.input)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}; got ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
}

function unknownFieldMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  if (suggestion) return `unknown field; did you mean "${suggestion}"?`;
  return known.length > 0 ? `unknown field; the fields here are ${known.join(', ')}` : 'unknown field';
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

// Walks zod's definitions to list the keys an object at `path` accepts.
interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
}

function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let def: Def | undefined = unwrap(schema._zod.def as Def);
  for (const part of path) {
    if (!def) return [];
    if (def.type === 'object' && typeof part === 'string') def = def.shape?.[part]?._zod.def;
    else if (def.type === 'array') def = def.element?._zod.def;
    else if (def.type === 'record') def = def.valueType?._zod.def;
    else return [];
    def = def && unwrap(def);
  }
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function unwrap(def: Def): Def {
  let current = def;
  while (current.innerType || (current.type === 'pipe' && current.in)) {
    current = (current.innerType ?? current.in)!._zod.def;
  }
  return current;
}
