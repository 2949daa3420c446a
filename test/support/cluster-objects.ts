// Cluster objects as KubeVirt, CDI and Kubernetes write them, for the status tests. The spec of a
// generated object is what vmprofile renders (applied as is); metadata and status are what the API
// server and the controllers add. Shapes and wording are taken from upstream:
//   VirtualMachine/VirtualMachineInstance status: kubevirt staging/src/kubevirt.io/api/core/v1/types.go;
//     condition reasons and messages: pkg/virt-controller/watch/vm/vm.go (syncReadyConditionFromVMI),
//     pkg/virt-controller/watch/vmi/lifecycle.go (syncReadyConditionFromPod, PodScheduled),
//     pkg/network/vmispec/infosource.go (infoSource values)
//   DataVolume status: CDI containerized-data-importer-api/pkg/apis/core/v1beta1/types.go;
//     pkg/controller/datavolume/conditions.go ("PVC x Bound", TransferRunning), pkg/controller/util.go
//     ("Pod is running", reasons copied from the importer container), cmd/cdi-importer/importer.go
//     ("Unable to connect to http data source: …")
//   Populated claims: CDI pkg/controller/populators/populator-base.go (annotations copied to the claim)
//   The scheduler's message: kube-scheduler's FitError ("0/3 nodes are available: …").
import { renderObjects } from '../../src/function/render.js';
import { stringify } from 'yaml';
import { CONFIG, type Obj } from './fixtures.js';

export const at = (minute: number) => `2024-05-02T08:${String(minute).padStart(2, '0')}:00Z`;

let uid = 0;
const nextUid = () => `6f1c2a7e-0b4d-4c59-9a3e-${String(++uid).padStart(12, '0')}`;

/** What the profiles render to, in-process (objects as `vmprofile render` prints them). */
export function rendered(profiles: readonly Obj[], config: Obj = CONFIG): Obj[] {
  const out = renderObjects(
    [{ path: 'profiles.yaml', text: [...profiles, config].map((object) => stringify(object)).join('---\n') }],
    { readFile: () => '', environment: {}, debug: false, inputLimit: { bytes: 1 << 30 } as never },
  );
  if ('exitCode' in out) throw new Error(out.stderr);
  return out.objects as Obj[];
}

