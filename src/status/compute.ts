// A profile's status (design document 002, "Status 字段") from what vmprofile generated for it and
// what KubeVirt, CDI and Kubernetes report on those objects. Pure: no I/O, no clock.
//
// Sources of the rules (upstream files, cited where each rule is):
//   KV-TYPES  kubevirt/kubevirt staging/src/kubevirt.io/api/core/v1/types.go
//   KV-VM     kubevirt/kubevirt pkg/virt-controller/watch/vm/vm.go (setPrintableStatus, syncConditions)
//   KV-VMI    kubevirt/kubevirt pkg/virt-controller/watch/vmi/lifecycle.go (PodScheduled, Synchronized)
//   KV-DV     kubevirt/kubevirt pkg/storage/types/dv.go (HasDataVolumeErrors, HasDataVolumeProvisioning)
//   CDI-TYPES kubevirt/containerized-data-importer staging/src/kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1/
//             (types.go; utils.go for IsSucceededOrPendingPopulation)
//   CDI-COND  kubevirt/containerized-data-importer pkg/controller/datavolume/conditions.go, pkg/controller/util.go
//   CDI-POP   kubevirt/containerized-data-importer pkg/controller/populators/populator-base.go, import-populator.go
import type { ClusterObjects, ObservedClaim, ObservedCondition, ObservedDataVolume, ObservedVirtualMachine, ObservedVirtualMachineInstance } from './observed.js';
import { count } from '../text.js';
import type { Target, TargetVolume } from './targets.js';

const PHASES = ['Pending', 'Creating', 'Running', 'Stopped', 'Error'] as const;
type Phase = (typeof PHASES)[number];

