// The Argo CD health checks in argocd/health/, run by a real Lua 5.1 interpreter against objects shaped as
// KubeVirt, CDI and Kubernetes write them, inside the environment Argo CD gives a custom check from argocd-cm:
// gopher-lua (Lua 5.1) with only the base and table libraries (argoproj/argo-cd util/lua/lua.go runLua), so a
// check that calls string.*, math.* or a string method fails here as it would in Argo CD. One lua5.1 process
// runs all cases of a file.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/paths.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
type Health = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

interface Case {
  id: string;
  obj: Obj;
  status: Health;
  /** Substrings the message must contain (the reason Argo CD shows in its UI). */
  says?: string[];
}

const LUA = 'lua5.1';
const HEALTH_DIR = join(ROOT, 'argocd', 'health');
const IN_CI = Boolean(process.env['CI']);
const luaFound = spawnSync(LUA, ['-e', 'io.write(_VERSION)'], { encoding: 'utf8' }).stdout === 'Lua 5.1';
if (!luaFound && !IN_CI) {
  console.warn('test/argocd/health.test.ts: lua5.1 not found, the Lua health checks are not tested (apt-get install lua5.1)');
}

// ---- JSON → Lua table literal ----

/** A Lua string literal; bytes outside printable ASCII as \ddd, so UTF-8 reaches Lua unchanged. */
function luaString(value: string): string {
  let out = '"';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString().padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** A Lua expression for a JSON value, as Argo CD decodes it: null is absent, arrays are 1-based tables. */
function toLua(value: Json): string {
  if (value === null) return 'nil';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a JSON number: ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return luaString(value);
  if (Array.isArray(value)) return `{${value.filter((item) => item !== null).map(toLua).join(', ')}}`;
  const fields = Object.entries(value)
    .filter(([, item]) => item !== null)
    .map(([key, item]) => `[${luaString(key)}] = ${toLua(item)}`);
  return `{${fields.join(', ')}}`;
}

// ---- running a check ----

const HARNESS = `
local check = assert(loadfile(CHECK))
local gsub = string.gsub
local strings = getmetatable("")
local allowed = {}
for _, name in ipairs({ "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawset",
    "select", "tonumber", "tostring", "type", "unpack", "xpcall", "getmetatable", "setmetatable", "_VERSION" }) do
  allowed[name] = _G[name]
end
allowed.table = table
local function escape(s)
  return (gsub(gsub(gsub(s, "\\\\", "\\\\\\\\"), "\\t", "\\\\t"), "\\n", "\\\\n"))
end
local function run(id, obj)
  local env = {}
  for name, value in pairs(allowed) do env[name] = value end
  env._G = env
  env.obj = obj
  setfenv(check, env)
  local index = strings.__index
  strings.__index = nil -- no string methods, as in Argo CD without open libraries
  local ok, hs = pcall(check)
  strings.__index = index
  if not ok then
    io.write(id, "\\tERROR\\t", escape(tostring(hs)), "\\n")
  elseif type(hs) ~= "table" then
    io.write(id, "\\tERROR\\treturned a ", type(hs), "\\n")
  elseif type(hs.status) ~= "string" or type(hs.message) ~= "string" then
    io.write(id, "\\tERROR\\tstatus ", type(hs.status), ", message ", type(hs.message), "\\n")
  else
    io.write(id, "\\t", escape(hs.status), "\\t", escape(hs.message), "\\n")
  end
  for name in pairs(env) do
    if allowed[name] == nil and name ~= "_G" and name ~= "obj" then
      io.write(id, "\\tGLOBAL\\t", tostring(name), "\\n")
    end
  end
end
`;

interface Outcome {
  status: string;
  message: string;
  globals: string[];
}

const outcomes = new Map<string, Map<string, Outcome>>();

/** Every case of one check file, in one lua5.1 process. */
function evaluate(file: string, cases: readonly Case[]): Map<string, Outcome> {
  const cached = outcomes.get(file);
  if (cached) return cached;
  const script = [
    `local CHECK = ${luaString(join(HEALTH_DIR, file))}`,
    HARNESS,
    ...cases.map((c) => `run(${luaString(c.id)}, ${toLua(c.obj)})`),
  ].join('\n');
  const lua = spawnSync(LUA, ['-'], { input: script, encoding: 'utf8' });
  if (lua.status !== 0) throw new Error(`lua5.1 failed on ${file}:\n${lua.stderr}`);
  const unescape = (s: string) => s.replace(/\\([\\tn])/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : '\\'));
  const results = new Map<string, Outcome>();
  for (const line of lua.stdout.split('\n').filter(Boolean)) {
    const [id, status, message] = line.split('\t') as [string, string, string];
    const outcome = results.get(id) ?? { status: '', message: '', globals: [] };
    if (status === 'GLOBAL') outcome.globals.push(message);
    else Object.assign(outcome, { status, message: unescape(message) });
    results.set(id, outcome);
  }
  outcomes.set(file, results);
  return results;
}

