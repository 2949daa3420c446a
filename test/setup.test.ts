// The test setup itself, as a developer or CI meets it: where the upstream schemas are, and what
// happens on a machine without kpt.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, sharedDir } from './support/paths.js';

describe('test setup', () => {
  it('takes SHARED_DIR with or without a trailing slash, and defaults to ../shared beside the checkout', () => {
    expect(sharedDir({ SHARED_DIR: '/work/shared' })).toBe('/work/shared/');
    expect(sharedDir({ SHARED_DIR: '/work/shared/' })).toBe('/work/shared/');
    expect(sharedDir({})).toBe(new URL('../shared/', `file://${ROOT}`).pathname);
    expect(sharedDir({ SHARED_DIR: '' })).toBe(sharedDir({}));
  });

  it('without kpt, the kpt suite fails with one message saying what to install, not a crash at load', () => {
    // The suite in a child vitest, with a kpt that does not exist; its own environment otherwise.
    const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    const result = spawnSync(`${ROOT}node_modules/.bin/vitest`, ['run', 'test/e2e/kpt.test.ts', '--reporter=default', '--color=false'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...environment, KPT: '/nonexistent/kpt', NO_COLOR: '1' },
    });
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(1);
    expect(output).toContain('Error: kpt is not on PATH (/nonexistent/kpt: ENOENT), so the kpt example packages cannot run. Install kpt v1');
    expect(output).toMatch(/Tests {2}1 failed \| \d+ skipped/);
  });
});
