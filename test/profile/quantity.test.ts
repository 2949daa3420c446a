import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/profile/quantity.js';

describe('Kubernetes quantities', () => {
  it.each([
    ['512Mi', 512 * 2 ** 20],
    ['8Gi', 8 * 2 ** 30],
    ['1G', 1e9],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['100', 100],
    ['1e9', 1e9],
    ['500m', 0.5],
    ['1E3', 1e3],
    ['2e-3', 2e-3],
    ['1E', 1e18],
    ['1Ei', 2 ** 60],
    ['1P', 1e15],
  ])('%s is %d', (text, value) => expect(parseQuantity(text)).toBe(value));

  it.each(['8GB', 'Gi', '8 Gi', '', '0x10', '1Qi'])('%j is not a quantity', (text) => expect(parseQuantity(text)).toBeUndefined());
});
