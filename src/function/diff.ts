// `vmprofile diff [BASE] [HEAD] [PATH…]`: renders both sides with the function's own code (git
// revisions, the working tree, or two folders) and reports what the change does to running VMs.
// The I/O lives here (git, files); the classification is src/impact, which is pure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { IMPACTS, type Impact, classifyChanges } from '../impact/index.js';
import { json, markdown, table } from '../impact/report.js';
import { isManifestPath, manifestFiles } from './files.js';
import { type InputLimit, tooLargeMessage } from './limits.js';
import { type SourceFile, renderObjects } from './render.js';
import type { RunOptions } from './run.js';
import { count } from '../text.js';

const USAGE = `Usage: vmprofile diff [BASE] [HEAD] [PATH...] [--output table|markdown|json] [--fail-on IMPACT,...] [--config FILE]

Renders the profiles under PATH (default .) on both sides with vmprofile's own code and gives every
changed field of every generated object one impact, the worst that applies:
  ${IMPACTS.join(', ')}

BASE and HEAD are git revisions of the repository the paths are in (BASE defaults to the merge base
with the upstream branch, else HEAD; HEAD defaults to the working tree), or two folders or files:
  vmprofile diff                      upstream merge base → working tree
  vmprofile diff main HEAD vms/       two commits, profiles under vms/
  vmprofile diff old/ new/            two folders

Exit status: 0, or 2 when a change has an impact named in --fail-on; 1 on errors (a bad revision,
a side that does not render).
`;

interface DiffIO {
  environment: Readonly<Record<string, string | undefined>>;
  debug: boolean;
  inputLimit: InputLimit;
}

interface DiffOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1 | 2;
}

type Format = 'table' | 'markdown' | 'json';

interface DiffArgs {
  positionals: string[];
  format: Format;
  failOn: Impact[];
  config?: string;
  help?: boolean;
}

class DiffError extends Error {}

function parseArgs(args: readonly string[]): DiffArgs {
  const parsed: DiffArgs = { positionals: [], format: 'table', failOn: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new DiffError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--help' || flag === '-h') parsed.help = true;
    else if (flag === '--output' || flag === '-o') {
      const format = value();
      if (format !== 'table' && format !== 'markdown' && format !== 'json') throw new DiffError(`--output takes table, markdown or json, not ${JSON.stringify(format)}`);
      parsed.format = format;
    } else if (flag === '--fail-on') {
      for (const impact of value().split(',').map((s) => s.trim()).filter(Boolean)) {
        if (!(IMPACTS as readonly string[]).includes(impact)) throw new DiffError(`--fail-on: unknown impact ${JSON.stringify(impact)}; the impacts are ${IMPACTS.join(', ')}`);
        parsed.failOn.push(impact as Impact);
      }
    } else if (flag === '--config') parsed.config = value();
    else if (arg.startsWith('-') && arg !== '-') throw new DiffError(`unknown option ${JSON.stringify(arg)}`);
    else parsed.positionals.push(arg);
  }
  return parsed;
}

function git(args: readonly string[], input?: string): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { encoding: 'utf8', input, maxBuffer: 1 << 30 });
  if (result.error) throw new DiffError(`cannot run git: ${result.error.message}`);
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

