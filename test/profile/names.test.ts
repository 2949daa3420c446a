// profile/names.ts through the fields that use it: Kubernetes name rules at their limits, with the
// message the author reads at the field.
import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/issues.js';
import { validateProfile } from '../../src/profile/validate.js';
import { type Obj, profile } from '../support/fixtures.js';

const issuesOf = (spec: Obj = {}, metadata: Obj = {}) => validateProfile(profile('vm1', spec, metadata)).issues;
const SUBDOMAIN = 'must consist of lowercase letters, digits, "-" and ".", and start and end with a letter or digit (DNS-1123 subdomain)';
const LABEL_KEY = 'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, after an optional "prefix/"';
const LABEL_VALUE = 'must be empty or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
/** A valid DNS-1123 subdomain of exactly n characters (n ≥ 1): labels of at most 63, joined by dots. */
const subdomain = (n: number) => Array.from({ length: Math.ceil(n / 64) + 1 }, () => 'a'.repeat(63)).join('.').slice(0, n).replace(/\.$/, 'b');
const a = (n: number) => 'a'.repeat(n);
if (subdomain(253).length !== 253 || subdomain(254).length !== 254) throw new Error('subdomain() builds names of the wrong length');

describe('DNS-1123 subdomains (a StorageClass name, a Secret name)', () => {
  it.each([
    ['a word', 'ssd'],
    ['dotted labels', 'fast.ssd-1'],
    ['a name of 253 characters', subdomain(253)],
  ])('accepts %s', (_, name) => {
    expect(issuesOf({ sshKeySecret: name })).toEqual([]);
  });

  it.each([
    { what: 'an empty name', name: '', problem: 'must not be empty' },
    { what: 'a name of 254 characters', name: subdomain(254), problem: 'is 254 characters long; the limit is 253' },
    { what: 'capitals', name: 'SSD', problem: SUBDOMAIN },
    { what: 'a trailing dot', name: 'ssd.', problem: SUBDOMAIN },
  ])('refuses $what, saying why', ({ name, problem }) => {
    expect(issuesOf({ sshKeySecret: name })).toEqual([{ severity: 'error', field: 'spec.sshKeySecret', message: `${JSON.stringify(name)} ${problem}; it is used as a Secret name` }]);
    const disks = [{ name: 'system', size: '20Gi', storageClassName: name, boot: true, image: 'registry.example.com/os:1' }];
    expect(issuesOf({ disks })).toEqual([{ severity: 'error', field: 'spec.disks[0].storageClassName', message: `${JSON.stringify(name)} ${problem}; it is used as a StorageClass name` }]);
  });
});

describe('label keys (metadata.labels, nodeSelector)', () => {
  it.each([
    ['a plain name', 'app'],
    ['capitals, "_" and "." in the name', 'Tier_1.x'],
    ['a name of 63 characters', a(63)],
    ['a prefixed name', 'example.com/tier'],
    ['a prefixed name of 63 characters', `example.com/${a(63)}`],
    ['a prefix of 253 characters', `${subdomain(253)}/x`],
  ])('accepts %s', (_, key) => {
    expect(issuesOf({}, { labels: { [key]: 'x' } })).toEqual([]);
    expect(issuesOf({ highAvailability: { nodeSelector: { [key]: 'x' } } })).toEqual([]);
  });

  it.each([
    { what: 'a prefix with capitals', key: 'Example.com/tier', problem: `has a prefix "Example.com" that ${SUBDOMAIN}` },
    { what: 'an empty prefix', key: '/app', problem: 'has a prefix "" that must not be empty' },
    { what: 'a prefix of 254 characters', key: `${subdomain(254)}/app`, problem: `has a prefix "${subdomain(254)}" that is 254 characters long; the limit is 253` },
    { what: 'a prefix without a name', key: 'example.com/', problem: LABEL_KEY },
    { what: 'a name of 64 characters', key: a(64), problem: LABEL_KEY },
    { what: 'a prefixed name of 64 characters', key: `example.com/${a(64)}`, problem: LABEL_KEY },
    { what: 'a name ending in "_"', key: 'app_', problem: LABEL_KEY },
  ])('refuses $what', ({ key, problem }) => {
    expect(issuesOf({}, { labels: { [key]: 'x' } })).toEqual([{ severity: 'error', field: formatPath(['metadata', 'labels', key]), message: `the key ${JSON.stringify(key)} ${problem}` }]);
    expect(issuesOf({ highAvailability: { nodeSelector: { [key]: 'x' } } })).toEqual([
      { severity: 'error', field: formatPath(['spec', 'highAvailability', 'nodeSelector', key]), message: `the key ${JSON.stringify(key)} ${problem}` },
    ]);
  });
});

describe('label values', () => {
  it.each([['an empty value', ''], ['a word', 'web'], ['capitals, "_" and "."', 'Web_1.x'], ['63 characters', a(63)]])('accepts %s', (_, value) => {
    expect(issuesOf({}, { labels: { app: value } })).toEqual([]);
  });

  it.each([['64 characters', a(64)], ['a leading "-"', '-web'], ['a space', 'web server']])('refuses %s', (_, value) => {
    expect(issuesOf({}, { labels: { app: value } })).toEqual([{ severity: 'error', field: 'metadata.labels.app', message: `the value ${JSON.stringify(value)} ${LABEL_VALUE}` }]);
  });

  it('refuses a value YAML read as a number or true, saying to quote it', () => {
    expect(issuesOf({ highAvailability: { nodeSelector: { rack: 3 } } })).toEqual([{ severity: 'error', field: 'spec.highAvailability.nodeSelector.rack', message: 'nodeSelector values must be strings; got 3 (quote it)' }]);
    expect(issuesOf({}, { labels: { ssd: true } })).toEqual([{ severity: 'error', field: 'metadata.labels.ssd', message: expect.stringMatching(/values must be strings; got true \(quote it\)$/) }]);
  });

  it('refuses an empty anti-affinity group, which must name a group, and says every value becomes a label value', () => {
    const group = (antiAffinityGroup: string) => issuesOf({ highAvailability: { antiAffinity: true, antiAffinityGroup } });
    expect(group(a(63))).toEqual([]);
    expect(group('')).toEqual([{ severity: 'error', field: 'spec.highAvailability.antiAffinityGroup', message: '"" must not be empty (it becomes a label value)' }]);
    expect(group(a(64))).toEqual([{ severity: 'error', field: 'spec.highAvailability.antiAffinityGroup', message: `"${a(64)}" ${LABEL_VALUE} (it becomes a label value)` }]);
    expect(group('web tier')).toEqual([{ severity: 'error', field: 'spec.highAvailability.antiAffinityGroup', message: `"web tier" ${LABEL_VALUE} (it becomes a label value)` }]);
  });
});