export const generated = (objects: readonly Obj[], kind: string, name?: string): Obj => {
  const found = objects.find((object) => object['kind'] === kind && (name === undefined || object['metadata']['name'] === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''} in the render`);
  return found;
};

/** An object as the API server stores it after `kubectl apply` (namespace filled in, server fields). */
export function applied(object: Obj, namespace = 'default'): Obj {
  const metadata = object['metadata'] as Obj;
  return {
    ...object,
    metadata: {
      ...metadata,
      namespace: metadata['namespace'] ?? namespace,
      creationTimestamp: at(0),
      generation: 1,
      resourceVersion: '48101',
      uid: nextUid(),
    },
  };
}

// ----- VirtualMachine -------------------------------------------------------------------------

const probe = (minute: number) => ({ lastProbeTime: null, lastTransitionTime: at(minute) });

/** The VM controller's Ready condition when there is no VMI (vm.go syncReadyConditionFromVMI). */
const vmiNotExists = { type: 'Ready', status: 'False', reason: 'VMINotExists', message: 'VMI does not exist', lastProbeTime: at(1), lastTransitionTime: at(1) };
const guestNotRunning = { type: 'Ready', status: 'False', reason: 'GuestNotRunning', message: 'Guest VM is not reported as running', ...probe(2) };
const notMigratable = (claim: string) => ({
  type: 'LiveMigratable',
  status: 'False',
  reason: 'DisksNotLiveMigratable',
  message: `cannot migrate VMI: PVC ${claim} is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)`,
  lastProbeTime: null,
  lastTransitionTime: null,
});

export const SCHEDULER_MESSAGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
const unschedulable = (message: string) => ({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, ...probe(2) });

export const vmStatus = {
  running: (claim: string): Obj => ({
    conditions: [{ type: 'Ready', status: 'True', ...probe(3) }, notMigratable(claim), { type: 'AgentConnected', status: 'True', lastProbeTime: null, lastTransitionTime: at(4) }],
    created: true,
    desiredGeneration: 1,
    observedGeneration: 1,
    printableStatus: 'Running',
    ready: true,
    runStrategy: 'Always',
  }),
  stopped: (runStrategy: string): Obj => ({ conditions: [vmiNotExists], printableStatus: 'Stopped', runStrategy, desiredGeneration: 1, observedGeneration: 1 }),
  /** Waiting for DataVolumes: the VM controller does not create the VMI yet (vm.go). */
  provisioning: (): Obj => ({ conditions: [vmiNotExists], printableStatus: 'Provisioning', runStrategy: 'Always', desiredGeneration: 1, observedGeneration: 1 }),
  /** The VMI's conditions, copied by the VM controller (vm.go syncConditions). */
  unschedulable: (message = SCHEDULER_MESSAGE): Obj => ({
    conditions: [guestNotRunning, unschedulable(message)],
    created: true,
    desiredGeneration: 1,
    observedGeneration: 1,
    printableStatus: 'ErrorUnschedulable',
    runStrategy: 'Always',
  }),
  printable: (printableStatus: string, conditions: Obj[] = [vmiNotExists]): Obj => ({ conditions, printableStatus, runStrategy: 'Always', desiredGeneration: 1, observedGeneration: 1 }),
  crashLoop: (failures: number): Obj => ({
    conditions: [vmiNotExists],
    printableStatus: 'CrashLoopBackOff',
    runStrategy: 'Always',
    startFailure: { consecutiveFailCount: failures, lastFailedVMIUID: nextUid(), retryAfterTimestamp: at(30) },
  }),
};

/** The VM in the cluster: the rendered one, applied, with KubeVirt's finalizer, annotations and status. */
export function clusterVm(vm: Obj, status: Obj, namespace = 'default'): Obj {
  const object = applied(vm, namespace);
  const metadata = object['metadata'] as Obj;
  return {
    ...object,
    metadata: {
      ...metadata,
      annotations: { ...(metadata['annotations'] ?? {}), 'kubevirt.io/latest-observed-api-version': 'v1', 'kubevirt.io/storage-observed-api-version': 'v1' },
      finalizers: ['kubevirt.io/virtualMachineControllerFinalize'],
    },
    status,
  };
}

// ----- VirtualMachineInstance -----------------------------------------------------------------

export interface GuestInterface {
  network: string;
  mac: string;
  ip?: string;
  guestName?: string;
}

/** A running VMI with the guest agent connected: interfaces from the domain, the agent and Multus. */
export function runningVmi(vm: Obj, nodeName: string, interfaces: readonly GuestInterface[]): Obj {
  const namespace = vm['metadata']['namespace'] as string;
  const name = vm['metadata']['name'] as string;
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      annotations: { 'kubevirt.io/latest-observed-api-version': 'v1', 'kubevirt.io/storage-observed-api-version': 'v1', 'kubevirt.io/vm-generation': '1' },
      creationTimestamp: at(2),
      finalizers: ['kubevirt.io/virtualMachineControllerFinalize', 'foregroundDeleteVirtualMachine'],
      generation: 12,
      labels: { ...vm['spec']['template']['metadata']['labels'], 'kubevirt.io/nodeName': nodeName },
      name,
      namespace,
      ownerReferences: [{ apiVersion: 'kubevirt.io/v1', blockOwnerDeletion: true, controller: true, kind: 'VirtualMachine', name, uid: vm['metadata']['uid'] }],
      resourceVersion: '48190',
      uid: nextUid(),
    },
    spec: vm['spec']['template']['spec'],
    status: {
      activePods: { [nextUid()]: nodeName },
      conditions: [{ type: 'Ready', status: 'True', ...probe(3) }, { type: 'AgentConnected', status: 'True', lastProbeTime: null, lastTransitionTime: at(4) }],
      guestOSInfo: { id: 'centos', kernelRelease: '5.14.0-503.el9.x86_64', name: 'CentOS Stream', prettyName: 'CentOS Stream 9', version: '9', versionId: '9' },
      interfaces: interfaces.map((iface, i) => ({
        infoSource: 'domain, guest-agent, multus-status',
        interfaceName: iface.guestName ?? `eth${i}`,
        ...(iface.ip ? { ipAddress: iface.ip, ipAddresses: [iface.ip, `fe80::${iface.mac.slice(9).replaceAll(':', '')}`] } : {}),
        linkState: 'up',
        mac: iface.mac,
        name: iface.network,
        podInterfaceName: `pod${i}a2b3c4d5e6`,
        queueCount: 1,
      })),
      launcherContainerImageVersion: 'quay.io/kubevirt/virt-launcher:v1.5.2',
      migrationMethod: 'BlockMigration',
      migrationTransport: 'Unix',
      nodeName,
      phase: 'Running',
      phaseTransitionTimestamps: ['Pending', 'Scheduling', 'Scheduled', 'Running'].map((phase, i) => ({ phase, phaseTransitionTimestamp: at(2 + i) })),
      qosClass: 'Burstable',
      runtimeUser: 107,
    },
  };
}

/** A VMI whose virt-launcher pod the scheduler cannot place (lifecycle.go copies PodScheduled). */
export function unschedulableVmi(vm: Obj, message = SCHEDULER_MESSAGE): Obj {
  const base = runningVmi(vm, 'unused', []);
  const { nodeName: _nodeName, interfaces: _interfaces, guestOSInfo: _guest, activePods: _pods, ...status } = base['status'];
  delete base['metadata']['labels']['kubevirt.io/nodeName'];
  return { ...base, status: { ...status, conditions: [guestNotRunning, unschedulable(message)], phase: 'Scheduling', phaseTransitionTimestamps: status.phaseTransitionTimestamps.slice(0, 2) } };
}

// ----- Claims and DataVolumes -----------------------------------------------------------------

const PROVISIONER = 'csi.example.com';

/** A claim CDI's populator has filled and bound (status as the PV controller writes it). */
export function boundClaim(claim: Obj, capacity?: string, namespace = 'default'): Obj {
  const object = applied(claim, namespace);
  const metadata = object['metadata'] as Obj;
  return {
    ...object,
    metadata: {
      ...metadata,
      annotations: {
        ...(metadata['annotations'] ?? {}),
        'cdi.kubevirt.io/storage.condition.running': 'false',
        'cdi.kubevirt.io/storage.condition.running.message': 'Import Complete',
        'cdi.kubevirt.io/storage.condition.running.reason': 'Completed',
        'cdi.kubevirt.io/storage.pod.phase': 'Succeeded',
        'cdi.kubevirt.io/storage.pod.restarts': '0',
        'cdi.kubevirt.io/storage.populator.progress': '100.0%',
        'pv.kubernetes.io/bind-completed': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER,
        'volume.kubernetes.io/storage-provisioner': PROVISIONER,
      },
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: { ...object['spec'], volumeName: `pvc-${nextUid()}` },
    status: { accessModes: object['spec']?.['accessModes'] ?? ['ReadWriteOnce'], capacity: { storage: capacity ?? object['spec']?.['resources']?.['requests']?.['storage'] }, phase: 'Bound' },
  };
}

/** A claim CDI is still filling: Pending, with the importer's state copied from the PVC prime. */
export function populatingClaim(claim: Obj, importer: { progress?: string; phase?: string; running?: [string, string, string]; restarts?: number }, namespace = 'default'): Obj {
  const object = applied(claim, namespace);
  const metadata = object['metadata'] as Obj;
  const [running, reason, message] = importer.running ?? ['true', 'Pod is running', ''];
  return {
    ...object,
    metadata: {
      ...metadata,
      annotations: {
        ...(metadata['annotations'] ?? {}),
        'cdi.kubevirt.io/storage.condition.running': running,
        'cdi.kubevirt.io/storage.condition.running.message': message,
        'cdi.kubevirt.io/storage.condition.running.reason': reason,
        'cdi.kubevirt.io/storage.pod.phase': importer.phase ?? 'Running',
        'cdi.kubevirt.io/storage.pod.restarts': String(importer.restarts ?? 0),
        'cdi.kubevirt.io/storage.populator.kind': 'VolumeImportSource',
        'cdi.kubevirt.io/storage.populator.progress': importer.progress ?? 'N/A',
        'cdi.kubevirt.io/storage.preallocation.requested': 'false',
        'cdi.kubevirt.io/storage.usePopulator': 'true',
        'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER,
        'volume.kubernetes.io/storage-provisioner': PROVISIONER,
      },
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    status: { phase: 'Pending' },
  };
}

/** A DataVolume as CDI's controller reports it. */
export function dataVolume(dv: Obj, status: { phase: string; progress?: string; restartCount?: number; running?: [string, string, string?]; bound?: boolean }, namespace = 'default'): Obj {
  const object = applied(dv, namespace);
  const name = object['metadata']['name'];
  const [runningStatus, runningReason, runningMessage] = status.running ?? ['True', 'Pod is running'];
  const bound = status.bound ?? true;
  const heartbeat = { lastHeartbeatTime: at(5), lastTransitionTime: at(2) };
  return {
    ...object,
    status: {
      claimName: name,
      conditions: [
        bound ? { type: 'Bound', status: 'True', message: `PVC ${name} Bound`, reason: 'Bound', ...heartbeat } : { type: 'Bound', status: 'False', message: `PVC ${name} Pending`, reason: 'Pending', ...heartbeat },
        status.phase === 'Succeeded' ? { type: 'Ready', status: 'True', ...heartbeat } : { type: 'Ready', status: 'False', reason: runningStatus === 'True' ? 'TransferRunning' : '', ...heartbeat },
        { type: 'Running', status: runningStatus, reason: runningReason, ...(runningMessage ? { message: runningMessage } : {}), ...heartbeat },
      ],
      phase: status.phase,
      progress: status.progress ?? (status.phase === 'Succeeded' ? '100.0%' : 'N/A'),
      ...(status.restartCount ? { restartCount: status.restartCount } : {}),
    },
  };
}

/** The claim a DataVolume made (CDI's controller owns it). */
export function dataVolumeClaim(dv: Obj, phase: 'Bound' | 'Pending', namespace = 'default'): Obj {
  const name = dv['metadata']['name'];
  const requests = dv['spec']['storage']['resources']['requests'];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      annotations: { 'cdi.kubevirt.io/storage.contentType': 'kubevirt', 'cdi.kubevirt.io/storage.pod.phase': phase === 'Bound' ? 'Running' : 'Pending' },
      creationTimestamp: at(1),
      finalizers: ['kubernetes.io/pvc-protection'],
      labels: { 'app.kubernetes.io/component': 'storage', 'app.kubernetes.io/managed-by': 'cdi-controller' },
      name,
      namespace: dv['metadata']['namespace'] ?? namespace,
      ownerReferences: [{ apiVersion: 'cdi.kubevirt.io/v1beta1', blockOwnerDeletion: true, controller: true, kind: 'DataVolume', name, uid: nextUid() }],
      resourceVersion: '48120',
      uid: nextUid(),
    },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests }, storageClassName: dv['spec']['storage']['storageClassName'], volumeMode: 'Block' },
    status: phase === 'Bound' ? { accessModes: ['ReadWriteOnce'], capacity: { storage: requests.storage }, phase } : { phase },
  };
}

// ----- NetworkAttachmentDefinition ------------------------------------------------------------

export function clusterNad(nad: Obj, namespace = 'default'): Obj {
  return applied(nad, namespace);
}
