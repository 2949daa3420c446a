// vmprofile status end to end: the built bin/vmprofile against a Kubernetes API server on loopback
// (test/support/kube-api.ts) serving objects shaped as KubeVirt, CDI and Kubernetes write them.
// The rules themselves are tested in test/status.
import { type SpawnOptions, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { builtinModules } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  boundClaim,
  clusterNad,
  clusterVm,
  generated,
  populatingClaim,
  rendered,
  runningVmi,
  unschedulableVmi,
  vmStatus,
} from '../support/cluster-objects.js';
import { CONFIG, type Obj, profile } from '../support/fixtures.js';
import { type FakeApiServer, startApiServer, writeKubeconfig } from '../support/kube-api.js';
import { BIN, ROOT } from '../support/paths.js';

const ns = { namespace: 'prod' };
const mgmt = { name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100, ipConfig: { mode: 'static', address: '192.168.100.11/24', gateway: '192.168.100.1' } };
const profiles = [
  profile('web', { networks: [mgmt, { name: 'business', type: 'sriov', vlanId: 200, ipConfig: { mode: 'dhcp' } }] }, ns),
  profile('batch', { cpu: 16, memory: '64Gi', networks: [{ ...mgmt, ipConfig: { mode: 'dhcp' } }] }, ns),
  profile('db', { networks: [{ ...mgmt, ipConfig: { mode: 'dhcp' } }] }, ns),
  profile('archive', { startStrategy: { autoStart: false }, networks: [{ ...mgmt, ipConfig: { mode: 'dhcp' } }] }, ns),
  profile('new', { networks: [{ name: 'lab', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 300 }] }, ns),
  // No namespace: it lives where kubectl would apply it (the context's namespace, or --namespace).
  profile('scratch', { networks: [{ ...mgmt, ipConfig: { mode: 'dhcp' } }], disks: [{ name: 'system', size: '10Gi', storageClassName: 'ssd', blank: true }] }),
];
const objects = rendered(profiles);
const vmOf = (name: string) => generated(objects, 'VirtualMachine', name);
const claimOf = (name: string) => generated(objects, 'PersistentVolumeClaim', `${name}-system`);
const macOf = (name: string, i: number) => vmOf(name)['spec']['template']['spec']['domain']['devices']['interfaces'][i]['macAddress'] as string;
const nads = objects.filter((object) => object['kind'] === 'NetworkAttachmentDefinition' && object['metadata']['name'] !== 'bridge-br-mgmt-vlan300').map((nad) => clusterNad(nad));

const web = [
  clusterVm(vmOf('web'), vmStatus.running('web-system')),
  runningVmi(clusterVm(vmOf('web'), {}), 'worker-2', [
    { network: 'mgmt', mac: macOf('web', 0), ip: '192.168.100.11' },
    { network: 'business', mac: macOf('web', 1), ip: '192.168.200.50' },
  ]),
  boundClaim(claimOf('web')),
];
const batch = [clusterVm(vmOf('batch'), vmStatus.unschedulable()), unschedulableVmi(clusterVm(vmOf('batch'), {})), boundClaim(claimOf('batch'))];
const dbImporting = [clusterVm(vmOf('db'), vmStatus.printable('WaitingForVolumeBinding')), populatingClaim(claimOf('db'), { progress: '45.20%' })];
const dbRunning = [
  clusterVm(vmOf('db'), vmStatus.running('db-system')),
  runningVmi(clusterVm(vmOf('db'), {}), 'worker-1', [{ network: 'mgmt', mac: macOf('db', 0), ip: '192.168.100.23' }]),
  boundClaim(claimOf('db')),
];
const archive = [clusterVm(vmOf('archive'), vmStatus.stopped('Halted')), boundClaim(claimOf('archive'))];
const cluster = [...web, ...batch, ...dbImporting, ...archive, ...nads];

let server: FakeApiServer;
let kubeconfig: string;
let dir: string;
let jsonOutput: string;

