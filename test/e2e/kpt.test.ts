// The kpt example packages, run like the kpt function catalog runs its examples: each package's
// .expected/ holds config.yaml (how to run, exit code), diff.patch (the git diff the run leaves)
// and results.yaml (kpt's --results-dir output). Every run happens twice; the second must change
// nothing. UPDATE_EXPECTED=1 (npm run examples:update) rewrites the expectations instead.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Obj, assertAccepted, documents } from '../support/fixtures.js';
import { EXAMPLES, ROOT } from '../support/paths.js';

const KPT = process.env['KPT'] ?? 'kpt';
const kptVersion = spawnSync(KPT, ['version'], { encoding: 'utf8' });
const UPDATE = process.env['UPDATE_EXPECTED'] === '1';
const PACKAGES = readdirSync(join(EXAMPLES, 'kpt')).filter((name) => existsSync(join(EXAMPLES, 'kpt', name, '.expected', 'config.yaml')));
const EXEC = '../../../bin/vmprofile';

function sh(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  if (result.error) throw result.error;
  return result;
}

interface Run {
  exitCode: number | null;
  stderr: string;
  diff: string;
  results: string;
}

/** The package in a scratch tree where its exec path (../../../bin/vmprofile) reaches this checkout. */
function stage(name: string): string {
  const scratch = mkdtempSync(join(tmpdir(), 'vmprofile-kpt-'));
  const pkg = join(scratch, 'examples', 'kpt', name);
  mkdirSync(join(scratch, 'examples', 'kpt'), { recursive: true });
  symlinkSync(join(ROOT, 'bin'), join(scratch, 'bin'));
  cpSync(join(EXAMPLES, 'kpt', name), pkg, { recursive: true });
  sh('git', ['init', '-q'], pkg);
  sh('git', ['add', '-A'], pkg);
  sh('git', ['commit', '-qm', 'package as committed'], pkg);
  return pkg;
}

function runKpt(pkg: string, config: Obj): Run {
  const resultsDir = join(pkg, '..', `results-${Math.random().toString(36).slice(2)}`);
  const args =
    config['testType'] === 'eval'
      ? ['fn', 'eval', '.', '--exec', EXEC, '--results-dir', resultsDir, ...(config['args'] ? ['--', ...Object.entries(config['args']).map(([k, v]) => `${k}=${String(v)}`)] : [])]
      : ['fn', 'render', '.', '--allow-exec', '--results-dir', resultsDir];
  const result = sh(KPT, args, pkg);
  sh('git', ['add', '-A'], pkg);
  const diff = sh('git', ['diff', '--cached'], pkg).stdout;
  const results = existsSync(join(resultsDir, 'results.yaml')) ? readFileSync(join(resultsDir, 'results.yaml'), 'utf8') : '';
  rmSync(resultsDir, { recursive: true, force: true });
  return { exitCode: result.status, stderr: result.stderr, diff, results };
}

