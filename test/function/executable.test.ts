// bin/vmprofile as kustomize and kpt run it: a separate process, any working directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { editorJsonSchema, profileCrd } from '../../src/function/json-schema.js';
import { CONFIG, profile, read, resourceList } from '../support/fixtures.js';
import { BIN, ROOT } from '../support/paths.js';

function run(args: string[], input: string, cwd = tmpdir()) {
  const result = spawnSync(BIN, args, { input, cwd, encoding: 'utf8' });
  return { ...read(result.stdout || 'items: []', result.status ?? -1, result.stderr), status: result.status };
}

describe('bin/vmprofile', () => {
  it('is an executable script with its shebang on line 1 (kustomize exec needs both)', () => {
    expect(statSync(BIN).mode & 0o111).toBe(0o111);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const mode = spawnSync('git', ['ls-files', '-s', 'bin/vmprofile'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    if (mode) expect(mode.startsWith('100755')).toBe(true);
  });

  it('renders from any working directory, with an empty stderr on success', () => {
    const out = run([], resourceList([profile()], CONFIG), '/');
    expect(out.status).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.ofKind('VirtualMachine')).toHaveLength(1);
  });

  it('exits 1 with the problems on stderr and the input echoed', () => {
    const out = run([], resourceList([profile('vm1', { cpu: 0 })], CONFIG));
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/^\[error\] vm.example.com\/v1alpha1\/VirtualMachineProfile\/vm1 spec.cpu: must be at least 1 CPU; got 0\n/);
    expect(out.items).toEqual([profile('vm1', { cpu: 0 })]);
  });

  it('reads --config relative to its working directory (kustomize: the kustomization root)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-'));
    writeFileSync(join(dir, 'cluster.yaml'), stringify(CONFIG));
    const generator = profile('gen', { networks: [{ name: 'fast', type: 'sriov' }] });
    const out = run(['--config', 'cluster.yaml'], resourceList([generator], generator), dir);
    expect(out.stderr).toBe('');
    expect(out.one('NetworkAttachmentDefinition')['metadata']['name']).toBe('sriov');
    const missing = run(['--config=absent.yaml'], resourceList([generator], generator), dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/config file absent.yaml: cannot read it: no such file/);
  });

  it('prints usage for --help and refuses unknown arguments', () => {
    const help = spawnSync(BIN, ['--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage:\n  vmprofile \[--config FILE\]  +run as a KRM function/);
    const bad = spawnSync(BIN, ['--frobnicate'], { encoding: 'utf8', input: '' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unknown argument "--frobnicate"/);
    expect(spawnSync(BIN, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^vmprofile \d+\.\d+\.\d+\n$/);
  });

  it('prints the editor JSON Schema for schema and the CRD for schema --crd, as generated from the source', () => {
    const printed = (args: string[]) => {
      const result = spawnSync(BIN, ['schema', ...args], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    expect(JSON.parse(printed([]))).toEqual(editorJsonSchema());
    expect(parse(printed(['--crd']))).toEqual(profileCrd());
  });

  it('is one bundle that needs nothing but Node.js built-ins at run time', () => {
    const files = readdirSync(join(ROOT, 'dist'));
    // status.cjs: `vmprofile status`, a bundle of its own (test/function/status.test.ts).
    expect(files.sort()).toEqual(['status.cjs', 'vmprofile.cjs', 'vmprofile.cjs.cache']);
    const bundle = readFileSync(join(ROOT, 'dist', 'vmprofile.cjs'), 'utf8');
    const required = [...bundle.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(builtinModules, name).toContain(name.replace(/^node:/, ''));
  });

});