interface StatusCondition {
  type: 'Ready' | 'NetworksConfigured' | 'VolumesBound';
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

interface NetworkStatus {
  name: string;
  interface?: string;
  ipAddress?: string;
  macAddress?: string;
  nadName?: string;
}

interface VolumeStatus {
  name: string;
  pvcName: string;
  bound: boolean;
  size?: string;
  /** vmprofile's addition to the seed's fields: CDI's import progress ("45.20%") while the disk fills. */
  progress?: string;
}

/** The seed's status fields, with the seed's names. */
export interface ProfileStatus {
  phase: Phase;
  vmName: string;
  nodeName?: string;
  conditions: StatusCondition[];
  networks: NetworkStatus[];
  volumes: VolumeStatus[];
}

export interface StatusItem {
  profile: string;
  status: ProfileStatus;
  /** For the table: networks whose NAD exists and, on a running VM, whose interface is reported. */
  networksConfigured: number;
}

// ---------------------------------------------------------------------------------------------
// Lookups

const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

function index<T extends { metadata: { name: string; namespace?: string } }>(objects: readonly T[]): Map<string, T> {
  return new Map(objects.map((object) => [key(object.metadata.namespace, object.metadata.name), object]));
}

interface Index {
  vms: Map<string, ObservedVirtualMachine>;
  vmis: Map<string, ObservedVirtualMachineInstance>;
  dataVolumes: Map<string, ObservedDataVolume>;
  claims: Map<string, ObservedClaim>;
  nads: Set<string>;
}

function indexOf(objects: ClusterObjects): Index {
  return {
    vms: index(objects.virtualMachines),
    vmis: index(objects.virtualMachineInstances),
    dataVolumes: index(objects.dataVolumes),
    claims: index(objects.persistentVolumeClaims),
    nads: new Set(objects.networkAttachmentDefinitions.map((nad) => key(nad.metadata.namespace, nad.metadata.name))),
  };
}

const condition = (conditions: readonly ObservedCondition[] | undefined, type: string) => (Array.isArray(conditions) ? conditions.find((c) => c?.type === type) : undefined);

// ---------------------------------------------------------------------------------------------
// Disks

type DiskState =
  | { state: 'ready' }
  | { state: 'importing'; progress?: string; detail: string }
  | { state: 'waiting'; detail: string }
  | { state: 'missing'; reason: 'ClaimNotFound' | 'DataVolumeNotFound'; detail: string }
  | { state: 'failed'; reason: string; detail: string };

// CDI's annotations on a claim it fills; a populator copies them from its PVC prime to the target
// claim (CDI-POP desiredAnnotations, AnnPopulatorProgress; names in pkg/controller/common/util.go).
const ANN_POD_PHASE = 'cdi.kubevirt.io/storage.pod.phase';
const ANN_RESTARTS = 'cdi.kubevirt.io/storage.pod.restarts';
const ANN_SCHEDULABLE = 'cdi.kubevirt.io/storage.pod.schedulable';
const ANN_RUNNING = 'cdi.kubevirt.io/storage.condition.running';
const ANN_RUNNING_MESSAGE = 'cdi.kubevirt.io/storage.condition.running.message';
const ANN_RUNNING_REASON = 'cdi.kubevirt.io/storage.condition.running.reason';
const ANN_FATAL = 'cdi.kubevirt.io/storage.import.fatalError';
const ANN_PROGRESS = 'cdi.kubevirt.io/storage.populator.progress';

// The importer stopped on an error: KubeVirt's own test for DataVolumeError (KV-DV HasDataVolumeErrors).
// "Error" is the kubelet's reason for a non-zero exit; CDI-COND copies it with the termination message.
const IMPORT_ERROR_REASONS = new Set(['Error', 'ImagePullFailed']);

/** "45.20%" as CDI writes it; "N/A" and anything else is no progress. */
const progressOf = (value: string | undefined) => (value !== undefined && /^\d+(\.\d+)?%$/.test(value) ? value : undefined);

const restarts = (count: number | string | undefined) => {
  const n = Number(count ?? 0);
  return n > 0 ? ` (the importer restarted ${n === 1 ? 'once' : `${n} times`})` : '';
};

function claimState(claim: ObservedClaim | undefined, namespace: string, name: string): DiskState {
  if (!claim) return { state: 'missing', reason: 'ClaimNotFound', detail: `PersistentVolumeClaim ${namespace}/${name} does not exist` };
  const phase = claim.status?.phase;
  // A populator binds the claim only once it is filled (CDI-POP), so Bound means the data is there.
  if (phase === 'Bound') return { state: 'ready' };
  if (phase === 'Lost') return { state: 'failed', reason: 'ClaimLost', detail: `PersistentVolumeClaim ${namespace}/${name} lost its PersistentVolume` };
  const annotations = claim.metadata.annotations ?? {};
  const message = annotations[ANN_RUNNING_MESSAGE] || 'the importer failed';
  if (annotations[ANN_FATAL] === 'true') return { state: 'failed', reason: 'ImportFailed', detail: message };
  if (annotations[ANN_RUNNING] === 'false' && IMPORT_ERROR_REASONS.has(annotations[ANN_RUNNING_REASON] ?? '')) {
    return { state: 'failed', reason: annotations[ANN_RUNNING_REASON] === 'ImagePullFailed' ? 'ImagePullFailed' : 'ImportFailed', detail: message + restarts(annotations[ANN_RESTARTS]) };
  }
  if (annotations[ANN_SCHEDULABLE] === 'false') return { state: 'failed', reason: 'ImporterUnschedulable', detail: 'the importer pod cannot be scheduled' };
  if (annotations[ANN_PROGRESS] !== undefined || annotations[ANN_POD_PHASE] !== undefined) {
    const progress = progressOf(annotations[ANN_PROGRESS]);
    return { state: 'importing', ...(progress ? { progress } : {}), detail: progress ? `importing, ${progress}` : 'importing' };
  }
  return { state: 'waiting', detail: `PersistentVolumeClaim ${namespace}/${name} is ${phase ?? 'Pending'}: no volume yet (a WaitForFirstConsumer storage class binds it when the VM starts)` };
}

// DataVolume phases that are not an import in progress (CDI-TYPES; KV-DV HasDataVolumeProvisioning
// treats WaitForFirstConsumer and PendingPopulation as waiting for the VM, not provisioning).
const DV_WAITING = new Set(['WaitForFirstConsumer', 'PendingPopulation']);

function dataVolumeState(dv: ObservedDataVolume | undefined, claim: ObservedClaim | undefined, namespace: string, name: string): DiskState {
  // CDI 1.55-1.56 garbage-collect finished DataVolumes and leave their claims.
  if (!dv) return claim ? claimState(claim, namespace, name) : { state: 'missing', reason: 'DataVolumeNotFound', detail: `DataVolume ${namespace}/${name} does not exist` };
  const phase = dv.status?.phase;
  const running = condition(dv.status?.conditions, 'Running');
  const bound = condition(dv.status?.conditions, 'Bound');
  if (phase === 'Succeeded') return { state: 'ready' };
  if (phase === 'Failed') return { state: 'failed', reason: 'ImportFailed', detail: running?.message || `DataVolume ${namespace}/${name} failed` };
  // KV-DV HasDataVolumeErrors: these make KubeVirt report DataVolumeError.
  if (running?.status === 'False' && IMPORT_ERROR_REASONS.has(running.reason ?? '')) {
    return { state: 'failed', reason: running.reason === 'ImagePullFailed' ? 'ImagePullFailed' : 'ImportFailed', detail: (running.message || 'the importer failed') + restarts(dv.status?.restartCount) };
  }
  // KV-DV HasDataVolumeExceededQuotaError.
  if (bound?.status !== 'True' && bound?.reason === 'ErrExceededQuota') return { state: 'failed', reason: 'ExceededQuota', detail: bound.message || 'the namespace quota is exceeded' };
  // CDI-COND updateRunningCondition: the importer pod is unschedulable.
  if (running?.status === 'False' && running.reason === 'Unschedulable') return { state: 'failed', reason: 'ImporterUnschedulable', detail: running.message || 'the importer pod cannot be scheduled' };
  if (phase !== undefined && DV_WAITING.has(phase)) return { state: 'waiting', detail: `DataVolume ${namespace}/${name} is ${phase}: it is filled when the VM starts` };
  const progress = progressOf(dv.status?.progress);
  return { state: 'importing', ...(progress ? { progress } : {}), detail: `${phase ?? 'Pending'}${progress ? `, ${progress}` : ''}` };
}

interface Disk {
  volume: TargetVolume;
  state: DiskState;
  status: VolumeStatus;
}

function disks(target: Target, at: Index): Disk[] {
  return target.volumes.map((volume) => {
    const claim = at.claims.get(key(target.namespace, volume.claimName));
    const state =
      volume.source === 'DataVolume'
        ? dataVolumeState(at.dataVolumes.get(key(target.namespace, volume.claimName)), claim, target.namespace, volume.claimName)
        : claimState(claim, target.namespace, volume.claimName);
    const size = claim?.status?.capacity?.storage ?? volume.size;
    const status: VolumeStatus = { name: volume.name, pvcName: volume.claimName, bound: claim?.status?.phase === 'Bound', ...(size ? { size } : {}) };
    if (state.state === 'importing' && state.progress) status.progress = state.progress;
    return { volume, state, status };
  });
}

const SEVERITY: DiskState['state'][] = ['failed', 'missing', 'importing', 'waiting'];

function volumesBound(list: readonly Disk[]): StatusCondition {
  const notReady = list.filter((disk) => disk.state.state !== 'ready');
  if (notReady.length === 0) {
    return { type: 'VolumesBound', status: 'True', reason: list.length === 0 ? 'NoDisks' : 'AllBound', message: list.length === 0 ? 'the profile has no disks' : `${count(list.length, 'disk')} bound and filled` };
  }
  const worst = SEVERITY.find((state) => notReady.some((disk) => disk.state.state === state))!;
  const first = notReady.find((disk) => disk.state.state === worst)!.state;
  const reason = first.state === 'failed' || first.state === 'missing' ? first.reason : worst === 'importing' ? 'ImportInProgress' : 'ClaimPending';
  return { type: 'VolumesBound', status: 'False', reason, message: notReady.map(describeDisk).join('; ') };
}

const describeDisk = (disk: Disk) => `disk ${disk.volume.name}: ${'detail' in disk.state ? disk.state.detail : 'ready'}`;

// ---------------------------------------------------------------------------------------------
// Networks

interface Net {
  status: NetworkStatus;
  nadMissing?: string;
  reported: boolean;
}

function nets(target: Target, at: Index, vm: ObservedVirtualMachine | undefined, vmi: ObservedVirtualMachineInstance | undefined): Net[] {
  const reported = Array.isArray(vmi?.status?.interfaces) ? vmi.status.interfaces : [];
  const specInterfaces = vm?.spec?.template?.spec?.domain?.devices?.interfaces ?? [];
  return target.networks.map((network) => {
    // KV-TYPES VirtualMachineInstanceNetworkInterface: name is the VM spec's network name.
    const found = reported.find((candidate) => candidate?.name === network.name);
    const mac = found?.mac ?? specInterfaces.find((candidate) => candidate?.name === network.name)?.macAddress;
    const status: NetworkStatus = {
      name: network.name,
      ...(found?.interfaceName ? { interface: found.interfaceName } : {}),
      ...(found?.ipAddress ? { ipAddress: found.ipAddress } : {}),
      ...(mac ? { macAddress: mac } : {}),
      ...(network.nadName ? { nadName: network.nadName } : {}),
    };
    const nadKey = network.nad ? key(network.nad.namespace, network.nad.name) : undefined;
    return { status, reported: found !== undefined, ...(nadKey && !at.nads.has(nadKey) ? { nadMissing: nadKey } : {}) };
  });
}

function networksConfigured(list: readonly Net[], running: boolean): StatusCondition {
  const missing = list.filter((net) => net.nadMissing);
  if (missing.length > 0) {
    return {
      type: 'NetworksConfigured',
      status: 'False',
      reason: 'NetworkAttachmentDefinitionNotFound',
      message: missing.map((net) => `network ${net.status.name}: NetworkAttachmentDefinition ${net.nadMissing} does not exist`).join('; '),
    };
  }
  const unreported = running ? list.filter((net) => !net.reported) : [];
  if (unreported.length > 0) {
    return { type: 'NetworksConfigured', status: 'False', reason: 'InterfaceNotReported', message: unreported.map((net) => `network ${net.status.name}: the running VM reports no interface for it yet`).join('; ') };
  }
  if (list.length === 0) return { type: 'NetworksConfigured', status: 'True', reason: 'NoNetworks', message: 'the profile has no networks' };
  return running
    ? { type: 'NetworksConfigured', status: 'True', reason: 'InterfacesReported', message: `the running VM reports ${count(list.length, 'interface')}` }
    : { type: 'NetworksConfigured', status: 'True', reason: 'NetworkAttachmentDefinitionsFound', message: `${count(list.length, 'network')}: every NetworkAttachmentDefinition exists` };
}

// ---------------------------------------------------------------------------------------------
// Phase and Ready

// KV-TYPES VirtualMachinePrintableStatus values that mean the VM cannot run without someone acting.
const KUBEVIRT_ERRORS = new Set(['ErrorUnschedulable', 'ErrImagePull', 'ImagePullBackOff', 'ErrorPvcNotFound', 'DataVolumeError', 'CrashLoopBackOff', 'Unknown']);
const STARTING = new Set(['Provisioning', 'WaitingForVolumeBinding', 'Starting', 'WaitingForReceiver']);
const RUNNING = new Set(['Running', 'Migrating']);
// VMI phases after which the VMI no longer runs anywhere (KV-TYPES VirtualMachineInstancePhase).
const FINAL_VMI_PHASES = new Set(['Succeeded', 'Failed']);

interface Verdict {
  phase: Phase;
  ready: Omit<StatusCondition, 'type'>;
}

/** The message behind a KubeVirt error status: the scheduler's, the importer's or KubeVirt's own. */
function kubevirtErrorMessage(printable: string, vm: ObservedVirtualMachine, vmi: ObservedVirtualMachineInstance | undefined, list: readonly Disk[]): string {
  const vmConditions = vm.status?.conditions;
  const vmiConditions = vmi?.status?.conditions;
  // KV-VMI copies the virt-launcher pod's PodScheduled=False condition (the scheduler's message) to
  // the VMI; KV-VM syncConditions copies VMI conditions to the VM.
  const scheduled = condition(vmiConditions, 'PodScheduled') ?? condition(vmConditions, 'PodScheduled');
  // KV-VMI: a sync error (image pull, missing PVC) is the VMI's Synchronized=False condition.
  const synchronized = condition(vmiConditions, 'Synchronized') ?? condition(vmConditions, 'Synchronized');
  const failure = condition(vmConditions, 'Failure');
  switch (printable) {
    case 'ErrorUnschedulable':
      return scheduled?.message || 'the scheduler finds no node for the VM';
    case 'ErrImagePull':
    case 'ImagePullBackOff':
      return synchronized?.message || failure?.message || 'a container image of the VM cannot be pulled';
    case 'ErrorPvcNotFound': {
      const missing = list.filter((disk) => disk.state.state === 'missing').map(describeDisk);
      return missing.length > 0 ? missing.join('; ') : synchronized?.message || 'a PersistentVolumeClaim of the VM does not exist';
    }
    case 'DataVolumeError': {
      const failed = list.filter((disk) => disk.state.state === 'failed').map(describeDisk);
      return failed.length > 0 ? failed.join('; ') : 'a DataVolume of the VM reports an error';
    }
    case 'CrashLoopBackOff': {
      // KV-VM isVirtualMachineStatusCrashLoopBackOff: status.startFailure counts failed starts.
      const failures = vm.status?.startFailure?.consecutiveFailCount ?? 0;
      const retry = vm.status?.startFailure?.retryAfterTimestamp;
      const why = failure?.message ? `: ${failure.message}` : '';
      return `the VM failed to start ${failures === 1 ? 'once' : `${failures} times in a row`}${retry ? `; KubeVirt retries after ${retry}` : ''}${why}`;
    }
    default:
      return `KubeVirt cannot tell the VM's state${vmi?.status?.reason ? ` (${vmi.status.reason})` : ''}; its node may be unreachable`;
  }
}

const runStrategyOf = (vm: ObservedVirtualMachine) => vm.spec?.runStrategy ?? (vm.spec?.running === true ? 'Always' : vm.spec?.running === false ? 'Halted' : 'Always');

function verdict(target: Target, vm: ObservedVirtualMachine | undefined, vmi: ObservedVirtualMachineInstance | undefined, list: readonly Disk[], networks: readonly Net[]): Verdict {
  const name = `${target.namespace}/${target.vmName}`;
  if (!vm) {
    return { phase: 'Pending', ready: { status: 'False', reason: 'VirtualMachineNotFound', message: `VirtualMachine ${name} does not exist: apply the rendered manifests (or sync the Argo CD application)` } };
  }
  const printable = vm.status?.printableStatus ?? '';
  const readyCondition = condition(vm.status?.conditions, 'Ready');
  const failedDisk = list.find((disk) => disk.state.state === 'failed');
  const importing = list.filter((disk) => disk.state.state === 'importing');
  const nadMissing = networks.find((net) => net.nadMissing);
  const notReady = (reason: string, message: string): Verdict['ready'] => ({ status: 'False', reason, message });

  const importMessage = () => `importing ${importing.map((disk) => `disk ${disk.volume.name}${disk.state.state === 'importing' && disk.state.progress ? ` (${disk.state.progress})` : ''}`).join(', ')}`;

  if (printable === 'Terminating') return { phase: 'Stopped', ready: notReady('Terminating', 'the VirtualMachine is being deleted') };
  // KubeVirt starts a VM on claims that are not DataVolumes' at once (CDI-TYPES
  // IsSucceededOrPendingPopulation), the populated claim stays Pending until CDI has filled it
  // (CDI-POP), so the scheduler reports "pod has unbound immediate PersistentVolumeClaims" and
  // Unschedulable outranks WaitingForVolumeBinding (KV-VM setPrintableStatus): an import, not an error.
  if (printable === 'ErrorUnschedulable' && importing.length > 0 && !failedDisk) return { phase: 'Creating', ready: notReady('ImportInProgress', importMessage()) };
  if (KUBEVIRT_ERRORS.has(printable)) return { phase: 'Error', ready: notReady(printable, kubevirtErrorMessage(printable, vm, vmi, list)) };
  // A failed import is an error whatever the VM's state: the disk never fills by itself.
  if (failedDisk) return { phase: 'Error', ready: notReady((failedDisk.state as { reason: string }).reason, describeDisk(failedDisk)) };
  if (RUNNING.has(printable)) {
    const ready = vm.status?.ready === true || readyCondition?.status === 'True';
    if (printable === 'Migrating') return { phase: 'Running', ready: { status: ready ? 'True' : 'False', reason: 'Migrating', message: 'the VM is migrating to another node and keeps running' } };
    if (ready) return { phase: 'Running', ready: { status: 'True', reason: 'VMRunning', message: 'the VM is running' } };
    return { phase: 'Running', ready: notReady(readyCondition?.reason || 'GuestNotReady', readyCondition?.message || 'the VM runs but is not ready yet') };
  }
  if (printable === 'Paused') return { phase: 'Stopped', ready: notReady('Paused', 'the VM is paused (virtctl unpause resumes it)') };
  if (printable === 'Stopping') return { phase: 'Stopped', ready: notReady('Stopping', 'the VM is shutting down') };
  if (printable === 'Stopped') {
    // As KubeVirt's Provisioning outranks Stopped (KV-VM setPrintableStatus), disks still filling make it Creating.
    if (importing.length > 0) return { phase: 'Creating', ready: notReady('ImportInProgress', importMessage()) };
    const strategy = runStrategyOf(vm);
    const how = strategy === 'Halted' ? 'runStrategy Halted; virtctl start or runStrategy: Always starts it' : strategy === 'Manual' ? 'runStrategy Manual; virtctl start starts it' : `runStrategy ${strategy}`;
    return { phase: 'Stopped', ready: notReady('Stopped', `the VM is stopped (${how})`) };
  }
  if (STARTING.has(printable)) {
    // KubeVirt cannot render the virt-launcher pod without the NAD (kubevirt pkg/network/multus/nad.go).
    if (nadMissing) return { phase: 'Error', ready: notReady('NetworkAttachmentDefinitionNotFound', `network ${nadMissing.status.name}: NetworkAttachmentDefinition ${nadMissing.nadMissing} does not exist; KubeVirt cannot start the VM without it`) };
    if (importing.length > 0) return { phase: 'Creating', ready: notReady(printable, importMessage()) };
    const waiting = list.filter((disk) => disk.state.state === 'waiting' || disk.state.state === 'missing');
    if (waiting.length > 0) return { phase: 'Creating', ready: notReady(printable, waiting.map(describeDisk).join('; ')) };
    const vmiPhase = vmi?.status?.phase;
    return { phase: 'Creating', ready: notReady(printable, vmiPhase ? `the VM is starting (VirtualMachineInstance ${vmiPhase})` : 'the VM is starting') };
  }
  if (printable === '') return { phase: 'Pending', ready: { status: 'Unknown', reason: 'NoStatus', message: 'KubeVirt has not reported on the VirtualMachine yet (is virt-controller running?)' } };
  return { phase: 'Pending', ready: { status: 'Unknown', reason: printable, message: `KubeVirt reports printableStatus ${printable}, which vmprofile does not know` } };
}

// ---------------------------------------------------------------------------------------------

/** The status of every target, in the targets' order. */
export function statusesOf(targets: readonly Target[], objects: ClusterObjects): StatusItem[] {
  const at = indexOf(objects);
  return targets.map((target) => statusOf(target, at));
}

function statusOf(target: Target, at: Index): StatusItem {
  const vm = at.vms.get(key(target.namespace, target.vmName));
  const vmi = vm ? at.vmis.get(key(target.namespace, target.vmName)) : undefined;
  const live = vmi && !FINAL_VMI_PHASES.has(vmi.status?.phase ?? '') ? vmi : undefined;
  const diskList = disks(target, at);
  const netList = nets(target, at, vm, live);
  const { phase, ready } = verdict(target, vm, vmi, diskList, netList);
  const readyCondition = condition(vm?.status?.conditions, 'Ready');
  // The time the VM's own Ready condition last changed, when it agrees with ours.
  const since = readyCondition?.status === ready.status && readyCondition.lastTransitionTime ? { lastTransitionTime: readyCondition.lastTransitionTime } : {};
  const running = live?.status?.phase === 'Running';
  const status: ProfileStatus = {
    phase,
    vmName: target.vmName,
    ...(live?.status?.nodeName ? { nodeName: live.status.nodeName } : {}),
    conditions: [
      { type: 'Ready', status: ready.status, ...since, reason: ready.reason, message: ready.message },
      networksConfigured(netList, running),
      volumesBound(diskList),
    ],
    networks: netList.map((net) => net.status),
    volumes: diskList.map((disk) => disk.status),
  };
  return { profile: target.profile, status, networksConfigured: netList.filter((net) => !net.nadMissing && (!running || net.reported)).length };
}
