// Input limits, enforced before any parsing so that too large an input ends in a clear error
// instead of an out-of-memory crash (README "Limits").
import { getHeapStatistics } from 'node:v8';

/** Measured with npm run bench and a reduced heap: a render needs up to ~70 bytes of heap per input byte. */
const HEAP_BYTES_PER_INPUT_BYTE = 100;
/** Beyond this a render takes over half a minute on a small machine, which CI and Argo CD time out on. */
export const MAX_INPUT_BYTES_CAP = 16 * 1024 * 1024;

/** The most input this process reads: the cap, or less when Node.js has a smaller heap (containers). */
export function maxInputBytes(): number {
  return Math.min(MAX_INPUT_BYTES_CAP, Math.floor(getHeapStatistics().heap_size_limit / HEAP_BYTES_PER_INPUT_BYTE));
}

const mib = (bytes: number) => `${Math.floor((bytes / 1024 / 1024) * 10) / 10} MiB`;

export function tooLargeMessage(what: string): string {
  const limit = maxInputBytes();
  const heap = getHeapStatistics().heap_size_limit;
  const why =
    limit < MAX_INPUT_BYTES_CAP
      ? `the most vmprofile reads with this Node.js heap of ${mib(heap)} (more would risk running out of memory); give Node.js more with NODE_OPTIONS=--max-old-space-size=<MiB>, or`
      : 'the most vmprofile reads at once (more would risk running out of memory):';
  return `${what} is larger than ${mib(limit)}, ${why} split the profiles over several kustomizations or packages`;
}