// ---- fixtures, shaped as the controllers write them ----

const T0 = '2026-09-01T08:00:00Z';
const T1 = '2026-09-01T08:01:30Z';

function cond(type: string, status: 'True' | 'False' | 'Unknown', reason?: string, message?: string): Obj {
  return { type, status, lastProbeTime: null, lastTransitionTime: T0, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

const vmiMissing = cond('Ready', 'False', 'VMINotExists', 'VMI does not exist');
const vmiReady = cond('Ready', 'True');
const liveMigratable = cond('LiveMigratable', 'True');
const agent = cond('AgentConnected', 'True');
const snapshots: Json[] = [{ name: 'rootdisk', enabled: true }, { name: 'cloudinitdisk', enabled: false, reason: 'Snapshot is not supported for this volumeSource type [cloudinitdisk]' }];

function vm(spec: Obj, status?: Obj, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'web-1', namespace: 'vms', generation: 2, annotations: { 'kubevirt.io/latest-observed-api-version': 'v1' }, ...metadata },
    spec: { ...spec, template: { spec: { domain: { devices: {} } } } },
    ...(status ? { status } : {}),
  };
}

const running: Obj = { created: true, ready: true, printableStatus: 'Running', runStrategy: 'Always', desiredGeneration: 2, observedGeneration: 2, volumeSnapshotStatuses: snapshots };
const unschedulable = '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';

