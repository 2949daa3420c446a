// Process entry point: arguments, files, stdin, stdout, stderr, exit code. Everything else is pure.
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { manifestFiles } from './files.js';
import { type InputLimit, inputLimitFor, tooLargeMessage } from './limits.js';
import { renderFiles, type SourceFile } from './render.js';
import { type RunOptions, type RunOutput, runFunction, unreadableInput } from './run.js';

const USAGE = `Usage:
  vmprofile [--config FILE]                 run as a KRM function (kustomize, kpt)
  vmprofile render [--config FILE] PATH...  render files, folders or - (stdin) to a YAML stream
  vmprofile schema [--crd]                  print the JSON Schema of profiles and the config (or the CRD)
  vmprofile diff [BASE] [HEAD] [PATH...]    what a change does to running VMs (diff --help)
  vmprofile status [PATH...]                what the cluster reports on the profiles (status --help)

As a KRM function it reads a ResourceList (YAML or JSON) on stdin, replaces every
VirtualMachineProfile with its KubeVirt VirtualMachine, NetworkAttachmentDefinitions,
NodeNetworkConfigurationPolicies and DataVolumes, and writes the ResourceList to stdout.
kustomize runs it only with --enable-alpha-plugins --enable-exec; kpt with --allow-exec.

render reads *.yaml, *.yml and *.json (folders recursively, hidden entries skipped), uses a
VirtualMachineProfileConfig found among them, and prints the manifests to apply: generated
objects and every other object, without local-config objects such as the profiles.

Options:
  --config FILE  the function config (VirtualMachineProfileConfig or ConfigMap); relative to the
                 working directory (under kustomize: the kustomization directory)
  --crd          with schema: the profile's CustomResourceDefinition (YAML) instead of the JSON
                 Schema, which checks each YAML document by its kind (for editors)
  --help         show this help
  --version      print the version

Settings can also come from the environment (VMPROFILE_<SETTING>, e.g. VMPROFILE_CLUSTER_NAME,
or ARGOCD_ENV_VMPROFILE_<SETTING>) and from Argo CD plugin parameters; see docs/configuration.md.

Exit status: 0 on success, 1 on any error. As a KRM function it then returns the input items
unchanged and lists every problem on stderr and in the ResourceList's results.
`;

interface Parsed {
  command: 'function' | 'render' | 'schema' | 'help' | 'version';
  config?: string;
  crd?: boolean;
  paths: string[];
  problem?: string;
}

function parseArgs(args: readonly string[]): Parsed {
  const parsed: Parsed = { command: 'function', paths: [] };
  let rest = args;
  if (args[0] === 'render' || args[0] === 'schema') {
    parsed.command = args[0];
    rest = args.slice(1);
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--help' || arg === '-h') parsed.command = 'help';
    else if (arg === '--version') parsed.command = 'version';
    else if (arg === '--crd' && parsed.command === 'schema') parsed.crd = true;
    else if (arg === '--config' && parsed.command !== 'schema') {
      const value = rest[++i];
      if (value === undefined) return { ...parsed, problem: '--config needs a file name' };
      parsed.config = value;
    } else if (arg.startsWith('--config=') && parsed.command !== 'schema') parsed.config = arg.slice('--config='.length);
    else if (parsed.command === 'render' && (arg === '-' || !arg.startsWith('-'))) parsed.paths.push(arg);
    else return { ...parsed, problem: `unknown argument ${JSON.stringify(arg)}` };
  }
  if (parsed.command === 'render' && parsed.paths.length === 0) return { ...parsed, problem: 'render needs files or folders to read (or - for stdin)' };
  return parsed;
}

const DEBUG = Boolean(process.env['VMPROFILE_DEBUG']);
const INPUT_LIMIT: InputLimit = inputLimitFor(getHeapStatistics().heap_size_limit);

