// `vmprofile status [PATH…]`: renders the profiles as `vmprofile render` does, reads what the cluster
// reports on the objects they generate, and prints each profile's status (design document 002).
// The I/O lives here and in cluster.ts (which only reads); the rules are src/status, which is pure.
// scripts/build.mjs bundles this file on its own (dist/status.cjs), so the function never loads it.
import { readFileSync } from 'node:fs';
import { type StatusItem, statusesOf } from '../status/compute.js';
import type { ClusterObjects } from '../status/observed.js';
import { FORMATS, type Format, TableWriter, json, jsonLine, yaml, yamlDocument } from '../status/report.js';
import { type ListRequest, type Resource, type Target, listsFor, targetsOf } from '../status/targets.js';
import { type Cluster, ClusterError, connect } from './cluster.js';
import { manifestFiles } from './files.js';
import { type InputLimit, tooLargeMessage } from './limits.js';
import { type SourceFile, renderObjects } from './render.js';
import type { RunOptions } from './run.js';

const USAGE = `Usage: vmprofile status [PATH...] [-o wide|yaml|json] [--watch] [--kubeconfig FILE] [--context NAME] [-n NAMESPACE]

Renders the profiles under PATH (files or folders, default .) as vmprofile render does, reads what
KubeVirt, CDI and Kubernetes report on the objects they generate, and prints each profile's status:
its phase (Pending, Creating, Running, Stopped, Error), node, networks and disks. It only reads the
cluster (list requests). Details: docs/status.md.

Options:
  -o, --output FORMAT      wide (adds node and IP addresses), yaml or json; default: a table
  -w, --watch              keep printing what changes (every --interval) until interrupted
      --interval DURATION  how often --watch reads the cluster (default 2s)
      --kubeconfig FILE    default: KUBECONFIG, then ~/.kube/config, then the pod's service account
      --context NAME       a context of the kubeconfig other than its current one
  -n, --namespace NAME     the namespace of profiles that name none (default: the context's, else default)
      --request-timeout DURATION
                           give up on a cluster that does not answer within this (default 30s)
      --config FILE        the function config, as for render

Exit status: 0 when the statuses were printed (whatever they are); 1 when the profiles do not
render or the cluster cannot be read (unreachable, a missing permission, KubeVirt not installed).
`;

interface StatusIO {
  environment: Readonly<Record<string, string | undefined>>;
  debug: boolean;
  inputLimit: InputLimit;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Aborting it ends --watch (and any read in progress) with exit status 0 (130 before anything was printed). */
  signal?: AbortSignal;
}

interface StatusArgs {
  paths: string[];
  format: Format;
  watch: boolean;
  intervalMs: number;
  timeoutMs: number;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  config?: string;
  help?: boolean;
}

class UsageError extends Error {}

/** "2s", "500ms", "1m" or plain seconds. */
function duration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  const ms = match ? Number(match[1]) * (match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000) : NaN;
  if (!(ms > 0)) throw new UsageError(`${flag} takes a duration such as 2s, 500ms or 1m, not ${JSON.stringify(text)}`);
  return ms;
}

function parseArgs(argv: readonly string[]): StatusArgs {
  const args: StatusArgs = { paths: [], format: 'table', watch: false, intervalMs: 2000, timeoutMs: 30_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--help' || flag === '-h') args.help = true;
    else if (flag === '--output' || flag === '-o') {
      const format = value();
      if (!(FORMATS as readonly string[]).includes(format) || format === 'table') throw new UsageError(`--output takes wide, yaml or json, not ${JSON.stringify(format)}`);
      args.format = format as Format;
    } else if (flag === '--watch' || flag === '-w') args.watch = true;
    else if (flag === '--interval') args.intervalMs = duration(flag, value());
    else if (flag === '--request-timeout') args.timeoutMs = duration(flag, value());
    else if (flag === '--kubeconfig') args.kubeconfig = value();
    else if (flag === '--context') args.context = value();
    else if (flag === '--namespace' || flag === '-n') args.namespace = value();
    else if (flag === '--config') args.config = value();
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    else args.paths.push(arg);
  }
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}