const VM_CASES: Case[] = [
  { id: 'no status', obj: vm({ runStrategy: 'Always' }), status: 'Progressing', says: ['No status available'] },
  { id: 'no spec, no status', obj: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'x' } }, status: 'Progressing' },
  {
    id: 'running and ready',
    obj: vm({ runStrategy: 'Always' }, { ...running, conditions: [vmiReady, liveMigratable, agent] }),
    status: 'Healthy',
    says: ['Running'],
  },
  {
    id: 'running, readiness probe failing',
    obj: vm({ runStrategy: 'Always' }, { ...running, ready: false, conditions: [cond('Ready', 'False', 'PodNotReady', 'containers with unready status: [compute]')] }),
    status: 'Progressing',
    says: ['not ready', 'PodNotReady'],
  },
  {
    id: 'Halted and stopped',
    obj: vm({ runStrategy: 'Halted' }, { printableStatus: 'Stopped', runStrategy: 'Halted', conditions: [vmiMissing], volumeSnapshotStatuses: snapshots }),
    status: 'Healthy',
    says: ['Halted'],
  },
  { id: 'running: false, stopped', obj: vm({ running: false }, { printableStatus: 'Stopped', conditions: [vmiMissing] }), status: 'Healthy' },
  { id: 'running: true, stopped', obj: vm({ running: true }, { printableStatus: 'Stopped', conditions: [vmiMissing] }), status: 'Progressing', says: ['Always'] },
  {
    id: 'Manual, never started',
    obj: vm({ runStrategy: 'Manual' }, { printableStatus: 'Stopped', conditions: [vmiMissing], volumeSnapshotStatuses: snapshots }),
    status: 'Healthy',
    says: ['Manual'],
  },
  {
    id: 'Manual, stopped by virtctl after running',
    obj: vm({ runStrategy: 'Manual' }, { printableStatus: 'Stopped', runStrategy: 'Manual', desiredGeneration: 2, observedGeneration: 2, conditions: [vmiMissing] }),
    status: 'Healthy',
  },
  {
    // virtctl start on a VM without status: virt-api adds /status with only the request (lifecycle.go getChangeRequestJson)
    id: 'Manual, start requested before the controller wrote status',
    obj: vm({ runStrategy: 'Manual' }, { stateChangeRequests: [{ action: 'Start' }] }),
    status: 'Progressing',
    says: ['start'],
  },
  {
    id: 'Manual, start requested',
    obj: vm({ runStrategy: 'Manual' }, { printableStatus: 'Stopped', conditions: [vmiMissing], stateChangeRequests: [{ action: 'Start' }] }),
    status: 'Progressing',
  },
  {
    // virtctl stop under RerunOnFailure: a Stop request with the VMI's UID in status (lifecycle.go patchVMStatusStopped)
    id: 'RerunOnFailure, stopping after virtctl stop',
    obj: vm(
      { runStrategy: 'RerunOnFailure' },
      {
        ...running,
        runStrategy: 'RerunOnFailure',
        printableStatus: 'Stopping',
        conditions: [vmiReady],
        stateChangeRequests: [{ action: 'Stop', uid: '5b0f2a5e-8c1e-4d2f-9a51-0c7f4c2f3e11' }],
      },
    ),
    status: 'Progressing',
    says: ['Stopping'],
  },
  {
    // then the controller deletes the VMI and pops the request; status.runStrategy stays recorded (vm.go updateStatus)
    id: 'RerunOnFailure, stopped by virtctl',
    obj: vm({ runStrategy: 'RerunOnFailure' }, { printableStatus: 'Stopped', runStrategy: 'RerunOnFailure', desiredGeneration: 2, observedGeneration: 2, conditions: [vmiMissing] }),
    status: 'Healthy',
    says: ['RerunOnFailure'],
  },
  {
    id: 'RerunOnFailure, never started yet',
    obj: vm({ runStrategy: 'RerunOnFailure' }, { printableStatus: 'Stopped', conditions: [vmiMissing] }),
    status: 'Progressing',
  },
  {
    id: 'RerunOnFailure, just switched from Halted',
    obj: vm({ runStrategy: 'RerunOnFailure' }, { printableStatus: 'Stopped', runStrategy: 'Halted', conditions: [vmiMissing] }),
    status: 'Progressing',
  },
  {
    id: 'RerunOnFailure, restart after a failure requested',
    obj: vm({ runStrategy: 'RerunOnFailure' }, { printableStatus: 'Stopped', runStrategy: 'RerunOnFailure', conditions: [vmiMissing], stateChangeRequests: [{ action: 'Start' }] }),
    status: 'Progressing',
  },
  {
    id: 'Always, stopped (just created, DataVolumes pending)',
    obj: vm({ runStrategy: 'Always' }, { printableStatus: 'Stopped', conditions: [vmiMissing] }),
    status: 'Progressing',
    says: ['Always'],
  },
  {
    id: 'Once, after its run',
    obj: vm({ runStrategy: 'Once' }, { created: true, printableStatus: 'Stopped', runStrategy: 'Once', conditions: [cond('Ready', 'False', 'PodCompleted')] }),
    status: 'Healthy',
  },
  { id: 'Once, not run yet', obj: vm({ runStrategy: 'Once' }, { printableStatus: 'Stopped', conditions: [vmiMissing] }), status: 'Progressing' },
  {
    id: 'Starting',
    obj: vm({ runStrategy: 'Always' }, { created: true, printableStatus: 'Starting', conditions: [cond('Ready', 'False', 'GuestNotRunning', 'Guest VM is not reported as running')] }),
    status: 'Progressing',
    says: ['Starting'],
  },
  { id: 'Provisioning', obj: vm({ runStrategy: 'Always' }, { printableStatus: 'Provisioning', conditions: [vmiMissing] }), status: 'Progressing', says: ['Provisioning'] },
  {
    id: 'WaitingForVolumeBinding',
    obj: vm({ runStrategy: 'Always' }, { created: true, printableStatus: 'WaitingForVolumeBinding', conditions: [cond('Ready', 'False', 'GuestNotRunning')] }),
    status: 'Progressing',
    says: ['WaitingForVolumeBinding'],
  },
  {
    id: 'Migrating',
    obj: vm({ runStrategy: 'Always' }, { ...running, printableStatus: 'Migrating', conditions: [vmiReady, liveMigratable] }),
    status: 'Progressing',
    says: ['Migrating'],
  },
  {
    id: 'Terminating',
    obj: vm({ runStrategy: 'Always' }, { ...running, printableStatus: 'Terminating' }, { deletionTimestamp: T1, finalizers: ['kubevirt.io/virtualMachineControllerFinalize'] }),
    status: 'Progressing',
  },
  {
    // KubeVirt copies the VMI's PodScheduled condition (the pod's, with the scheduler's message) onto the VM
    id: 'ErrorUnschedulable',
    obj: vm({ runStrategy: 'Always' }, { created: true, printableStatus: 'ErrorUnschedulable', conditions: [cond('Ready', 'False', 'GuestNotRunning'), cond('PodScheduled', 'False', 'Unschedulable', unschedulable)] }),
    status: 'Degraded',
    says: ['ErrorUnschedulable', '3 Insufficient memory'],
  },
  {
    id: 'CrashLoopBackOff',
    obj: vm(
      { runStrategy: 'Always' },
      {
        printableStatus: 'CrashLoopBackOff',
        runStrategy: 'Always',
        conditions: [vmiMissing],
        startFailure: { consecutiveFailCount: 3, lastFailedVMIUID: '0d3a9a55-4a4e-4f7e-8b0d-8f2b2f7b1c2d', retryAfterTimestamp: T1 },
      },
    ),
    status: 'Degraded',
    says: ['CrashLoopBackOff', '3 consecutive failures', T1],
  },
  { id: 'DataVolumeError', obj: vm({ runStrategy: 'Always' }, { printableStatus: 'DataVolumeError', conditions: [vmiMissing] }), status: 'Degraded', says: ['DataVolumeError'] },
  {
    id: 'DataVolumeError on a Halted VM',
    obj: vm({ runStrategy: 'Halted' }, { printableStatus: 'DataVolumeError', conditions: [vmiMissing] }),
    status: 'Degraded',
  },
  {
    // the VMI's Synchronized condition, reason = kubelet's waiting reason (virt-controller vmi/lifecycle.go checkForContainerImageError)
    id: 'ErrImagePull',
    obj: vm(
      { runStrategy: 'Always' },
      {
        created: true,
        printableStatus: 'ErrImagePull',
        conditions: [
          cond('Ready', 'False', 'GuestNotRunning'),
          cond('Synchronized', 'False', 'ErrImagePull', 'rpc error: code = NotFound desc = failed to pull and unpack image "quay.io/containerdisks/fedora:99": not found'),
        ],
      },
    ),
    status: 'Degraded',
    says: ['ErrImagePull', 'quay.io/containerdisks/fedora:99'],
  },
  {
    id: 'ImagePullBackOff',
    obj: vm(
      { runStrategy: 'Always' },
      { created: true, printableStatus: 'ImagePullBackOff', conditions: [cond('Synchronized', 'False', 'ImagePullBackOff', 'Back-off pulling image "registry.example.com/disk:1"')] },
    ),
    status: 'Degraded',
    says: ['ImagePullBackOff', 'registry.example.com/disk:1'],
  },
  {
    id: 'ErrorPvcNotFound',
    obj: vm(
      { runStrategy: 'Always' },
      {
        created: true,
        printableStatus: 'ErrorPvcNotFound',
        conditions: [
          cond('PodScheduled', 'False', 'Unschedulable', "failed to render launch manifest: didn't find PVC data-disk"),
          cond('Synchronized', 'False', 'FailedPvcNotFound', "failed to render launch manifest: didn't find PVC data-disk"),
        ],
      },
    ),
    status: 'Degraded',
    says: ['ErrorPvcNotFound', "didn't find PVC data-disk"],
  },
  { id: 'Unknown', obj: vm({ runStrategy: 'Always' }, { created: true, printableStatus: 'Unknown', conditions: [vmiReady] }), status: 'Degraded', says: ['Unknown'] },
  {
    id: 'RestartRequired on a running VM',
    obj: vm(
      { runStrategy: 'Always' },
      { ...running, conditions: [vmiReady, { type: 'RestartRequired', status: 'True', lastProbeTime: null, lastTransitionTime: T1, message: 'a non-live-updatable field was changed in the template spec' }] },
    ),
    status: 'Degraded',
    says: ['RestartRequired', 'a non-live-updatable field was changed', 'virtctl restart web-1'],
  },
  {
    id: 'RestartRequired while migrating',
    obj: vm(
      { runStrategy: 'RerunOnFailure' },
      { ...running, printableStatus: 'Migrating', conditions: [vmiReady, cond('RestartRequired', 'True', undefined, 'memory updated in template spec. Memory-hotplug is only available for migratable VMs')] },
    ),
    status: 'Degraded',
    says: ['Memory-hotplug is only available for migratable VMs'],
  },
  {
    id: 'Failure condition (VMI not created)',
    obj: vm(
      { runStrategy: 'Always' },
      {
        printableStatus: 'Stopped',
        conditions: [vmiMissing, cond('Failure', 'True', 'FailedCreate', 'failure while starting VMI: admission webhook "virtualmachineinstances-create-validator.kubevirt.io" denied the request')],
      },
    ),
    status: 'Degraded',
    says: ['FailedCreate', 'denied the request'],
  },
  {
    id: 'ManualRecoveryRequired',
    obj: vm({ runStrategy: 'Always' }, { printableStatus: 'Stopped', conditions: [vmiMissing, cond('ManualRecoveryRequired', 'True', 'VolumeMigrationFailed', 'the volume migration failed')] }),
    status: 'Degraded',
    says: ['ManualRecoveryRequired'],
  },
  {
    id: 'Paused',
    obj: vm({ runStrategy: 'Always' }, { ...running, ready: false, printableStatus: 'Paused', conditions: [cond('Ready', 'False', 'VMIPaused'), cond('Paused', 'True', 'PausedByUser', 'VMI was paused by user')] }),
    status: 'Suspended',
    says: ['Paused', 'PausedByUser'],
  },
  { id: 'WaitingForReceiver', obj: vm({ runStrategy: 'WaitAsReceiver' }, { printableStatus: 'WaitingForReceiver' }), status: 'Progressing' },
  { id: 'deleted', obj: vm({ runStrategy: 'Halted' }, { printableStatus: 'Stopped' }, { deletionTimestamp: T1 }), status: 'Progressing', says: ['Pending deletion'] },
  {
    id: 'message with quotes, tabs and newlines',
    obj: vm({ runStrategy: 'Always' }, { created: true, printableStatus: 'ErrorUnschedulable', conditions: [cond('PodScheduled', 'False', 'Unschedulable', 'a "b"\tc\nd \\ é')] }),
    status: 'Degraded',
    says: ['a "b"\tc\nd \\ é'],
  },
];

