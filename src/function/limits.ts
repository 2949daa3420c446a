// Input limits, enforced before any parsing so that too large an input ends in a clear error
// instead of an out-of-memory crash (docs/performance.md, "Limits"). main.ts measures the heap; the rest is pure.

/** Measured with npm run bench and a reduced heap: a render needs up to ~70 bytes of heap per input byte. */
const HEAP_BYTES_PER_INPUT_BYTE = 100;
/** Beyond this a render takes over half a minute on a small machine, which CI and Argo CD time out on. */
export const MAX_INPUT_BYTES_CAP = 16 * 1024 * 1024;

export interface InputLimit {
  /** The most input this process reads. */
  bytes: number;
  /** Node.js's heap size limit, when it is what lowered the limit. */
  heapBytes?: number;
}

/** The cap, or less when Node.js has a smaller heap (containers). */
export function inputLimitFor(heapBytes: number): InputLimit {
  const byHeap = Math.floor(heapBytes / HEAP_BYTES_PER_INPUT_BYTE);
  return byHeap < MAX_INPUT_BYTES_CAP ? { bytes: byHeap, heapBytes } : { bytes: MAX_INPUT_BYTES_CAP };
}

const mib = (bytes: number) => `${Math.floor((bytes / 1024 / 1024) * 10) / 10} MiB`;

export function tooLargeMessage(what: string, limit: InputLimit): string {
  const why =
    limit.heapBytes !== undefined
      ? `the most vmprofile reads with this Node.js heap of ${mib(limit.heapBytes)} (more would risk running out of memory); give Node.js more with NODE_OPTIONS=--max-old-space-size=<MiB>, or`
      : 'the most vmprofile reads at once (more would risk running out of memory):';
  return `${what} is larger than ${mib(limit.bytes)}, ${why} split the profiles over several kustomizations or packages`;
}