/** The objects the profiles generate, rendered with the function's own code. */
function render(args: StatusArgs, io: StatusIO): Record<string, unknown>[] {
  const files: SourceFile[] = [];
  for (const path of args.paths) {
    let names: string[];
    try {
      names = manifestFiles(path);
    } catch {
      throw new UsageError(`${path}: no such file or folder`);
    }
    for (const name of names) files.push({ path: name, text: readFileSync(name, 'utf8').replace(/^\uFEFF/, '') });
  }
  if (files.reduce((sum, file) => sum + file.text.length, 0) > io.inputLimit.bytes) throw new UsageError(tooLargeMessage('the input', io.inputLimit));
  const options: RunOptions = { readFile: (path) => readFileSync(path, 'utf8'), environment: io.environment, debug: io.debug, inputLimit: io.inputLimit };
  if (args.config !== undefined) options.configPath = args.config;
  const out = renderObjects(files, options);
  // Render's warnings are render's business; its errors mean there is nothing to look up.
  if ('exitCode' in out) throw new RenderError(out.stderr);
  return out.objects;
}

class RenderError extends Error {}

const FIELD: Record<Resource, keyof ClusterObjects> = {
  virtualmachines: 'virtualMachines',
  virtualmachineinstances: 'virtualMachineInstances',
  persistentvolumeclaims: 'persistentVolumeClaims',
  datavolumes: 'dataVolumes',
  'network-attachment-definitions': 'networkAttachmentDefinitions',
};

/** Every list the targets need, a few at a time. */
async function read(cluster: Cluster, requests: readonly ListRequest[]): Promise<ClusterObjects> {
  const objects: ClusterObjects = { virtualMachines: [], virtualMachineInstances: [], persistentVolumeClaims: [], dataVolumes: [], networkAttachmentDefinitions: [] };
  const queue = [...requests];
  const worker = async () => {
    for (let request = queue.shift(); request; request = queue.shift()) {
      const items = await cluster.list(request);
      for (const item of items) {
        const metadata = (item['metadata'] ?? {}) as { namespace?: string };
        (objects[FIELD[request.resource]] as unknown[]).push({ ...item, metadata: { namespace: request.namespace, ...metadata } });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, requests.length) }, worker));
  return objects;
}

async function statuses(cluster: Cluster, targets: readonly Target[]): Promise<StatusItem[]> {
  return statusesOf(targets, await read(cluster, listsFor(targets)));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function statusCommand(argv: readonly string[], io: StatusIO): Promise<number> {
  let watching = false;
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(USAGE);
      return 0;
    }
    const rendered = render(args, io);
    const cluster = await connect({
      environment: io.environment,
      timeoutMs: args.timeoutMs,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : {}),
      ...(args.context !== undefined ? { context: args.context } : {}),
      ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
    });
    const targets = targetsOf(rendered, cluster.namespace);
    if (targets.length === 0) throw new UsageError(`no VirtualMachineProfile under ${args.paths.join(', ')}`);

    let items = await statuses(cluster, targets);
    if (!args.watch) {
      io.stdout(args.format === 'json' ? json(items) : args.format === 'yaml' ? yaml(items) : new TableWriter(args.format === 'wide').rows(items));
      return 0;
    }
    // --watch: everything once, then each profile whose status changed, until interrupted.
    watching = true;
    const table = new TableWriter(args.format === 'wide');
    const print = (changed: StatusItem[]) => {
      if (changed.length === 0) return;
      if (args.format === 'json') io.stdout(changed.map(jsonLine).join(''));
      else if (args.format === 'yaml') io.stdout(changed.map(yamlDocument).join(''));
      else io.stdout(table.rows(changed));
    };
    print(items);
    while (!io.signal?.aborted) {
      await sleep(args.intervalMs, io.signal);
      if (io.signal?.aborted) break;
      const next = await statuses(cluster, targets);
      const before = new Map(items.map((item) => [item.profile, JSON.stringify(item.status)]));
      print(next.filter((item) => before.get(item.profile) !== JSON.stringify(item.status)));
      items = next;
    }
    return 0;
  } catch (err) {
    // Interrupted: the end of --watch, or of a read nobody waits for any more (128 + SIGINT).
    if (io.signal?.aborted) return watching ? 0 : 130;
    if (err instanceof RenderError) {
      io.stderr(err.message);
      return 1;
    }
    if (err instanceof UsageError || err instanceof ClusterError) {
      io.stderr(`vmprofile status: ${err.message}\n`);
      return 1;
    }
    io.stderr(`vmprofile status: ${io.debug && err instanceof Error ? err.stack : err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return 1;
  }
}

/** The process around statusCommand: its streams, and Ctrl-C (or SIGTERM) ending --watch cleanly. */
export async function statusMain(argv: readonly string[], io: Pick<StatusIO, 'environment' | 'debug' | 'inputLimit'>): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await statusCommand(argv, {
      ...io,
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      signal: controller.signal,
    });
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