function dv(status?: Obj, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: { name: 'web-1-rootdisk', namespace: 'vms', annotations: { 'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false' }, ...metadata },
    spec: { source: { registry: { url: 'docker://quay.io/containerdisks/fedora:42' } }, storage: { resources: { requests: { storage: '30Gi' } } } },
    ...(status ? { status } : {}),
  };
}

const dvCond = (type: string, status: 'True' | 'False' | 'Unknown', reason?: string, message?: string): Obj => ({
  type,
  status,
  lastHeartbeatTime: T1,
  lastTransitionTime: T0,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

const DV_CASES: Case[] = [
  { id: 'no status', obj: dv(), status: 'Progressing', says: ['No status available'] },
  { id: 'empty status', obj: dv({}), status: 'Progressing' },
  {
    id: 'Succeeded',
    obj: dv({ phase: 'Succeeded', progress: '100.0%', claimName: 'web-1-rootdisk', conditions: [dvCond('Bound', 'True', 'Bound', 'PVC web-1-rootdisk Bound'), dvCond('Ready', 'True'), dvCond('Running', 'False', 'Completed')] }),
    status: 'Healthy',
  },
  {
    id: 'ImportInProgress',
    obj: dv({ phase: 'ImportInProgress', progress: '45.50%', conditions: [dvCond('Bound', 'True', 'Bound'), dvCond('Ready', 'False', 'TransferRunning'), dvCond('Running', 'True', 'Pod is running')] }),
    status: 'Progressing',
    says: ['ImportInProgress 45.50%'],
  },
  {
    id: 'ImportScheduled, importer pod creating',
    obj: dv({ phase: 'ImportScheduled', progress: 'N/A', conditions: [dvCond('Bound', 'True', 'Bound'), dvCond('Running', 'False', 'ContainerCreating')] }),
    status: 'Progressing',
    says: ['ImportScheduled'],
  },
  {
    id: 'Pending (claim not bound yet)',
    obj: dv({ phase: 'Pending', progress: 'N/A', conditions: [dvCond('Bound', 'False', 'Pending', 'PVC web-1-rootdisk Pending'), dvCond('Running', 'False')] }),
    status: 'Progressing',
  },
  {
    id: 'WaitForFirstConsumer',
    obj: dv({ phase: 'WaitForFirstConsumer', progress: 'N/A', conditions: [dvCond('Bound', 'False', 'Pending', 'PVC web-1-rootdisk Pending'), dvCond('Ready', 'False'), dvCond('Running', 'False')] }),
    status: 'Healthy',
    says: ['WaitForFirstConsumer'],
  },
  {
    id: 'PendingPopulation',
    obj: dv({ phase: 'PendingPopulation', progress: 'N/A', conditions: [dvCond('Bound', 'False', 'Pending', 'PVC web-1-rootdisk Pending'), dvCond('Running', 'False')] }),
    status: 'Healthy',
    says: ['PendingPopulation'],
  },
  {
    // argoproj/argo-cd resource_customizations/cdi.kubevirt.io/DataVolume/testdata/degraded_badurl.yaml
    id: 'importer error (bad URL)',
    obj: dv({
      phase: 'ImportInProgress',
      progress: 'N/A',
      restartCount: 2,
      conditions: [
        dvCond('Bound', 'True', 'Bound'),
        dvCond('Ready', 'False'),
        dvCond('Running', 'False', 'Error', 'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found'),
      ],
    }),
    status: 'Degraded',
    says: ['ImportInProgress', 'Error', '404 Not Found'],
  },
  {
    id: 'registry image pull failed',
    obj: dv({ phase: 'ImportInProgress', conditions: [dvCond('Running', 'False', 'ImagePullFailed', 'Failed to pull image: quay.io/containerdisks/fedora:99')] }),
    status: 'Degraded',
    says: ['ImagePullFailed', 'fedora:99'],
  },
  {
    id: 'importer unschedulable',
    obj: dv({ phase: 'ImportScheduled', conditions: [dvCond('Running', 'False', 'Unschedulable', 'Importer pod cannot be scheduled')] }),
    status: 'Degraded',
    says: ['Importer pod cannot be scheduled'],
  },
  {
    id: 'quota exceeded',
    obj: dv({ phase: 'Pending', conditions: [dvCond('Bound', 'False', 'ErrExceededQuota', 'persistentvolumeclaims "web-1-rootdisk" is forbidden: exceeded quota: storage')] }),
    status: 'Degraded',
    says: ['exceeded quota'],
  },
  {
    id: 'Failed',
    obj: dv({ phase: 'Failed', conditions: [dvCond('Running', 'False', 'Error', 'Unable to process data: qemu-img: Could not open')] }),
    status: 'Degraded',
    says: ['Failed', 'Could not open'],
  },
  { id: 'Failed without conditions', obj: dv({ phase: 'Failed' }), status: 'Degraded', says: ['Failed'] },
  { id: 'Unknown', obj: dv({ phase: 'Unknown' }), status: 'Degraded' },
  { id: 'Paused', obj: dv({ phase: 'Paused' }), status: 'Suspended' },
  { id: 'CloneInProgress', obj: dv({ phase: 'CloneInProgress', progress: '12.00%' }), status: 'Progressing', says: ['CloneInProgress 12.00%'] },
  { id: 'deleted', obj: dv({ phase: 'Succeeded' }, { deletionTimestamp: T1 }), status: 'Progressing', says: ['Pending deletion'] },
];

function pvc(phase: string | undefined, annotations: Obj = {}, spec: Obj = {}, status: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'web-1-rootdisk', namespace: 'vms', annotations, finalizers: ['kubernetes.io/pvc-protection'] },
    spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Block', resources: { requests: { storage: '30Gi' } }, storageClassName: 'lvms-vg1', ...spec },
    ...(phase ? { status: { phase, ...status } } : {}),
  };
}

