// A Kubernetes API server on loopback for `vmprofile status`: it answers the list paths the command
// uses the way kube-apiserver does (list envelopes, Status bodies, a plain-text 404 for a group the
// cluster does not serve), checks the bearer token, and records every request so tests can assert
// that only GETs arrive. Objects come from test/support/cluster-objects.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Obj } from './fixtures.js';

export const TOKEN = 'vmprofile-test-token';

/** Kind of the list and where the resource lives; what the command lists. */
const RESOURCES: Record<string, { group: string; version: string; listKind: string }> = {
  virtualmachines: { group: 'kubevirt.io', version: 'v1', listKind: 'VirtualMachineList' },
  virtualmachineinstances: { group: 'kubevirt.io', version: 'v1', listKind: 'VirtualMachineInstanceList' },
  datavolumes: { group: 'cdi.kubevirt.io', version: 'v1beta1', listKind: 'DataVolumeList' },
  'network-attachment-definitions': { group: 'k8s.cni.cncf.io', version: 'v1', listKind: 'NetworkAttachmentDefinitionList' },
  persistentvolumeclaims: { group: '', version: 'v1', listKind: 'PersistentVolumeClaimList' },
};

export interface ApiRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface FakeApiServer {
  url: string;
  requests: ApiRequest[];
  /** Replaces the objects of the cluster (by kind: VirtualMachine, PersistentVolumeClaim, …). */
  set(objects: readonly Obj[]): void;
  /** Groups the cluster does not serve (e.g. 'kubevirt.io' before KubeVirt is installed). */
  withoutGroups: Set<string>;
  /** Answers 403 for lists of this resource, as RBAC would for the given user; no user lifts it. */
  forbid(resource: string, user?: string): void;
  close(): Promise<void>;
}

const KIND_TO_RESOURCE: Record<string, string> = {
  VirtualMachine: 'virtualmachines',
  VirtualMachineInstance: 'virtualmachineinstances',
  DataVolume: 'datavolumes',
  NetworkAttachmentDefinition: 'network-attachment-definitions',
  PersistentVolumeClaim: 'persistentvolumeclaims',
};

const LIST_PATH = /^\/(?:api\/v1|apis\/([^/]+)\/([^/]+))\/namespaces\/([^/]+)\/([^/?]+)$/;

export async function startApiServer(initial: readonly Obj[] = []): Promise<FakeApiServer> {
  let objects: readonly Obj[] = initial;
  let resourceVersion = 48_213;
  const requests: ApiRequest[] = [];
  const withoutGroups = new Set<string>();
  const forbidden = new Map<string, string>();

  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.end(JSON.stringify(body));
  };
  const status = (res: ServerResponse, code: number, reason: string, message: string, details: Obj = {}) =>
    send(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    // Only reads: anything else is a bug in the command, answered as RBAC would for a viewer.
    if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed', `${req.method} is not allowed here`);
    const match = LIST_PATH.exec(url.pathname);
    const [, group = '', version = 'v1', namespace, plural] = match ?? [];
    const resource = plural ? RESOURCES[plural] : undefined;
    // kube-apiserver's NotFound handler for paths nothing serves: http.NotFound, plain text.
    if (!match || !resource || resource.group !== group || resource.version !== version || withoutGroups.has(group)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      return res.end('404 page not found\n');
    }
    const user = forbidden.get(plural!);
    if (user !== undefined) {
      const what = group ? `${plural}.${group}` : plural;
      return status(res, 403, 'Forbidden', `${what} is forbidden: User "${user}" cannot list resource "${plural}" in API group "${group}" in the namespace "${namespace}"`, { group, kind: plural });
    }
    const items = objects
      .filter((object) => KIND_TO_RESOURCE[object['kind']] === plural && object['metadata']?.['namespace'] === namespace)
      // Core lists carry no kind or apiVersion on their items; custom resource lists do.
      .map((object) => (group === '' ? withoutType(object) : object));
    const list = group === '' ? { kind: resource.listKind, apiVersion: 'v1', metadata: { resourceVersion: String(resourceVersion) }, items } : { apiVersion: `${group}/${version}`, items, kind: resource.listKind, metadata: { continue: '', resourceVersion: String(resourceVersion) } };
    send(res, 200, list);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    withoutGroups,
    set(next) {
      objects = next;
      resourceVersion += 1;
    },
    forbid(resource, user) {
      if (user === undefined) forbidden.delete(resource);
      else forbidden.set(resource, user);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function withoutType(object: Obj): Obj {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  return rest;
}

/**
 * A kubeconfig for the server, in a new temporary folder (under `under`). Plain HTTP needs
 * insecure-skip-tls-verify in client-node; the user authenticates with a bearer token.
 */
export function writeKubeconfig(server: string, options: { namespace?: string; context?: string; under?: string } = {}): string {
  const context = options.context ?? 'test-admin@test';
  const dir = mkdtempSync(join(options.under ?? tmpdir(), 'vmprofile-kubeconfig-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'test', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'test-admin', user: { token: TOKEN } }],
      contexts: [{ name: context, context: { cluster: 'test', user: 'test-admin', ...(options.namespace ? { namespace: options.namespace } : {}) } }],
      'current-context': context,
      preferences: {},
    }),
  );
  return file;
}
