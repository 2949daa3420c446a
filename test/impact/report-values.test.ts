// How vmprofile diff prints the values of a change: one line each, cut only past 48 characters.
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/impact/index.js';
import { json, markdown, table } from '../../src/impact/report.js';

const change = (before: unknown, after: unknown): Change => ({ profile: 'prod/web', kind: 'Secret', namespace: 'prod', name: 'web-cloudinit', field: 'data.userdata', before, after, impact: 'ignored', why: 'read once' });
const valuesOf = (before: unknown, after: unknown) => table({ changes: [change(before, after)], summary: { ignored: 1 } }).split('\n')[1]!.split(/ {2,}/)[4];

describe('values in the table', () => {
  it.each<[string, unknown, unknown, string]>([
    ['line breaks and runs of spaces become one space', '#cloud-config\npackages:\n  - vim', '#cloud-config\npackages:\n  - git', '#cloud-config packages: - vim → #cloud-config packages: - git'],
    ['48 characters are shown whole', 'a'.repeat(48), 'b', `${'a'.repeat(48)} → b`],
    ['49 characters are cut to 47 and "…"', 'a'.repeat(49), 'b', `${'a'.repeat(47)}… → b`],
    ['an absent value is a dash', undefined, 1, '— → 1'],
    ['null is a dash', null, false, '— → false'],
  ])('%s', (_, before, after, shown) => {
    expect(valuesOf(before, after)).toBe(shown);
  });

  it('prints the same one-line values in Markdown', () => {
    expect(markdown({ changes: [change('a\n\tb', 'c')], summary: { ignored: 1 } })).toContain('| a b → c |');
  });
});

describe('JSON', () => {
  it('ends with a newline, like every text vmprofile prints', () => {
    expect(json({ changes: [], summary: {} })).toBe('{\n  "changes": [],\n  "summary": {}\n}\n');
  });
});
