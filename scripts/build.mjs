// Bundles the function into one file (dist/vmprofile.cjs) with every dependency inside: no module
// resolution at start-up and no node_modules at run time; `vmprofile status` separately
// (dist/status.cjs). Then renders the example once through bin/vmprofile to write V8's code cache
// for it. Type checking is tsc's job (npm run typecheck).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { parse, stringify } from 'yaml';

const root = new URL('..', import.meta.url);
const path = (relative) => new URL(relative, root).pathname;
const { version } = JSON.parse(readFileSync(path('package.json'), 'utf8'));

rmSync(path('dist'), { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  define: { VMPROFILE_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
};
// The function: a function body for bin/vmprofile's vm.Script wrapper (which passes require, module, exports).
await build({ ...common, entryPoints: [path('src/function/main.ts')], outfile: path('dist/vmprofile.cjs') });
// `vmprofile status`, which main.ts requires only for that command, with @kubernetes/client-node
// inside: one file loads in a sixth of the time client-node's hundreds of ES modules take from
// node_modules, and status too runs without node_modules.
await build({ ...common, entryPoints: [path('src/function/status.ts')], outfile: path('dist/status.cjs') });

// Warm-up render: the example's profiles and config, as kustomize would send them.
const example = path('examples/kustomization/');
const items = readdirSync(`${example}profiles`).map((name) => parse(readFileSync(`${example}profiles/${name}`, 'utf8')));
const functionConfig = parse(readFileSync(`${example}vmprofile.yaml`, 'utf8'));
const warm = spawnSync(path('bin/vmprofile'), [], {
  input: stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }),
  env: { ...process.env, VMPROFILE_CODE_CACHE: 'write' },
});
if (warm.status !== 0) throw new Error(`the warm-up render failed:\n${warm.stderr}`);