describe.skipIf(kptVersion.error)(`kpt example packages (${kptVersion.stdout?.trim() || 'kpt not found'})`, () => {
  it('finds the example packages', () => {
    expect(PACKAGES.sort()).toEqual(['eval-configmap', 'invalid-profile', 'render-vms']);
  });

  describe.each(PACKAGES)('examples/kpt/%s', (name) => {
    const expected = join(EXAMPLES, 'kpt', name, '.expected');
    // Reading config.yaml is cheap and names the tests (exit code); staging and running kpt wait
    // for the tests, so collecting them (vitest list, a filtered run) does no work.
    const config = parse(readFileSync(join(expected, 'config.yaml'), 'utf8')) as Obj;
    let pkg: string;
    let first: Run;
    let second: Run;

    beforeAll(() => {
      pkg = stage(name);
      first = runKpt(pkg, config);
      sh('git', ['commit', '-qm', 'first run', '--allow-empty'], pkg);
      second = runKpt(pkg, config);

      // Update mode writes the goldens and skips comparing with them: a comparison with what was just
      // written could not fail. Review the rewritten files with git diff.
      if (UPDATE) {
        writeFileSync(join(expected, 'diff.patch'), first.diff);
        writeFileSync(join(expected, 'results.yaml'), first.results);
      }
    });

    afterAll(() => {
      if (pkg) rmSync(join(pkg, '..', '..', '..'), { recursive: true, force: true });
    });

    it(`exits ${config['exitCode']}`, () => {
      expect(first.exitCode, first.stderr).toBe(config['exitCode']);
    });

    it.skipIf(UPDATE)('leaves the expected diff (.expected/diff.patch)', () => {
      expect(first.diff).toBe(readFileSync(join(expected, 'diff.patch'), 'utf8'));
    });

    it.skipIf(UPDATE)('reports the expected results (.expected/results.yaml)', () => {
      expect(first.results).toBe(readFileSync(join(expected, 'results.yaml'), 'utf8'));
    });

    it('changes nothing when run again', () => {
      expect(second.exitCode).toBe(config['exitCode']);
      expect(second.diff).toBe('');
    });

    it('writes generated objects the upstream schemas accept', () => {
      const generated = first.diff
        .split(/^diff --git /m)
        .filter((part) => /^a\/\S*generated\//.test(part))
        .flatMap((part) => documents(part.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')).map((line) => line.slice(1)).join('\n')));
      if (config['exitCode'] === 0) expect(generated.length).toBeGreaterThan(0);
      assertAccepted(generated);
    });
  });
});

describe.skipIf(kptVersion.error)('kpt, as the README shows it and with mistakes', () => {
  it('runs the README\'s kpt commands without changing the example package (-o writes the result elsewhere)', () => {
    const block = /## kpt\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))![1]!;
    expect(block).toMatch(/kpt fn render .*-o \/tmp\/render-vms/);
    const pkg = stage('render-vms');
    const scratch = join(pkg, '..', '..', '..');
    const out = join(scratch, 'out');
    try {
      // From the checkout's root, as a reader would; /tmp/ becomes this test's own folder.
      const result = sh('sh', ['-ec', block.replaceAll('/tmp/', `${out}/`)], scratch);
      expect(result.status, result.stderr).toBe(0);
      expect(sh('git', ['status', '--porcelain'], pkg).stdout).toBe('');
      expect(readdirSync(join(out, 'render-vms', 'vms', 'generated', 'apps')).sort()).toEqual(['cache.yaml', 'network-attachments.shared.yaml', 'web.yaml']);
      expect(documents(result.stdout).filter((o) => o['kind'] === 'VirtualMachine').map((o) => o['metadata']['name'])).toEqual(['cache', 'web']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('fails on a profile whose kind is misspelt, saying what was meant, and writes nothing', () => {
    const pkg = stage('render-vms');
    try {
      const web = join(pkg, 'vms', 'web.yaml');
      writeFileSync(web, readFileSync(web, 'utf8').replace('kind: VirtualMachineProfile', 'kind: VirtualMachineprofile'));
      sh('git', ['commit', '-qam', 'typo'], pkg);
      const run = runKpt(pkg, { testType: 'render' });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(
        '[error] vm.example.com/v1alpha1/VirtualMachineprofile/apps/web kind: "VirtualMachineprofile" is not a kind of vm.example.com: did you mean "VirtualMachineProfile"? (as written it would pass through unrendered)',
      );
      expect(run.diff).toBe('');
    } finally {
      rmSync(join(pkg, '..', '..', '..'), { recursive: true, force: true });
    }
  });
});

describe('kpt', () => {
  it('is installed (CI must not skip the kpt examples)', () => {
    // One clear failure instead of a crash or a silent skip of every kpt test.
    if (kptVersion.error) {
      throw new Error(
        `kpt is not on PATH (${KPT}: ${(kptVersion.error as NodeJS.ErrnoException).code}), so the kpt example packages cannot run. Install kpt v1 (the Debian package google-cloud-cli-kpt from Google's apt repository, or a release binary), or set KPT to its path.`,
      );
    }
  });
});
