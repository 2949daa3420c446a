// The end-to-end tests run the bundle (dist/). npm test builds it first; a run of single test files
// right after npm ci (which no longer builds: the package has no install-time scripts) builds it here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT } from './paths.js';

export default function setup(): void {
  if (existsSync(`${ROOT}dist/vmprofile.cjs`)) return;
  const build = spawnSync(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed; the end-to-end tests need dist/');
}
