// zod's findings as our issues, table-driven on small schemas of each shape the walkers meet (the
// profile and config schemas are tested end to end in test/profile and test/config).
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defaultMessage, toIssues, unwrap, type Def } from '../src/schema-issues.js';

const oneOrMapping = z.strictObject({
  x: z.union([z.boolean(), z.strictObject({ name: z.string(), kind: z.enum(['A', 'B']).optional() })]).optional(),
});

function issuesOf(schema: z.ZodType, input: unknown) {
  const parsed = schema.safeParse(input, { error: defaultMessage });
  if (parsed.success) throw new Error('expected the input to be refused');
  return toIssues(parsed.error.issues, schema).map(({ field, message }) => ({ field, message }));
}

describe('toIssues', () => {
  it.each([
    ['a union: the mapping branch says what is wrong inside it (a wrong type)', oneOrMapping, { x: { name: 3 } }, [{ field: 'x.name', message: 'must be a string; got 3' }]],
    ['a union: the mapping branch says what is wrong inside it (a missing field)', oneOrMapping, { x: {} }, [{ field: 'x.name', message: 'is required' }]],
    ['a union: an unknown key in the mapping branch', oneOrMapping, { x: { name: 'a', knd: 'A' } }, [{ field: 'x.knd', message: 'unknown field; did you mean "kind"?' }]],
    ['a union: a wrong choice in the mapping branch', oneOrMapping, { x: { name: 'a', kind: 'C' } }, [{ field: 'x.kind', message: 'must be one of "A", "B"; got the string "C"' }]],
    ['a union: no branch of the input type', oneOrMapping, { x: 3 }, [{ field: 'x', message: 'must be true or false or a mapping; got 3' }]],
    ['unknown keys: each is its own issue, named in full', z.strictObject({ a: z.strictObject({ name: z.string() }) }), { a: { name: 'n', one: 1, two: 2 } }, [
      { field: 'a.one', message: 'unknown field; the fields here are name' },
      { field: 'a.two', message: 'unknown field; the fields here are name' },
    ]],
    ['unknown keys where no field is accepted', z.strictObject({ a: z.strictObject({}) }), { a: { b: 1 } }, [{ field: 'a.b', message: 'unknown field' }]],
    ['unknown keys under a list', z.strictObject({ l: z.array(z.strictObject({ port: z.number() })) }), { l: [{ port: 1 }, { prot: 2 }] }, [
      { field: 'l[1].port', message: 'is required' },
      { field: 'l[1].prot', message: 'unknown field; did you mean "port"?' },
    ]],
    ['unknown keys under a record', z.strictObject({ r: z.record(z.string(), z.strictObject({ size: z.string() })) }), { r: { d: { size: '1Gi', sise: 'x' } } }, [
      { field: 'r.d.sise', message: 'unknown field; did you mean "size"?' },
    ]],
    ['unknown keys under a transform (a pipe)', z.strictObject({ p: z.strictObject({ name: z.string() }).transform((v) => v) }), { p: { name: 'n', nme: 'x' } }, [
      { field: 'p.nme', message: 'unknown field; did you mean "name"?' },
    ]],
    ['unknown keys under optional and default wrappers', z.strictObject({ o: z.strictObject({ name: z.string() }).optional().default({ name: 'd' }) }), { o: { name: 'n', zzz: 1 } }, [
      { field: 'o.zzz', message: 'unknown field; the fields here are name' },
    ]],
    ['unknown keys at the top', z.strictObject({ name: z.string() }), { name: 'n', nam: 1 }, [{ field: 'nam', message: 'unknown field; did you mean "name"?' }]],
    ['an issue with its own message keeps it', z.strictObject({ n: z.number().min(1, { error: 'too few' }) }), { n: 0 }, [{ field: 'n', message: 'too few' }]],
  ])('%s', (_name, schema, input, expected) => {
    expect(issuesOf(schema, input)).toStrictEqual(expected);
  });

  it('names no fields for a path the schema does not have', () => {
    const schema = z.strictObject({ a: z.string() });
    const issue = { code: 'unrecognized_keys', keys: ['k'], path: ['nowhere', 0], input: {}, message: '' } as z.core.$ZodIssue;
    expect(toIssues([issue], schema)).toStrictEqual([{ severity: 'error', field: 'nowhere[0].k', message: 'unknown field' }]);
    const scalar = { ...issue, path: ['a'] } as z.core.$ZodIssue;
    expect(toIssues([scalar], schema)).toStrictEqual([{ severity: 'error', field: 'a.k', message: 'unknown field' }]);
    const underScalar = { ...issue, path: ['a', 'b'] } as z.core.$ZodIssue;
    expect(toIssues([underScalar], schema)).toStrictEqual([{ severity: 'error', field: 'a.b.k', message: 'unknown field' }]);
  });
});

describe('defaultMessage', () => {
  it.each([
    ['a number below its minimum', z.number().min(2), 1, 'must be at least 2; got 1'],
    ['a number above its maximum', z.number().max(2), 3, 'must be at most 2; got 3'],
    ['a list too short', z.array(z.string()).min(1), [], 'must be at least 1; got a list'],
    ['a single allowed value', z.literal('v1'), 'v2', 'must be "v1"; got the string "v2"'],
    ['a whole number', z.int(), 1.5, 'must be a whole number; got 1.5'],
    ['a type zod names itself', z.bigint(), 1, 'must be bigint; got 1'],
  ])('%s', (_name, schema, input, expected) => {
    const parsed = schema.safeParse(input, { error: defaultMessage });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(expected);
  });

  it('leaves other issues to zod', () => {
    const parsed = z.string().email().safeParse('x', { error: defaultMessage });
    expect(parsed.error?.issues[0]?.message).toBe('Invalid email address');
  });
});

describe('unwrap', () => {
  it('reaches the definition under optional, default and pipe wrappers, and stops there', () => {
    const inner = z.strictObject({ a: z.string() });
    expect(unwrap(inner.optional().default({ a: '' }).transform((v) => v)._zod.def as Def).type).toBe('object');
    expect(unwrap(z.string().pipe(z.string())._zod.def as Def).type).toBe('string');
    expect(unwrap(z.array(inner)._zod.def as Def).type).toBe('array');
  });
});
