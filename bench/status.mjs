// npm run bench (part 3): what `vmprofile status` costs, and that the function does not pay for it.
// The function parses dist/vmprofile.cjs only; status lives in dist/status.cjs (with
// @kubernetes/client-node), which main.ts requires for `vmprofile status` alone. Measured,
// interleaved: the function on one profile, `vmprofile status --help` (loading status.cjs), and a
// full `vmprofile status` of examples/kustomization against an API server on loopback that answers
// every list with no items. BENCH_BIN measures another build (e.g. one without status) the same way.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resourceList } from './profiles.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = process.env.BENCH_BIN ?? join(ROOT, 'bin', 'vmprofile');
const RUNS = 11;
const dist = join(dirname(BIN), '..', 'dist');
const kib = (name) => (existsSync(join(dist, name)) ? `${(statSync(join(dist, name)).size / 1024).toFixed(0)} KiB` : 'absent');

// Lists answered empty: every profile is Pending, after the whole read → compute → print path.
const server = createServer((req, res) => {
  res.writeHead(req.method === 'GET' ? 200 : 405, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items: [] }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const work = mkdtempSync(join(tmpdir(), 'vmprofile-bench-status-'));
const kubeconfig = join(work, 'config');
writeFileSync(
  kubeconfig,
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'bench', cluster: { server: `http://127.0.0.1:${server.address().port}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'bench', user: { token: 'bench' } }],
    contexts: [{ name: 'bench', context: { cluster: 'bench', user: 'bench' } }],
    'current-context': 'bench',
  }),
);

/** Wall time of one run; asynchronous, so the server above can answer. */
function time(args, input) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(BIN, args, { env: { PATH: process.env.PATH, HOME: work } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.resume();
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e6) : reject(new Error(`${BIN} ${args.join(' ')}: ${stderr}`))));
    child.stdin.end(input ?? '');
  });
}

const one = resourceList(1);
const example = join(ROOT, 'examples', 'kustomization');
const cases = [
  ['the function, 1 profile (ResourceList on stdin)', [], one],
  ['`vmprofile status --help` (loads dist/status.cjs)', ['status', '--help']],
  ['`vmprofile status examples/kustomization` (4 profiles; lists on loopback)', ['status', join(example, 'profiles'), join(example, 'vmprofile.yaml'), '--kubeconfig', kubeconfig]],
];
const samples = cases.map(() => []);
spawnSync('node', ['-e', '0']);
for (let i = 0; i < RUNS; i++) for (const [c, [, args, input]] of cases.entries()) samples[c].push(await time(args, input));
server.close();
rmSync(work, { recursive: true, force: true });

const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(`\nvmprofile status — ${BIN}: dist/vmprofile.cjs ${kib('vmprofile.cjs')} (all the function parses), dist/status.cjs ${kib('status.cjs')} (status only)\n`);
console.log('| run | median (spread), ' + RUNS + ' runs |\n|---|---|');
for (const [c, [label]] of cases.entries()) {
  const sorted = samples[c].sort((a, b) => a - b);
  console.log(`| ${label} | ${fmt(sorted[Math.floor(RUNS / 2)])} (${fmt(sorted[0])}–${fmt(sorted.at(-1))}) |`);
}
