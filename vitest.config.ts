import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // End-to-end tests start real processes (node, kustomize); two cores are all CI has.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
