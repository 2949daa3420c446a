// The tests Stryker runs against mutated sources: those that run src/ in-process. End-to-end tests
// run the built bundle (dist/), which Stryker does not mutate. The files share one module graph
// (isolate: false): the code under test is pure, and the whole set then runs in 4.1 s instead of
// 16.2 s on two idle cores, because the modules (zod's schemas above all) load once, not once per file.
// A tests-alone run of every mutant took 33 minutes this way; isolated, Stryker estimated over 3 hours.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/expand/**/*.test.ts', 'test/plan/**/*.test.ts', 'test/profile/**/*.test.ts', 'test/impact/**/*.test.ts', 'test/config/**/*.test.ts', 'test/function/protocol.test.ts', 'test/function/json-schema.test.ts', 'test/schema-issues.test.ts', 'test/text.test.ts', 'test/conformance.test.ts'],
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