const importSource: Obj = { dataSourceRef: { apiGroup: 'cdi.kubevirt.io', kind: 'VolumeImportSource', name: 'web-1-rootdisk' }, dataSource: { apiGroup: 'cdi.kubevirt.io', kind: 'VolumeImportSource', name: 'web-1-rootdisk' } };
const CDI = 'cdi.kubevirt.io/storage.';

const PVC_CASES: Case[] = [
  { id: 'no status', obj: pvc(undefined), status: 'Progressing' },
  {
    id: 'Bound',
    obj: pvc('Bound', { 'pv.kubernetes.io/bind-completed': 'yes', 'volume.kubernetes.io/storage-provisioner': 'topolvm.io' }, { volumeName: 'pvc-1' }, { accessModes: ['ReadWriteOnce'], capacity: { storage: '30Gi' } }),
    status: 'Healthy',
    says: ['Bound'],
  },
  {
    id: 'Bound, file system resize pending',
    obj: pvc('Bound', {}, { volumeName: 'pvc-1' }, { conditions: [{ type: 'FileSystemResizePending', status: 'True', lastProbeTime: null, lastTransitionTime: T1, message: 'Waiting for user to (re-)start a pod to finish file system resize of volume on node.' }] }),
    status: 'Healthy',
    says: ['FileSystemResizePending'],
  },
  {
    id: 'Bound, resize failed',
    obj: pvc('Bound', {}, { volumeName: 'pvc-1' }, { conditions: [{ type: 'ControllerResizeError', status: 'True', lastTransitionTime: T1, message: 'resize volume "pvc-1" by resizer "topolvm.io" failed: not enough space' }] }),
    status: 'Degraded',
    says: ['ControllerResizeError', 'not enough space'],
  },
  { id: 'Lost', obj: pvc('Lost', {}, { volumeName: 'pvc-1' }), status: 'Degraded', says: ['Lost'] },
  {
    id: 'Pending, WaitForFirstConsumer (plain claim)',
    obj: pvc('Pending'),
    status: 'Healthy',
    says: ['WaitForFirstConsumer'],
  },
  {
    id: 'Pending, WaitForFirstConsumer (VolumeImportSource populator)',
    obj: pvc('Pending', {}, importSource),
    status: 'Healthy',
    says: ['WaitForFirstConsumer'],
  },
  {
    id: 'Pending, Immediate storage being provisioned',
    obj: pvc('Pending', { 'volume.beta.kubernetes.io/storage-provisioner': 'rbd.csi.ceph.com', 'volume.kubernetes.io/storage-provisioner': 'rbd.csi.ceph.com' }),
    status: 'Progressing',
    says: ['rbd.csi.ceph.com'],
  },
  {
    id: 'Pending, consumer scheduled',
    obj: pvc('Pending', { 'volume.kubernetes.io/selected-node': 'worker-2', 'volume.kubernetes.io/storage-provisioner': 'topolvm.io' }, importSource),
    status: 'Progressing',
    says: ['worker-2'],
  },
  {
    id: 'Pending, CDI populating',
    obj: pvc(
      'Pending',
      {
        'volume.kubernetes.io/selected-node': 'worker-2',
        [`${CDI}populator.pvcPrime`]: 'tmp-pvc-8d2f1c3a',
        [`${CDI}pod.phase`]: 'Running',
        [`${CDI}pod.ready`]: 'true',
        [`${CDI}condition.running`]: 'true',
        [`${CDI}condition.running.reason`]: 'Pod is running',
        [`${CDI}condition.running.message`]: '',
        [`${CDI}populator.progress`]: '34.56%',
      },
      importSource,
    ),
    status: 'Progressing',
    says: ['populating', '34.56%'],
  },
  {
    id: 'Pending, CDI importer failing',
    obj: pvc(
      'Pending',
      {
        [`${CDI}populator.pvcPrime`]: 'tmp-pvc-8d2f1c3a',
        [`${CDI}pod.phase`]: 'Running',
        [`${CDI}pod.restarts`]: '3',
        [`${CDI}condition.running`]: 'false',
        [`${CDI}condition.running.reason`]: 'Error',
        [`${CDI}condition.running.message`]: 'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found',
      },
      importSource,
    ),
    status: 'Degraded',
    says: ['Error', '404 Not Found'],
  },
  {
    id: 'Pending, CDI image pull failed',
    obj: pvc('Pending', { [`${CDI}populator.pvcPrime`]: 'tmp-pvc-1', [`${CDI}condition.running`]: 'false', [`${CDI}condition.running.reason`]: 'ImagePullFailed', [`${CDI}condition.running.message`]: 'Failed to pull image: quay.io/x:1' }, importSource),
    status: 'Degraded',
    says: ['ImagePullFailed'],
  },
  {
    id: 'Pending, CDI fatal error',
    obj: pvc('Pending', { [`${CDI}populator.pvcPrime`]: 'tmp-pvc-1', [`${CDI}import.fatalError`]: 'true', [`${CDI}condition.running`]: 'false', [`${CDI}condition.running.reason`]: 'ChecksumError', [`${CDI}condition.running.message`]: 'checksum mismatch' }, importSource),
    status: 'Degraded',
    says: ['will not be retried', 'checksum mismatch'],
  },
  {
    id: 'Pending, CDI importer unschedulable',
    obj: pvc('Pending', { [`${CDI}populator.pvcPrime`]: 'tmp-pvc-1', [`${CDI}pod.schedulable`]: 'false' }, importSource),
    status: 'Degraded',
    says: ['cannot be scheduled'],
  },
  {
    id: 'Pending, import finished normally (not an error)',
    obj: pvc('Pending', { [`${CDI}populator.pvcPrime`]: 'tmp-pvc-1', [`${CDI}pod.phase`]: 'Succeeded', [`${CDI}condition.running`]: 'false', [`${CDI}condition.running.reason`]: 'Completed' }, importSource),
    status: 'Progressing',
  },
  { id: 'Pending, pre-bound to a PV', obj: pvc('Pending', {}, { volumeName: 'nfs-pv-7' }), status: 'Progressing', says: ['nfs-pv-7'] },
  { id: 'Pending, no StorageClass', obj: pvc('Pending', {}, { storageClassName: '' }), status: 'Progressing', says: ['no StorageClass'] },
  { id: 'deleted', obj: { ...pvc('Bound'), metadata: { name: 'x', deletionTimestamp: T1, finalizers: ['kubernetes.io/pvc-protection'] } }, status: 'Progressing', says: ['Pending deletion'] },
];

