// Kubernetes resource.Quantity, as far as we need it: syntax check and a numeric value to compare
// against minimums. The grammar is the one in the upstream CRD schemas (../shared/schemas).

/** Also published in the profile's JSON Schema. */
export const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?$/;

const SUFFIX_FACTOR: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity's value in base units (bytes for memory and storage), or undefined if malformed. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, number, suffix = ''] = match;
  const base = Number(number);
  // An exponent (1e3, 1E3); E and Ei alone are the exa suffixes.
  if (/^[eE][+-]?[0-9.]/.test(suffix)) return base * 10 ** Number(suffix.slice(1));
  // QUANTITY admits only the suffixes SUFFIX_FACTOR has.
  return base * SUFFIX_FACTOR[suffix]!;
}

export const GiB = 2 ** 30;
export const MiB = 2 ** 20;
