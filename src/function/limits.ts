// Limits stated in the README ("Limits"), enforced before any parsing so that too large an input
// ends in a clear error instead of an out-of-memory crash.

/** Measured: 14 MiB of profiles peak at about 2 GB of memory (see README); the default heap is 2-4 GB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export function tooLargeMessage(what: string): string {
  return `${what} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, the most vmprofile reads at once (more would risk running out of memory): split the profiles over several kustomizations or packages`;
}
