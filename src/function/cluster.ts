// Reading the cluster for `vmprofile status`, with @kubernetes/client-node: the kubeconfig as kubectl
// finds it, and GET list requests only. Only status loads this module (dist/status.cjs), so the
// function's start-up never pays for it.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig, ObservableMiddleware } from '@kubernetes/client-node';
import type { ListRequest, Resource } from '../status/targets.js';

/** A problem to print as one line (never a stack trace), exit status 1. */
export class ClusterError extends Error {}

interface ClusterOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  environment: Readonly<Record<string, string | undefined>>;
  /** Per request; an unanswered request is an error after this long. */
  timeoutMs: number;
  /** Cancels requests in flight (Ctrl-C under --watch). */
  signal?: AbortSignal;
}

export interface Cluster {
  /** The namespace of profiles without one: --namespace, else the context's, else "default". */
  namespace: string;
  list(request: ListRequest): Promise<Record<string, unknown>[]>;
}

interface Api {
  group: string;
  version: string;
  /** What to install when the cluster does not serve it. */
  provider: string;
}

const APIS: Record<Exclude<Resource, 'persistentvolumeclaims'>, Api> = {
  virtualmachines: { group: 'kubevirt.io', version: 'v1', provider: 'KubeVirt' },
  virtualmachineinstances: { group: 'kubevirt.io', version: 'v1', provider: 'KubeVirt' },
  datavolumes: { group: 'cdi.kubevirt.io', version: 'v1beta1', provider: 'CDI (the Containerized Data Importer)' },
  'network-attachment-definitions': { group: 'k8s.cni.cncf.io', version: 'v1', provider: 'Multus' },
};

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

type ClientNode = typeof import('@kubernetes/client-node');

/** The kubeconfig as kubectl reads it: --kubeconfig, KUBECONFIG, ~/.kube/config, else in-cluster. */
function loadKubeConfig(k8s: ClientNode, options: ClusterOptions): KubeConfig {
  const kc = new k8s.KubeConfig();
  const env = options.environment;
  const home = env['HOME'] ?? homedir();
  const load = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ClusterError(`cannot read ${what}: ${code === 'ENOENT' ? 'no such file' : firstLine(err)}`);
    }
  };
  if (options.kubeconfig !== undefined) load(`the kubeconfig ${options.kubeconfig}`, () => kc.loadFromFile(options.kubeconfig!));
  else if (env['KUBECONFIG']) load(`the kubeconfig KUBECONFIG names (${env['KUBECONFIG']})`, () => kc.loadFromDefault());
  else if (existsSync(join(home, '.kube', 'config'))) load(`the kubeconfig ${join(home, '.kube', 'config')}`, () => kc.loadFromDefault());
  else if (env['KUBERNETES_SERVICE_HOST'] && existsSync(SERVICE_ACCOUNT_TOKEN)) load('the pod\'s service account', () => kc.loadFromCluster());
  else throw new ClusterError('no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config');

  const contexts = kc.getContexts().map((context) => context.name);
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) throw new ClusterError(`the kubeconfig has no context ${JSON.stringify(options.context)}${contexts.length > 0 ? `; its contexts: ${contexts.join(', ')}` : ''}`);
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentContext() || !kc.getContextObject(kc.getCurrentContext())) {
    throw new ClusterError(`the kubeconfig names no current context: pass --context NAME${contexts.length > 0 ? ` (its contexts: ${contexts.join(', ')})` : ''}`);
  }
  if (!kc.getCurrentCluster()) throw new ClusterError(`context ${kc.getCurrentContext()} names a cluster the kubeconfig does not have`);
  return kc;
}

