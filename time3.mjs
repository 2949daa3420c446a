import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
const input = readFileSync('/tmp/big-1.yaml');
const cases = { 'node -e 0': ['-e', '0'], 'snapshot': ['--snapshot-blob', 'snap.blob'], 'cjs bundle': ['bundle.cjs'] };
for (const [name, args] of Object.entries(cases)) {
  const times = [];
  for (let i = 0; i < 31; i++) { const t = process.hrtime.bigint(); spawnSync('node', args, { input }); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
  times.sort((a, b) => a - b);
  console.log(name.padEnd(12), 'median', times[15].toFixed(1), 'ms  min', times[0].toFixed(1));
}
