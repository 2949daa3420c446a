// The package as a user installs it (README "Install"): `npm pack`, then `npm install -g` of the
// tarball, here into a temporary prefix whose bin/ goes first on PATH. Then vmprofile is run by
// name, as a shell, kustomize (exec: {path: vmprofile}) and the Argo CD plugin find it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Obj, documents } from '../support/fixtures.js';
import { BIN, EXAMPLES, KUSTOMIZE, ROOT } from '../support/paths.js';

let scratch: string;
let prefix: string;
let packed: string[];
let environment: NodeJS.ProcessEnv;
let installOutput: string;

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, { cwd: options.cwd ?? scratch, env: options.env ?? environment, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return result;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vmprofile-install-'));
  // --ignore-scripts: npm test has built dist/ already, and a second build would empty it under the
  // other test files. The package's own prepare script builds it for a plain `npm pack`.
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: ROOT, env: process.env });
  expect(pack.status, pack.stderr).toBe(0);
  const [summary] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  packed = summary!.files.map((file) => file.path).sort();
  prefix = join(scratch, 'prefix');
  // Runtime dependencies, should the package gain any, come from npm's cache or the registry.
  const install = run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(scratch, summary!.filename)], { env: process.env });
  expect(install.status, install.stderr).toBe(0);
  installOutput = install.stdout + install.stderr;
  environment = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env['PATH']}` };
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('npm pack, then npm install -g of the tarball', () => {
  it('packs the launcher, the bundles (the function with its code cache, status), the README and package.json: nothing else', () => {
    expect(packed).toEqual(['README.md', 'bin/package.json', 'bin/vmprofile', 'dist/status.cjs', 'dist/vmprofile.cjs', 'dist/vmprofile.cjs.cache', 'package.json']);
  });

  it('installs without install-time scripts, so npm asks nobody to allow any', () => {
    expect(installOutput).not.toMatch(/install-scripts|allow-scripts/);
    expect(JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'vmprofile', 'package.json'), 'utf8'))['scripts']).not.toHaveProperty('prepare');
  });

  it('puts vmprofile on PATH, running the installed copy from any folder', () => {
    const found = run('sh', ['-c', 'command -v vmprofile'], { cwd: '/' });
    expect(found.stdout.trim()).toBe(join(prefix, 'bin', 'vmprofile'));
    expect(realpathSync(found.stdout.trim())).toBe(realpathSync(join(prefix, 'lib', 'node_modules', 'vmprofile', 'bin', 'vmprofile')));
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    expect(run('vmprofile', ['--version'], { cwd: '/' }).stdout).toBe(`vmprofile ${version}\n`);
  });

  it('vmprofile schema, render and status (its own bundle) work from PATH, printing what the checkout prints', () => {
    const status = run('vmprofile', ['status', '--help']);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Usage: vmprofile status /);
    const schema = run('vmprofile', ['schema']);
    expect(schema.status, schema.stderr).toBe(0);
    expect(JSON.parse(schema.stdout)['$id']).toBe('https://vm.example.com/schemas/vmprofile-v1alpha1.json');
    const example = join(EXAMPLES, 'kustomization');
    const rendered = run('vmprofile', ['render', '.'], { cwd: example });
    expect(rendered.status, rendered.stderr).toBe(0);
    expect(rendered.stdout).toBe(run(BIN, ['render', '.'], { cwd: example }).stdout);
    expect(documents(rendered.stdout).filter((o: Obj) => o['kind'] === 'VirtualMachine')).toHaveLength(4);
  });

  it('kustomize runs it by name: exec: {path: vmprofile}, as a transformer and as a generator', () => {
    const transformer = join(scratch, 'kustomization');
    cpSync(join(EXAMPLES, 'kustomization'), transformer, { recursive: true });
    const config = readFileSync(join(transformer, 'vmprofile.yaml'), 'utf8');
    expect(config).toContain('path: ../../bin/vmprofile');
    writeFileSync(join(transformer, 'vmprofile.yaml'), config.replace(/path: \.\.\/\.\.\/bin\/vmprofile.*/, 'path: vmprofile'));
    const byName = run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', transformer]);
    expect(byName.status, byName.stderr).toBe(0);
    const objects = documents(byName.stdout);
    expect(objects.filter((o: Obj) => o['kind'] === 'VirtualMachine')).toHaveLength(4);
    expect(objects.filter((o: Obj) => o['kind'] === 'VirtualMachineProfile')).toEqual([]);

    const generator = join(scratch, 'kustomize-generator');
    cpSync(join(EXAMPLES, 'kustomize-generator'), generator, { recursive: true });
    for (const name of ['simple-vm.yaml', 'db-vm.yaml']) {
      const file = join(generator, 'profiles', name);
      writeFileSync(file, readFileSync(file, 'utf8').replace('path: ../../bin/vmprofile', 'path: vmprofile'));
    }
    const generated = run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', generator]);
    expect(generated.status, generated.stderr).toBe(0);
    expect(documents(generated.stdout).filter((o: Obj) => o['kind'] === 'VirtualMachine').map((o: Obj) => o['metadata']['name'])).toEqual(['db-vm', 'simple-vm']);
  });
});