export async function connect(options: ClusterOptions): Promise<Cluster> {
  // Bundled into dist/status.cjs, but initialised only here: status --help or a render error never pays for it.
  const k8s = await import('@kubernetes/client-node');
  const kc = loadKubeConfig(k8s, options);
  const context = kc.getCurrentContext();
  const server = kc.getCurrentCluster()!.server;
  const namespace = options.namespace ?? kc.getContextObject(context)?.namespace ?? 'default';
  const custom: CustomObjectsApi = kc.makeApiClient(k8s.CustomObjectsApi);
  const core: CoreV1Api = kc.makeApiClient(k8s.CoreV1Api);
  const where = `the cluster at ${server} (context ${context})`;

  async function list({ resource, namespace }: ListRequest): Promise<Record<string, unknown>[]> {
    // Each request gets its own deadline: an address that drops packets must not hang the command.
    // A plain timer, not AbortSignal.timeout: combined with AbortSignal.any, that signal may be
    // garbage-collected before it fires, and the request then hangs for good.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    const cancel = () => controller.abort();
    options.signal?.addEventListener('abort', cancel);
    const deadline: ObservableMiddleware = {
      pre: (request) => {
        request.setSignal(controller.signal);
        return new k8s.Observable(Promise.resolve(request));
      },
      post: (response) => new k8s.Observable(Promise.resolve(response)),
    };
    const withDeadline = { middleware: [deadline], middlewareMergeStrategy: 'append' as const };
    try {
      if (resource === 'persistentvolumeclaims') {
        const claims = await core.listNamespacedPersistentVolumeClaim({ namespace }, withDeadline);
        // client-node returns model classes (dates as Date); the status rules read the API's JSON.
        return JSON.parse(JSON.stringify(claims.items)) as Record<string, unknown>[];
      }
      const { group, version } = APIS[resource];
      const answer = (await custom.listNamespacedCustomObject({ group, version, namespace, plural: resource }, withDeadline)) as { items?: unknown };
      if (!Array.isArray(answer?.items)) throw new ClusterError(`${where} answered the list of ${resource} in ${namespace} with something that is not a list`);
      return answer.items as Record<string, unknown>[];
    } catch (err) {
      if (timedOut) throw new ClusterError(`no answer from ${where} within ${options.timeoutMs / 1000} s`);
      throw explain(err, resource, namespace, where, k8s);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
    }
  }
  return { namespace, list };
}

const RBAC_HINT =
  'vmprofile status needs list on virtualmachines and virtualmachineinstances (kubevirt.io), persistentvolumeclaims, datavolumes (cdi.kubevirt.io) and network-attachment-definitions (k8s.cni.cncf.io) in the profiles\' namespaces (docs/status.md#permissions)';

/** One line that names the problem and what to do about it. */
function explain(err: unknown, resource: Resource, namespace: string, where: string, k8s: ClientNode): Error {
  if (err instanceof ClusterError) return err;
  const qualified = resource === 'persistentvolumeclaims' ? 'persistentvolumeclaims' : `${resource}.${APIS[resource].group}`;
  if (err instanceof k8s.ApiException) {
    const status = statusMessage((err as ApiException<unknown>).body);
    switch (err.code) {
      case 401:
        return new ClusterError(`${where} does not accept the kubeconfig's credentials (401 Unauthorized): log in again or fix the user of the context`);
      case 403:
        return new ClusterError(`${status ?? `listing ${qualified} in namespace ${namespace} is forbidden`} (403 Forbidden); ${RBAC_HINT}`);
      case 404:
        if (resource !== 'persistentvolumeclaims') {
          const { group, version, provider } = APIS[resource];
          return new ClusterError(`${where} does not serve ${resource}.${group}/${version}: is ${provider} installed?`);
        }
        return new ClusterError(`${where} answered 404 Not Found for persistentvolumeclaims in ${namespace}${status ? `: ${status}` : ''}`);
      default:
        return new ClusterError(`${where} refused to list ${qualified} in ${namespace} (HTTP ${err.code})${status ? `: ${status}` : ''}`);
    }
  }
  const error = err as { name?: string; code?: string; message?: string; type?: string };
  if (error?.name === 'AbortError') return new ClusterError(`the request to ${where} was cancelled`);
  if (error?.name === 'FetchError' || typeof error?.code === 'string') {
    // node-fetch: "request to https://… failed, reason: connect ECONNREFUSED 127.0.0.1:6443"
    const reason = /reason: (.*)$/s.exec(error.message ?? '')?.[1] ?? error.message ?? String(err);
    return new ClusterError(`cannot reach ${where}: ${firstLine(reason)}`);
  }
  return new ClusterError(`cannot list ${qualified} in ${namespace} from ${where}: ${firstLine(err)}`);
}

/** The message of a Kubernetes Status body, e.g. 'virtualmachines.kubevirt.io is forbidden: User "jane" cannot list …'. */
function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() ? firstLine(body) : undefined;
    }
  }
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

function firstLine(value: unknown): string {
  const text = value instanceof Error ? value.message : String(value);
  return text.split('\n')[0]!.trim();
}
