// The "did you mean" of unknown fields and kinds.
import { describe, expect, it } from 'vitest';
import { closest } from '../src/text.js';

describe('closest', () => {
  it.each([
    ['another case', 'NAME', ['name', 'nam'], 'name'],
    ['one letter wrong', 'nane', ['name', 'size'], 'name'],
    ['one letter missing', 'nme', ['name'], 'name'],
    ['one letter too many', 'namee', ['name'], 'name'],
    ['two neighbours swapped', 'prot', ['port', 'name'], 'port'],
    ['two neighbours swapped at the end', 'sizee', ['size'], 'size'],
    ['the nearer of two', 'sise', ['site', 'size', 'sisters'], 'site'],
    ['two edits in a short word', 'nmea', ['name'], undefined],
    ['two edits in an eight-letter word', 'storageClas', ['storageClassName'], undefined],
    ['two edits in an eight-letter word, within a quarter', 'macAdres', ['macAddress'], 'macAddress'],
    ['three edits in an eight-letter word', 'macAdrs', ['macAddress'], undefined],
    ['nothing to choose from', 'name', [], undefined],
  ])('%s', (_name, key, candidates, expected) => {
    expect(closest(key, candidates)).toBe(expected);
  });
});
