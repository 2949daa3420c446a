// npm run bench (part 2): `vmprofile diff` between two git revisions of a fleet, against its floor in
// the same run: rendering both sides with `vmprofile render`. BENCH_DIFF_SIZES=100,1000 by default.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { resourceList } from './profiles.mjs';

const BIN = new URL('../bin/vmprofile', import.meta.url).pathname;
const SIZES = (process.env.BENCH_DIFF_SIZES ?? '100,1000').split(',').map(Number);
const RUNS = 3;
const env = { PATH: process.env.PATH, HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.com' };

function run(cwd, command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && !(command === BIN && result.status === 2)) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}
const median = (fn) => Array.from({ length: RUNS }, fn).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** One file per namespace, the config beside them. */
function writeFleet(dir, items, functionConfig) {
  rmSync(join(dir, 'vms'), { recursive: true, force: true });
  mkdirSync(join(dir, 'vms'));
  writeFileSync(join(dir, 'vms', 'config.yaml'), stringify(functionConfig));
  const byNamespace = new Map();
  for (const item of items) byNamespace.set(item.metadata.namespace, [...(byNamespace.get(item.metadata.namespace) ?? []), item]);
  for (const [ns, objects] of byNamespace) writeFileSync(join(dir, 'vms', `${ns}.yaml`), objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'));
}

console.log('vmprofile diff of two git revisions (one in ten profiles gets a CPU and a disk size change)');
console.log('profiles | diff HEAD~1 HEAD | render both sides | diff / renders | changes');
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), 'vmprofile-bench-diff-'));
  const git = (...args) => run(dir, 'git', args);
  const { items, functionConfig } = parse(resourceList(size));
  git('init', '-q', '-b', 'main');
  writeFleet(dir, items, functionConfig);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  items.filter((item, i) => item.kind === 'VirtualMachineProfile' && i % 20 === 0).forEach((profile) => {
    profile.spec.cpu += 1;
    profile.spec.disks[1].size = '600Gi';
  });
  writeFleet(dir, items, functionConfig);
  git('add', '-A');
  git('commit', '-q', '-m', 'head');
  const diff = median(() => run(dir, BIN, ['diff', 'HEAD~1', 'HEAD', 'vms']).ms);
  git('checkout', '-q', 'HEAD~1');
  const renderBase = median(() => run(dir, BIN, ['render', 'vms']).ms);
  git('checkout', '-q', 'main');
  const renderHead = median(() => run(dir, BIN, ['render', 'vms']).ms);
  const summary = run(dir, BIN, ['diff', 'HEAD~1', 'HEAD', 'vms', '-o', 'json']).stdout;
  const changes = JSON.parse(summary).changes.length;
  console.log(`${size} | ${fmt(diff)} | ${fmt(renderBase + renderHead)} | ${(diff / (renderBase + renderHead)).toFixed(2)}× | ${changes}`);
  rmSync(dir, { recursive: true, force: true });
}
