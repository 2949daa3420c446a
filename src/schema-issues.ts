// zod's findings as our issues, for every schema we validate with (profile, function config): one
// issue per offending field, unknown fields with "did you mean", and the one walker over zod's
// definitions that both need.
import type * as z from 'zod';
import { type Issue, error, formatPath } from './issues.js';
import { closest, describeValue } from './text.js';

/** zod issues → our issues, one per offending field (one per key for unknown fields). */
export function toIssues(zodIssues: readonly z.core.$ZodIssue[], schema: z.ZodType): Issue[] {
  return zodIssues.flatMap((issue): Issue[] => {
    if (issue.code === 'invalid_union') {
      // The branch of the input's own type (e.g. the mapping form) says what is wrong inside it.
      // (zod reports only the branches that failed, each with its issues.)
      const branch = issue.errors.find((branchIssues) => !branchIssues.some(isRootTypeMismatch));
      if (branch) return toIssues(branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })), schema);
    }
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      return issue.keys.map((key) => error(formatPath([...issue.path, key]), unknownFieldMessage(key, known)));
    }
    return [error(formatPath(issue.path), issue.message)];
  });
}

/** A finding of one of our own checks (zod's `.check`): at the checked value, or at one key of a checked mapping. */
export function refuse(ctx: { value: unknown; issues: z.core.$ZodRawIssue[] }, message: string, key?: string): void {
  ctx.issues.push({ code: 'custom', input: ctx.value, path: key === undefined ? [] : [key], message });
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

const isRootTypeMismatch = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && issue.path.length === 0;

/** Messages for issues whose schema did not set its own. */
export function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_union': {
      // No branch has the input's type: name the types that fit.
      const expected = issue.errors.flatMap((branch) => branch.filter(isRootTypeMismatch).map((inner) => (inner as { expected: string }).expected));
      const names = [...new Set(expected.map((type) => TYPE_NAMES[type] ?? type))];
      return names.length > 0 ? `must be ${names.join(' or ')}; got ${describeValue(issue.input)}` : undefined;
    }
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

// zod 4's definitions, as far as the walkers below read them.
export interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  valueType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
}

/** The definition under optional, default, prefault and pipe wrappers. */
export function unwrap(def: Def): Def {
  let current = def;
  while (current.innerType || (current.type === 'pipe' && current.in)) {
    current = (current.innerType ?? current.in)!._zod.def;
  }
  return current;
}

/** A union's mapping form (podNetwork: true | {...}), which is where keys can be unknown. */
function objectOption(def: Def): Def {
  if (def.type !== 'union') return def;
  const object = def.options?.map((option) => unwrap(option._zod.def)).find((option) => option.type === 'object');
  return object ?? def;
}

/** The keys an object at `path` accepts. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let def: Def | undefined = objectOption(unwrap(schema._zod.def as Def));
  for (const part of path) {
    if (!def) return [];
    if (def.type === 'object' && typeof part === 'string') def = def.shape?.[part]?._zod.def;
    else if (def.type === 'array') def = def.element?._zod.def;
    else if (def.type === 'record') def = def.valueType?._zod.def;
    else return [];
    def = def && objectOption(unwrap(def));
  }
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}