beforeAll(async () => {
  server = await startApiServer(cluster);
  dir = mkdtempSync(join(tmpdir(), 'vmprofile-status-'));
  kubeconfig = writeKubeconfig(server.url, { namespace: 'lab', under: dir });
  mkdirSync(join(dir, 'vms'));
  for (const p of profiles) writeFileSync(join(dir, 'vms', `${p['metadata']['name']}.yaml`), stringify(p));
  writeFileSync(join(dir, 'vms', 'cluster.yaml'), stringify(CONFIG));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** bin/vmprofile status, asynchronously: the API server answers from this process. */
function status(args: readonly string[], options: SpawnOptions & { home?: string } = {}): Promise<Run> {
  const env = { PATH: process.env['PATH'], HOME: options.home ?? dir, ...(options.env ?? {}) };
  const child = spawn(BIN, ['status', ...args], { cwd: dir, ...options, env });
  return collect(child);
}

function collect(child: ReturnType<typeof spawn>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ status: code, signal, stdout, stderr })));
}

/** An error the user reads: one line, no stack trace, exit status 1. */
function expectOneLineError(run: Run, message: RegExp) {
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^vmprofile status: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.status).toBe(1);
}

describe('vmprofile status', () => {
  it('prints a table like kubectl get: each profile with its phase and what keeps it from running; only reads', async () => {
    server.requests.length = 0;
    const out = await status(['vms', '--kubeconfig', kubeconfig]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toBe(
      [
        'NAMESPACE   NAME      PHASE      READY   NETWORKS   VOLUMES   MESSAGE',
        'lab         scratch   Pending    False   0/1        0/1       VirtualMachine lab/scratch does not exist: apply the rendered manifests (or sync the Argo CD application)',
        'prod        archive   Stopped    False   1/1        1/1       the VM is stopped (runStrategy Halted; virtctl start or runStrategy: Always starts it)',
        'prod        batch     Error      False   1/1        1/1       ErrorUnschedulable: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
        'prod        db        Creating   False   1/1        0/1       importing disk system (45.20%)',
        'prod        new       Pending    False   0/1        0/1       VirtualMachine prod/new does not exist: apply the rendered manifests (or sync the Argo CD application)',
        'prod        web       Running    True    2/2        1/1',
        '',
      ].join('\n'),
    );
    // Only GET lists, with the kubeconfig's token: one per kind and namespace the profiles need.
    expect(server.requests.every((request) => request.method === 'GET' && request.authorization === 'Bearer vmprofile-test-token')).toBe(true);
    expect(server.requests.map((request) => request.path).sort()).toEqual([
      '/api/v1/namespaces/lab/persistentvolumeclaims',
      '/api/v1/namespaces/prod/persistentvolumeclaims',
      '/apis/k8s.cni.cncf.io/v1/namespaces/lab/network-attachment-definitions',
      '/apis/k8s.cni.cncf.io/v1/namespaces/prod/network-attachment-definitions',
      '/apis/kubevirt.io/v1/namespaces/lab/virtualmachineinstances',
      '/apis/kubevirt.io/v1/namespaces/lab/virtualmachines',
      '/apis/kubevirt.io/v1/namespaces/prod/virtualmachineinstances',
      '/apis/kubevirt.io/v1/namespaces/prod/virtualmachines',
    ]);
  });

  it('-o wide adds the node and the guest\'s addresses; --namespace places profiles that name none', async () => {
    const out = await status(['vms', '--kubeconfig', kubeconfig, '-o', 'wide', '--namespace', 'tools']);
    expect(out.status).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE +NAME +PHASE +READY +NETWORKS +VOLUMES +NODE +IPS +MESSAGE$/);
    expect(lines.find((line) => line.startsWith('prod        web'))).toMatch(/ Running +True +2\/2 +1\/1 +worker-2 +192\.168\.100\.11,192\.168\.200\.50$/);
    expect(lines.find((line) => / db /.test(line))).toMatch(/ Creating .* <none> +<none> +importing disk system \(45\.20%\)$/);
    expect(lines.at(-2)).toMatch(/^tools +scratch +Pending /);
  });

  it('-o json (KUBECONFIG from the environment): {items: [{profile, status}]} with the seed\'s field names', async () => {
    const out = await status(['vms', '-o', 'json'], { env: { KUBECONFIG: kubeconfig } });
    expect(out.stderr).toBe('');
    jsonOutput = out.stdout;
    const { items } = JSON.parse(out.stdout) as { items: Obj[] };
    expect(items.map((item) => `${item['profile']} ${item['status']['phase']}`)).toEqual([
      'lab/scratch Pending',
      'prod/archive Stopped',
      'prod/batch Error',
      'prod/db Creating',
      'prod/new Pending',
      'prod/web Running',
    ]);
    expect(items[5]).toEqual({
      profile: 'prod/web',
      status: {
        phase: 'Running',
        vmName: 'web',
        nodeName: 'worker-2',
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: '2024-05-02T08:03:00Z', reason: 'VMRunning', message: 'the VM is running' },
          { type: 'NetworksConfigured', status: 'True', reason: 'InterfacesReported', message: 'the running VM reports 2 interfaces' },
          { type: 'VolumesBound', status: 'True', reason: 'AllBound', message: '1 disk bound and filled' },
        ],
        networks: [
          { name: 'mgmt', interface: 'eth0', ipAddress: '192.168.100.11', macAddress: macOf('web', 0), nadName: 'bridge-br-mgmt-vlan100' },
          { name: 'business', interface: 'eth1', ipAddress: '192.168.200.50', macAddress: macOf('web', 1), nadName: 'sriov-vlan200' },
        ],
        volumes: [{ name: 'system', pvcName: 'web-system', bound: true, size: '20Gi' }],
      },
    });
    expect(items[3]!['status']['volumes']).toEqual([{ name: 'system', pvcName: 'db-system', bound: false, size: '20Gi', progress: '45.20%' }]);
    expect(items[4]!['status']['conditions'].map((c: Obj) => `${c['type']}=${c['status']} ${c['reason']}`)).toEqual([
      'Ready=False VirtualMachineNotFound',
      'NetworksConfigured=False NetworkAttachmentDefinitionNotFound',
      'VolumesBound=False ClaimNotFound',
    ]);
  });

  it('-o yaml prints the same document as -o json', async () => {
    const yaml = await status(['vms', '--kubeconfig', kubeconfig, '-o', 'yaml']);
    expect(yaml.status).toBe(0);
    expect(yaml.stdout).toMatch(/^items:\n- profile: lab\/scratch\n  status:\n    phase: Pending\n/);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(jsonOutput));
  });

  it('--watch prints the table, then each profile whose status changes, until interrupted', async () => {
    const child = spawn(BIN, ['status', 'vms', '--kubeconfig', kubeconfig, '--watch', '--interval', '100ms'], { cwd: dir, env: { PATH: process.env['PATH'], HOME: dir } });
    const done = collect(child);
    let seen = '';
    const waitFor = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${seen}`)), 20_000);
        const check = (chunk?: Buffer) => {
          if (chunk) seen += chunk;
          if (pattern.test(seen)) {
            clearTimeout(timer);
            child.stdout!.off('data', check);
            resolve();
          }
        };
        child.stdout!.on('data', check);
        check();
      });
    await waitFor(/prod +web +Running/);
    server.set([...web, ...batch, ...dbRunning, ...archive, ...nads]);
    await waitFor(/\nprod +db +Running +True +1\/1 +1\/1\n/);
    child.kill('SIGINT');
    const out = await done;
    server.set(cluster);
    expect(out.stderr).toBe('');
    expect({ status: out.status, signal: out.signal }).toEqual({ status: 0, signal: null });
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('NAMESPACE'))).toHaveLength(1);
    expect(lines.slice(7)).toEqual(['prod        db        Running    True    1/1        1/1']);
  });

  it('a missing permission: the API server\'s words, what status needs, exit 1', async () => {
    server.forbid('virtualmachineinstances', 'system:serviceaccount:ci:viewer');
    try {
      const out = await status(['vms', '--kubeconfig', kubeconfig]);
      expectOneLineError(
        out,
        /^vmprofile status: virtualmachineinstances\.kubevirt\.io is forbidden: User "system:serviceaccount:ci:viewer" cannot list resource "virtualmachineinstances" in API group "kubevirt\.io" in the namespace "(lab|prod)" \(403 Forbidden\); vmprofile status needs list on virtualmachines and virtualmachineinstances .*\(docs\/status\.md#permissions\)\n$/,
      );
    } finally {
      server.forbid('virtualmachineinstances');
    }
  });

  it('KubeVirt not installed: the API it lacks, exit 1', async () => {
    server.withoutGroups.add('kubevirt.io');
    try {
      const out = await status(['vms', '--kubeconfig', kubeconfig]);
      expectOneLineError(out, new RegExp(`^vmprofile status: the cluster at ${server.url} \\(context test-admin@test\\) does not serve virtualmachines\\.kubevirt\\.io/v1: is KubeVirt installed\\?\\n$`));
    } finally {
      server.withoutGroups.clear();
    }
  });

  it('an unreachable cluster: where it tried and why, exit 1', async () => {
    const closed = await startApiServer();
    const url = closed.url;
    await closed.close();
    const out = await status(['vms', '--kubeconfig', writeKubeconfig(url, { under: dir })]);
    const port = new URL(url).port;
    expectOneLineError(out, new RegExp(`^vmprofile status: cannot reach the cluster at ${url} \\(context test-admin@test\\): connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\n$`));
  });

  it('a cluster that refuses the token, or does not answer in time: one line each, exit 1', async () => {
    const silent = createServer(() => {}); // accepts connections, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const wrongToken = readFileSync(kubeconfig, 'utf8').replace('vmprofile-test-token', 'expired-token');
    const wrongTokenFile = join(mkdtempSync(join(dir, 'vmprofile-kubeconfig-')), 'config');
    writeFileSync(wrongTokenFile, wrongToken);
    try {
      const [refused, slow] = await Promise.all([
        status(['vms', '--kubeconfig', wrongTokenFile]),
        status(['vms', '--kubeconfig', writeKubeconfig(silentUrl, { under: dir }), '--request-timeout', '300ms']),
      ]);
      expectOneLineError(refused, /^vmprofile status: the cluster at http:\/\/127\.0\.0\.1:\d+ \(context test-admin@test\) does not accept the kubeconfig's credentials \(401 Unauthorized\): log in again or fix the user of the context\n$/);
      expectOneLineError(slow, new RegExp(`^vmprofile status: no answer from the cluster at ${silentUrl} \\(context test-admin@test\\) within 0\\.3 s\\n$`));
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('no kubeconfig anywhere, or an unknown context: says where it looked and what to pass', async () => {
    const [none, context] = await Promise.all([
      status(['vms'], { home: mkdtempSync(join(dir, 'home-')) }),
      status(['vms', '--kubeconfig', kubeconfig, '--context', 'prod-admin']),
    ]);
    expectOneLineError(none, /^vmprofile status: no kubeconfig: pass --kubeconfig FILE, set KUBECONFIG, or create ~\/\.kube\/config\n$/);
    expectOneLineError(context, /^vmprofile status: the kubeconfig has no context "prod-admin"; its contexts: test-admin@test\n$/);
  });

  it('profiles that do not render: render\'s errors, and no request to the cluster', async () => {
    const broken = mkdtempSync(join(dir, 'broken-'));
    writeFileSync(join(broken, 'vm.yaml'), stringify(profile('bad', { cpu: 0 })));
    server.requests.length = 0;
    const out = await status([broken, '--kubeconfig', kubeconfig]);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/vm\.yaml:\d+: spec\.cpu: must be at least 1 CPU; got 0\nvmprofile: 1 error; nothing was rendered\n$/);
    expect(server.requests).toEqual([]);
  });

  it('runs from the function image\'s file set too (bin and dist, no node_modules)', async () => {
    const image = mkdtempSync(join(dir, 'image-'));
    for (const part of ['package.json', 'bin', 'dist']) cpSync(join(ROOT, part), join(image, part), { recursive: true });
    const child = spawn(join(image, 'bin', 'vmprofile'), ['status', 'vms', '--kubeconfig', kubeconfig, '-o', 'json'], { cwd: dir, env: { PATH: process.env['PATH'], HOME: dir } });
    const out = await collect(child);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout).items).toHaveLength(profiles.length);
  });
});

describe('the function\'s start-up', () => {
  it('never loads status: client-node and the status code live in dist/status.cjs, required only by `vmprofile status`', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'vmprofile.cjs'), 'utf8');
    expect(bundle).not.toMatch(/KubeConfig|CustomObjectsApi|VolumesBound/);
    expect([...bundle.matchAll(/\brequire\(`[^`]*`\)/g)].map((match) => match[0])).toEqual(['require(`${__dirname}/status.cjs`)']);
    // status.cjs needs no node_modules either; these optional modules are required inside try/catch.
    const status = readFileSync(join(ROOT, 'dist', 'status.cjs'), 'utf8');
    const optional = ['bufferutil', 'encoding', 'supports-color', 'utf-8-validate'];
    const required = new Set([...status.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1]!.replace(/^node:/, '')));
    expect([...required].filter((name) => !builtinModules.includes(name)).sort()).toEqual(optional);
  });
});
