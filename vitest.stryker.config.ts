// The tests Stryker runs against mutated sources: those that run src/ in-process. End-to-end tests
// run the built bundle (dist/), which Stryker does not mutate.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/expand/**/*.test.ts', 'test/plan/**/*.test.ts', 'test/profile/**/*.test.ts', 'test/impact/**/*.test.ts', 'test/config/**/*.test.ts', 'test/function/protocol.test.ts', 'test/function/json-schema.test.ts', 'test/schema-issues.test.ts', 'test/text.test.ts', 'test/conformance.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
