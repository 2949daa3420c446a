// vmprofile diff end to end: a real temporary git repository with commits, the built binary, every
// output format and exit status. The rules themselves are tested in test/impact.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CONFIG, type Obj, profile } from '../support/fixtures.js';
import { BIN, EXAMPLES } from '../support/paths.js';

const NET = [{ name: 'a', type: 'bridge', bridgeName: 'br1', vlanId: 10 }];
const web = (spec: Obj = {}) => profile('web', { networks: NET, ...spec }, { namespace: 'prod' });
const disk = (size: string) => [{ name: 'system', size, storageClassName: 'ssd', boot: true, image: 'registry.example.com/os:1' }];

let repo: string;
const home = mkdtempSync(join(tmpdir(), 'vmprofile-diff-home-'));
const env = {
  PATH: process.env['PATH'],
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

function git(...args: string[]) {
  const result = spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}
const write = (path: string, ...objects: unknown[]) => writeFileSync(join(repo, path), objects.map((o) => stringify(o)).join('---\n'));
const commit = (message: string) => {
  git('add', '-A');
  git('commit', '-q', '-m', message);
};
const diff = (args: string[], cwd = repo) => spawnSync(BIN, ['diff', ...args], { cwd, env, encoding: 'utf8' });
const json = (stdout: string) => JSON.parse(stdout) as { changes: Obj[]; summary: Obj };
const brief = (changes: Obj[]) => changes.map((c) => `${c['impact']} ${c['kind']}/${c['name']} ${c['field']}`.trim());

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'vmprofile-diff-'));
  git('init', '-q', '-b', 'main');
  mkdirSync(join(repo, 'vms'));
  write('vms/config.yaml', CONFIG);
  write('vms/web.yaml', web({ cpu: 2, disks: disk('20Gi') }));
  write('README.md', 'not a manifest');
  commit('first');
  write('vms/web.yaml', web({ cpu: 4, disks: disk('40Gi') }));
  commit('grow');
  write('vms/web.yaml', web({ cpu: 4, disks: disk('10Gi') }));
  commit('shrink');
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('vmprofile diff', () => {
  it('compares two revisions: every changed field with its impact, JSON as documented', () => {
    const out = diff(['HEAD~2', 'HEAD~1', 'vms', '-o', 'json']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const result = json(out.stdout);
    expect(brief(result.changes)).toEqual(['restart VirtualMachine/web spec.template.spec.domain.cpu.sockets', 'live PersistentVolumeClaim/web-system spec.resources.requests.storage']);
    expect(result.changes[1]).toEqual({
      profile: 'prod/web',
      kind: 'PersistentVolumeClaim',
      namespace: 'prod',
      name: 'web-system',
      field: 'spec.resources.requests.storage',
      before: '20Gi',
      after: '40Gi',
      impact: 'live',
      why: expect.stringMatching(/^the claim grows/),
    });
    expect(result.summary).toEqual({ restart: 1, live: 1 });
  });

  it('fails a CI gate with exit 2 when a change has an impact it names, and passes it otherwise', () => {
    const gated = diff(['HEAD~1', 'HEAD', '--fail-on', 'data,rejected']);
    expect(gated.status).toBe(2);
    expect(gated.stderr).toBe('vmprofile diff: 1 change with an impact in --fail-on (data,rejected)\n');
    expect(gated.stdout).toMatch(/^IMPACT +PROFILE +OBJECT/);
    expect(gated.stdout).toMatch(/rejected +prod\/web +PersistentVolumeClaim prod\/web-system +spec\.resources\.requests\.storage +40Gi → 10Gi +the API server refuses to shrink/);
    expect(gated.stdout.trimEnd().split('\n').at(-1)).toBe('1 change: 1 rejected');
    expect(diff(['HEAD~2', 'HEAD~1', '--fail-on', 'data,rejected']).status).toBe(0);
  });

  it('writes Markdown for a pull-request comment', () => {
    const out = diff(['HEAD~1', 'HEAD', '--output=markdown']);
    expect(out.stdout).toBe(
      [
        '### vmprofile diff: 1 change: 1 rejected',
        '',
        '| impact | profile | object | field | before → after | why |',
        '|---|---|---|---|---|---|',
        "| **rejected** | prod/web | PersistentVolumeClaim prod/web-system | `spec.resources.requests.storage` | 40Gi → 10Gi | the API server refuses to shrink a claim below its capacity |",
        '',
      ].join('\n'),
    );
  });

  it('compares the working tree with HEAD by default, and with the merge base of the upstream branch when there is one', () => {
    expect(diff([]).stdout).toBe('no changes\n');
    write('vms/web.yaml', web({ cpu: 4, disks: disk('10Gi') }), profile('db', { networks: NET }, { namespace: 'prod' }));
    expect(brief(json(diff(['-o', 'json']).stdout).changes)).toContain('added VirtualMachine/db');
    git('checkout', '-q', '--', '.');
    git('clean', '-qfd');
    git('checkout', '-q', '-b', 'feature', 'HEAD~1');
    git('branch', '-q', '--set-upstream-to=main');
    write('vms/web.yaml', web({ cpu: 5, disks: disk('40Gi') }));
    commit('more cpu');
    // main is at "shrink" (10Gi); the merge base is "grow" (40Gi): only the CPU change is this branch's.
    expect(brief(json(diff(['-o', 'json']).stdout).changes)).toEqual(['restart VirtualMachine/web spec.template.spec.domain.cpu.sockets']);
    git('checkout', '-q', 'main');
  });

  it('reports a removed profile: its disk is left orphaned (data)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-diff-folders-'));
    for (const [side, profiles] of [['old', [web(), profile('db', { networks: NET }, { namespace: 'prod' })]], ['new', [web()]]] as const) {
      mkdirSync(join(dir, side));
      writeFileSync(join(dir, side, 'vms.yaml'), [CONFIG, ...profiles].map((o) => stringify(o)).join('---\n'));
    }
    const out = diff(['old', 'new', '-o', 'json'], dir);
    expect(out.status).toBe(0);
    const result = json(out.stdout);
    expect(brief(result.changes).filter((line) => !line.startsWith('none'))).toEqual(['data PersistentVolumeClaim/db-system', 'removed VirtualMachine/db', 'removed VolumeImportSource/db-system']);
    expect(result.changes[0]!['why']).toMatch(/left orphaned; delete it by hand/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs as the CI examples call it: the GitHub Actions step and the shell script, gating on FAIL_ON', () => {
    git('remote', 'add', 'origin', repo);
    git('fetch', '-q', 'origin');
    const onPath = { ...env, PATH: `${dirname(BIN)}:${env.PATH}` };
    const files = mkdtempSync(join(tmpdir(), 'vmprofile-diff-ci-'));
    // The pull request: a branch at "grow" (40Gi) against origin/main at "shrink" (10Gi): the disk grows.
    git('checkout', '-q', '-b', 'pr', 'main~1');
    const workflow = parse(readFileSync(join(EXAMPLES, 'ci', 'github-actions.yaml'), 'utf8'));
    const step = workflow.jobs.impact.steps.find((s: Obj) => s['id'] === 'diff');
    const ghEnv = { ...onPath, FAIL_ON: workflow.env.FAIL_ON, GITHUB_BASE_REF: 'main', GITHUB_OUTPUT: join(files, 'output'), GITHUB_STEP_SUMMARY: join(files, 'summary') };
    expect(spawnSync('bash', ['-e', '-c', step.run], { cwd: repo, env: ghEnv, encoding: 'utf8' }).status).toBe(0);
    expect(readFileSync(join(files, 'output'), 'utf8')).toBe('status=0\n');
    expect(readFileSync(join(files, 'summary'), 'utf8')).toMatch(/^### vmprofile diff: 1 change: 1 live\n/);
    rmSync(join(repo, 'impact.md'));
    git('checkout', '-q', 'main');
    // The shell script: main shrinks the disk relative to main~1, which FAIL_ON's default gates.
    const script = join(EXAMPLES, 'ci', 'vmprofile-diff.sh');
    const gated = spawnSync(script, ['vms'], { cwd: repo, env: { ...onPath, BASE: 'main~1', OUTPUT: join(files, 'out.md') }, encoding: 'utf8' });
    expect(gated.status).toBe(2);
    expect(gated.stdout).toMatch(/\| \*\*rejected\*\* \| prod\/web \|/);
    expect(spawnSync(script, [], { cwd: repo, env: { ...onPath, BASE: 'main', OUTPUT: join(files, 'out.md') }, encoding: 'utf8' })).toMatchObject({ status: 0, stdout: '### vmprofile diff: no changes\n' });
    rmSync(files, { recursive: true, force: true });
  });

  it('exits 1 with a clear message on a bad revision, a side that does not render, or a bad option', () => {
    expect(diff(['no-such-rev', 'HEAD'])).toMatchObject({ status: 1, stdout: '', stderr: 'vmprofile diff: "no-such-rev" is neither a git revision nor a file or folder\n' });
    write('vms/web.yaml', web({ cpu: 0 }));
    const broken = diff([]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^vmprofile diff: the working tree does not render:\nvms\/web\.yaml:\d+: spec\.cpu: must be at least 1 CPU; got 0\n/);
    git('checkout', '-q', '--', '.');
    expect(diff(['--fail-on', 'boom'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/unknown impact "boom"; the impacts are data, identity, rejected/) });
    expect(diff(['-o', 'yaml'])).toMatchObject({ status: 1, stderr: 'vmprofile diff: --output takes table, markdown or json, not "yaml"\n' });
    const outside = mkdtempSync(join(tmpdir(), 'vmprofile-diff-nogit-'));
    expect(diff([], outside)).toMatchObject({ status: 1, stderr: 'vmprofile diff: not in a git repository: name two folders or files to compare\n' });
    rmSync(outside, { recursive: true, force: true });
  });
});