const inRepository = () => git(['rev-parse', '--is-inside-work-tree']).ok;
const isRevision = (arg: string) => git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${arg}^{commit}`]).ok;

function defaultBase(): string {
  const base = git(['merge-base', 'HEAD', '@{upstream}']);
  return base.ok ? base.stdout.trim() : 'HEAD';
}

/** The manifests under paths at a revision, read in one git process. */
function filesAt(revision: string, paths: readonly string[]): SourceFile[] {
  const listed = git(['ls-tree', '-r', '-z', '--name-only', '--full-name', revision, '--', ...paths]);
  if (!listed.ok) throw new DiffError(`cannot list ${paths.join(' ')} at ${revision}: ${listed.stderr.trim()}`);
  const names = listed.stdout.split('\0').filter((name) => name !== '' && isManifestPath(name));
  if (names.length === 0) return [];
  const batch = execFileSync('git', ['cat-file', '--batch'], { input: names.map((name) => `${revision}:${name}\n`).join(''), maxBuffer: 1 << 30 });
  const files: SourceFile[] = [];
  let offset = 0;
  for (const name of names) {
    const headerEnd = batch.indexOf(10, offset);
    const size = Number(batch.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    const start = headerEnd + 1;
    files.push({ path: `${revision}:${name}`, text: batch.subarray(start, start + size).toString('utf8').replace(/^\uFEFF/, '') });
    offset = start + size + 1;
  }
  return files;
}

function filesIn(paths: readonly string[]): SourceFile[] {
  return paths.flatMap((path) => {
    if (!existsSync(path)) return [];
    return manifestFiles(path).map((name) => ({ path: name, text: readFileSync(name, 'utf8').replace(/^\uFEFF/, '') }));
  });
}

interface Side {
  label: string;
  files: SourceFile[];
  readFile: (path: string) => string;
}

function workingTree(paths: readonly string[], label = 'the working tree'): Side {
  return { label, files: filesIn(paths), readFile: (path) => readFileSync(path, 'utf8') };
}

function revision(rev: string, paths: readonly string[]): Side {
  const readFile = (path: string) => {
    const shown = git(['show', `${rev}:./${path}`]);
    if (!shown.ok) throw new Error(`${path} does not exist at ${rev}`);
    return shown.stdout;
  };
  return { label: rev, files: filesAt(rev, paths), readFile };
}

/** BASE and HEAD sides from the positional arguments. */
function sides(positionals: readonly string[]): [Side, Side] {
  const repo = inRepository();
  const [first, second] = positionals;
  const isPath = (arg: string | undefined) => arg !== undefined && existsSync(arg);
  if (positionals.length === 2 && isPath(first) && isPath(second) && !(repo && (isRevision(first!) || isRevision(second!)))) {
    return [workingTree([first!], first!), workingTree([second!], second!)];
  }
  if (!repo) throw new DiffError('not in a git repository: name two folders or files to compare');
  const revisions: string[] = [];
  const paths: string[] = [];
  for (const arg of positionals) {
    if (paths.length === 0 && revisions.length < 2 && isRevision(arg)) revisions.push(arg);
    else if (isPath(arg) || revisions.length > 0) paths.push(arg);
    else throw new DiffError(`${JSON.stringify(arg)} is neither a git revision nor a file or folder`);
  }
  if (paths.length === 0) paths.push('.');
  const base = revisions[0] ?? defaultBase();
  const head = revisions[1];
  return [revision(base, paths), head === undefined ? workingTree(paths) : revision(head, paths)];
}

function renderSide(side: Side, args: DiffArgs, io: DiffIO): Record<string, unknown>[] {
  const total = side.files.reduce((sum, file) => sum + file.text.length, 0);
  if (total > io.inputLimit.bytes) throw new DiffError(`${side.label}: ${tooLargeMessage('the input', io.inputLimit)}`);
  const options: RunOptions = { readFile: side.readFile, environment: io.environment, debug: io.debug, inputLimit: io.inputLimit };
  if (args.config !== undefined) options.configPath = args.config;
  const out = renderObjects(side.files, options);
  if ('exitCode' in out) throw new DiffError(`${side.label} does not render:\n${out.stderr.trimEnd()}`);
  return out.objects;
}

export async function diffCommand(argv: readonly string[], io: DiffIO): Promise<DiffOutput> {
  try {
    const args = parseArgs(argv);
    if (args.help) return { stdout: USAGE, stderr: '', exitCode: 0 };
    const [base, head] = sides(args.positionals);
    const impacts = classifyChanges(renderSide(base, args, io), renderSide(head, args, io));
    const stdout = args.format === 'json' ? json(impacts) : args.format === 'markdown' ? markdown(impacts) : table(impacts);
    const failing = impacts.changes.filter((change) => args.failOn.includes(change.impact));
    const stderr = failing.length > 0 ? `vmprofile diff: ${count(failing.length, 'change')} with an impact in --fail-on (${args.failOn.join(',')})\n` : '';
    return { stdout, stderr, exitCode: failing.length > 0 ? 2 : 0 };
  } catch (err) {
    if (!(err instanceof DiffError)) throw err;
    return { stdout: '', stderr: `vmprofile diff: ${err.message}\n`, exitCode: 1 };
  }
}