/** stdin, or a marker when it exceeds the limit (the rest is never buffered). */
async function readStdin(): Promise<string | { tooLarge: true }> {
  const chunks: Buffer[] = [];
  const limit = INPUT_LIMIT.bytes;
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      process.stdin.destroy();
      return { tooLarge: true };
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}


async function render(paths: readonly string[], options: RunOptions): Promise<RunOutput> {
  const files: SourceFile[] = [];
  for (const path of paths) {
    if (path === '-') {
      const text = await readStdin();
      if (typeof text !== 'string') return tooLargeForRender('stdin');
      files.push({ path: '<stdin>', text });
      continue;
    }
    let names: string[];
    try {
      names = manifestFiles(path);
    } catch {
      return { stdout: '', stderr: `vmprofile render: ${path}: no such file or folder\n`, exitCode: 1 };
    }
    for (const name of names) files.push({ path: name, text: readFileSync(name, 'utf8').replace(/^\uFEFF/, '') });
  }
  const total = files.reduce((sum, file) => sum + file.text.length, 0);
  if (total > INPUT_LIMIT.bytes) return tooLargeForRender('the input');
  return renderFiles(files, options);
}

function tooLargeForRender(what: string): RunOutput {
  return { stdout: '', stderr: `vmprofile render: ${tooLargeMessage(what, INPUT_LIMIT)}\n`, exitCode: 1 };
}

async function schema(crd: boolean): Promise<string> {
  const { editorJsonSchema, profileCrd } = await import('./json-schema.js');
  if (!crd) return JSON.stringify(editorJsonSchema(), null, 2) + '\n';
  const { outputDocument, stringify } = await import('./yaml.js');
  const doc = outputDocument();
  doc.contents = doc.createNode(profileCrd(), { aliasDuplicateObjects: false });
  return stringify(doc);
}

// Set by the bundler (scripts/build.mjs) from package.json.
declare const VMPROFILE_VERSION: string;

async function main(): Promise<number> {
  if (process.argv[2] === 'diff') {
    const { diffCommand } = await import('./diff.js');
    const output = await diffCommand(process.argv.slice(3), { environment: process.env, debug: DEBUG, inputLimit: INPUT_LIMIT });
    process.stdout.write(output.stdout);
    if (output.stderr) process.stderr.write(output.stderr);
    return output.exitCode;
  }
  if (process.argv[2] === 'status') {
    // A bundle of its own (scripts/build.mjs) with @kubernetes/client-node inside, which the
    // function's start-up never parses. __dirname is dist/ (bin/vmprofile passes it).
    const { statusMain } = require(`${__dirname}/status.cjs`) as typeof import('./status.js');
    return statusMain(process.argv.slice(3), { environment: process.env, debug: DEBUG, inputLimit: INPUT_LIMIT });
  }
  const args = parseArgs(process.argv.slice(2));
  if (args.problem) {
    process.stderr.write(`vmprofile: ${args.problem}\n\n${USAGE}`);
    return 1;
  }
  if (args.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    process.stdout.write(`vmprofile ${VMPROFILE_VERSION}\n`);
    return 0;
  }
  if (args.command === 'schema') {
    process.stdout.write(await schema(args.crd === true));
    return 0;
  }
  const options: RunOptions = { readFile: (path) => readFileSync(path, 'utf8'), environment: process.env, debug: DEBUG, inputLimit: INPUT_LIMIT };
  if (args.config !== undefined) options.configPath = args.config;
  let output: RunOutput;
  if (args.command === 'render') output = await render(args.paths, options);
  else {
    const input = await readStdin();
    output = typeof input === 'string' ? runFunction(input, options) : unreadableInput(tooLargeMessage('the input', INPUT_LIMIT));
  }
  process.stdout.write(output.stdout);
  if (output.stderr) process.stderr.write(output.stderr);
  return output.exitCode;
}

// A closed stdout (e.g. piped into head) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`vmprofile: ${DEBUG && err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