const CHECKS: { file: string; apiVersion: string; kind: string; cases: Case[] }[] = [
  { file: 'kubevirt.io_VirtualMachine.lua', apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', cases: VM_CASES },
  { file: 'cdi.kubevirt.io_DataVolume.lua', apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', cases: DV_CASES },
  { file: 'PersistentVolumeClaim.lua', apiVersion: 'v1', kind: 'PersistentVolumeClaim', cases: PVC_CASES },
];

it.runIf(!luaFound && IN_CI)('has lua5.1 in CI', () => {
  throw new Error('lua5.1 is missing: apt-get install lua5.1 (the Argo CD health checks in argocd/health/ are tested with it)');
});

for (const check of CHECKS) {
  describe.skipIf(!luaFound)(`argocd/health/${check.file}`, () => {
    it('uses only the base and table libraries and declares no globals', () => {
      for (const c of check.cases) {
        const outcome = evaluate(check.file, check.cases).get(c.id);
        expect(outcome?.status, `${c.id}: ${outcome?.message}`).not.toBe('ERROR');
        expect(outcome?.globals, c.id).toEqual([]);
      }
    });

    it.each(check.cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
      expect(c.obj['apiVersion']).toBe(check.apiVersion);
      expect(c.obj['kind']).toBe(check.kind);
      const outcome = evaluate(check.file, check.cases).get(c.id);
      expect(outcome, 'no output from lua5.1').toBeDefined();
      expect(outcome!.status, outcome!.message).toBe(c.status);
      for (const phrase of c.says ?? []) expect(outcome!.message).toContain(phrase);
    });
  });
}

describe.skipIf(!luaFound)('the harness', () => {
  it('fails a check that calls the string library, as Argo CD would', () => {
    const lua = spawnSync(LUA, ['-'], {
      input: `local CHECK = ${luaString(join(HEALTH_DIR, 'kubevirt.io_VirtualMachine.lua'))}\n${HARNESS}\ncheck = function() return { status = ("x"):upper(), message = "" } end\nrun("method", {})\ncheck = function() return { status = string.upper("x"), message = "" } end\nrun("library", {})`,
      encoding: 'utf8',
    });
    expect(lua.stdout).toMatch(/^method\tERROR\t/m);
    expect(lua.stdout).toMatch(/^library\tERROR\t/m);
  });

  it('turns JSON into the Lua values Argo CD passes', () => {
    const lua = spawnSync(LUA, ['-e', `local t = ${toLua({ a: [1, 'x"\n', null, true], b: null, 'c.d/e': { f: false } })} io.write(#t.a, type(t.b), tostring(t["c.d/e"].f), t.a[2])`], { encoding: 'utf8' });
    expect(lua.stdout).toBe('3nilfalsex"\n');
  });
});

// ---- the files and the argocd-cm snippet ----

/** Argo CD's key for a check: util/settings convertToOverrideKey ("group_Kind" → "group/Kind", "Kind" → "Kind"). */
function overrideKey(fileBase: string): string | undefined {
  const parts = fileBase.split('_');
  if (parts.length === 2) return `${parts[0]}/${parts[1]}`;
  if (parts.length === 1 && fileBase !== '') return fileBase;
  return undefined;
}

/** What Argo CD looks the key up by: util/lua GetConfigMapKey (group "" → Kind alone). */
function configMapKey(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group === '' ? kind : `${group}/${kind}`;
}

describe('argocd/health files', () => {
  const files = readdirSync(HEALTH_DIR).sort();

  it('are named <group>_<Kind>.lua (<Kind>.lua for a core kind) and match what Argo CD looks up', () => {
    expect(files).toEqual(CHECKS.map((check) => check.file).sort());
    for (const check of CHECKS) {
      expect(check.file).toMatch(/^(?:[a-z0-9]([a-z0-9.-]*[a-z0-9])?_)?[A-Z][A-Za-z0-9]*\.lua$/);
      expect(overrideKey(check.file.slice(0, -'.lua'.length))).toBe(configMapKey(check.apiVersion, check.kind));
    }
  });

  it('start with a comment saying what they decide', () => {
    for (const file of files) expect(readFileSync(join(HEALTH_DIR, file), 'utf8')).toMatch(/^-- Argo CD health of /);
  });

  it('are in examples/argocd/argocd-cm-health.yaml verbatim, and the snippet is up to date', () => {
    const generator = spawnSync(process.execPath, [join(ROOT, 'scripts', 'argocd-health.mjs'), '--check'], { encoding: 'utf8' });
    expect(generator.stderr).toBe('');
    expect(generator.status).toBe(0);
    const snippet = parse(readFileSync(join(ROOT, 'examples', 'argocd', 'argocd-cm-health.yaml'), 'utf8')) as Obj;
    expect(snippet).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: 'argocd' } });
    const data = snippet['data'] as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(files.map((file) => `resource.customizations.health.${file.slice(0, -'.lua'.length)}`).sort());
    for (const file of files) expect(data[`resource.customizations.health.${file.slice(0, -'.lua'.length)}`]).toBe(readFileSync(join(HEALTH_DIR, file), 'utf8'));
  });
});
