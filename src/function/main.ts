// Process entry point: arguments, stdin, stdout, stderr, exit code. Everything else is in run.ts.
import { readFileSync } from 'node:fs';
import { type RunOptions, runFunction } from './run.js';

const USAGE = `Usage: vmprofile [--config FILE]

Runs as a KRM function: reads a ResourceList (YAML or JSON) on stdin, replaces every
VirtualMachineProfile with its KubeVirt VirtualMachine, NetworkAttachmentDefinitions,
NodeNetworkConfigurationPolicies and DataVolumes, and writes the ResourceList to stdout.
Use it from kustomize (--enable-alpha-plugins --enable-exec) or kpt (--allow-exec).

Options:
  --config FILE  read the function config (VirtualMachineProfileConfig or ConfigMap) from FILE,
                 relative to the working directory (kustomize: the kustomization directory);
                 for generator mode, where the functionConfig is the profile itself
  --help         show this help
  --version      print the version

Exit status: 0 on success, 1 on any error (the input items are then returned unchanged and
every problem is listed on stderr and in the ResourceList's results).
`;

interface Parsed {
  help?: boolean;
  version?: boolean;
  config?: string;
  problem?: string;
}

function parseArgs(args: readonly string[]): Parsed {
  const parsed: Parsed = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--version') parsed.version = true;
    else if (arg === '--config') {
      const value = args[++i];
      if (value === undefined) return { problem: '--config needs a file name' };
      parsed.config = value;
    } else if (arg.startsWith('--config=')) parsed.config = arg.slice('--config='.length);
    else return { problem: `unknown argument ${JSON.stringify(arg)}` };
  }
  return parsed;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.problem) {
    process.stderr.write(`vmprofile: ${args.problem}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`vmprofile ${version()}\n`);
    return 0;
  }
  const options: RunOptions = {};
  if (args.config !== undefined) {
    try {
      options.configFile = { path: args.config, text: readFileSync(args.config, 'utf8') };
    } catch (err) {
      // Reported as a result like any other error, so the input is still echoed.
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message ?? err);
      options.configFile = { path: args.config, readError: `${reason} (relative paths start at ${process.cwd()})` };
    }
  }
  const output = runFunction(await readStdin(), options);
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
    process.stderr.write(`vmprofile: ${process.env['VMPROFILE_DEBUG'] && err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
