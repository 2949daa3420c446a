// What one changed field of one object does to running VMs: the rules, per kind, each citing where the
// behaviour is documented (reference = ../shared/reference/day2-and-isolation.md).
import { parseQuantity } from '../profile/quantity.js';
import type { FieldChange } from './fields.js';

/** Worst first: a change gets the first impact that applies. */
export const IMPACTS = ['data', 'identity', 'rejected', 'ignored', 'network', 'restart', 'live', 'removed', 'added', 'none'] as const;
export type Impact = (typeof IMPACTS)[number];

export interface Verdict {
  impact: Impact;
  why: string;
}

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the rules may look up in the render an object belongs to. */
export interface RenderView {
  /** The object of this kind, namespace and name in the same render. */
  find(kind: string, namespace: string | undefined, name: string): Obj | undefined;
}

const TEMPLATE = ['spec', 'template', 'spec'];
const startsWith = (segments: readonly string[], prefix: readonly string[]) => prefix.every((s, i) => segments[i] === s);
const quantity = (value: unknown) => (typeof value === 'string' ? parseQuantity(value) : typeof value === 'number' ? value : undefined);
const GiB = 2 ** 30;

/** A DataVolume's access modes: under spec.storage (what vmprofile writes), or spec.pvc (CDI's older form). */
const dataVolumeModes = (spec: Obj | undefined): string[] | undefined => spec?.['storage']?.['accessModes'] ?? spec?.['pvc']?.['accessModes'];

/** Why a VM cannot live-migrate, or undefined when it can (reference §5; kubevirt pkg/virt-handler/vm.go). */
function migrationBlocker(vm: Obj, render: RenderView): string | undefined {
  // Asked about a VM whose CPUs or memory changed, so it has a domain.
  const spec = vm['spec']['template']['spec'];
  const devices = spec['domain']['devices'] ?? {};
  const interfaces: Obj[] = devices['interfaces'] ?? [];
  if (interfaces.length === 0 && devices['autoattachPodInterface'] !== false) return 'it has no interfaces, so it uses the pod network with bridge binding';
  const macvtap = interfaces.find((i) => i['binding']?.['name'] === 'macvtap');
  if (macvtap) return `interface ${macvtap['name']} uses macvtap`;
  // kubevirt pkg/network/vmispec VerifyVMIMigratable: a pod network migrates with masquerade only.
  const pod = (spec['networks'] ?? []).find((n: Obj) => n['pod'] !== undefined);
  const podInterface = pod && interfaces.find((i) => i['name'] === pod['name']);
  if (podInterface && podInterface['masquerade'] === undefined) return `the pod network (${pod['name']}) is not bound by masquerade`;
  const namespace = vm['metadata']?.['namespace'];
  for (const volume of spec['volumes'] ?? []) {
    const claim = volume['persistentVolumeClaim']?.['claimName'] ?? volume['dataVolume']?.['name'];
    if (!claim) continue;
    const pvc = render.find('PersistentVolumeClaim', namespace, claim);
    const dataVolume = render.find('DataVolume', namespace, claim);
    const template: Obj | undefined = (vm['spec']['dataVolumeTemplates'] ?? []).find((t: Obj) => t['metadata']?.['name'] === claim);
    if (!pvc && !dataVolume && !template) return `disk ${volume['name']} is the existing claim ${claim}, whose access mode the render does not show`;
    const modes: string[] | undefined = pvc?.['spec']?.['accessModes'] ?? dataVolumeModes(dataVolume?.['spec']) ?? dataVolumeModes(template?.['spec']);
    if (!modes) return `disk ${volume['name']} takes its access mode from the StorageProfile, which may not be ReadWriteMany`;
    if (!modes.includes('ReadWriteMany')) return `disk ${volume['name']} is ${modes.join(', ')}, not ReadWriteMany`;
  }
  return undefined;
}

/** CPU and memory hotplug (reference §4; kubevirt vm.go handleCPUChangeRequest, handleMemoryHotplugRequest). */
function hotplug(change: FieldChange, vm: Obj, running: Obj, render: RenderView): Verdict {
  const cpu = change.segments.at(-1) === 'sockets';
  const before = quantity(change.before);
  const after = quantity(change.after);
  const what = cpu ? 'CPU sockets' : 'guest memory';
  if (before === undefined || after === undefined) return { impact: 'restart', why: `${what} added or removed: applies at the next restart` };
  // The limits the running VM booted with (it has the field that changed); a new limit itself needs a restart.
  const domain = running['spec']['template']['spec']['domain'];
  const limit = cpu ? quantity(domain['cpu']['maxSockets']) : quantity(domain['memory']['maxGuest']);
  if (after < before) return { impact: 'restart', why: `${what} shrink only at a restart` };
  const max = limit ?? before * 4;
  if (after > max) return { impact: 'restart', why: `above the hotplug limit (${limit === undefined ? '4 × the boot value' : cpu ? `maxSockets ${limit}` : `maxGuest ${domain['memory']['maxGuest']}`}): applies at the next restart` };
  if (!cpu && before < GiB) return { impact: 'restart', why: 'memory hotplug needs at least 1Gi of guest memory' };
  const blocker = migrationBlocker(vm, render);
  if (blocker) return { impact: 'restart', why: `hotplug goes through a live migration and this VM cannot migrate (${blocker}): applies at the next restart` };
  return { impact: 'live', why: `${what} are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)` };
}

// reference §4 (vm.go syncRestartRequired: what LiveUpdate applies), §6 (runStrategy), §8 (identity).
function virtualMachine(change: FieldChange, vm: Obj, running: Obj, render: RenderView): Verdict {
  const s = change.segments;
  if (s[0] === 'metadata') return { impact: 'none', why: 'metadata only' };
  if (startsWith(s, ['spec', 'runStrategy'])) return { impact: 'live', why: 'the VM starts or stops accordingly' };
  // reference kubevirt-cdi-nmstate-multus.md §10: the VM keeps the ControllerRevision it started with.
  if (startsWith(s, ['spec', 'instancetype']) || startsWith(s, ['spec', 'preference'])) {
    return { impact: 'restart', why: 'the running VM keeps the instancetype and preference revision it started with: RestartRequired until the VM restarts' };
  }
  if (startsWith(s, ['spec', 'dataVolumeTemplates'])) {
    if (change.after === undefined) return { impact: 'data', why: 'a removed template leaves its DataVolume orphaned until the VM is deleted, which deletes it' };
    if (change.before === undefined) return { impact: 'added', why: 'KubeVirt creates the new DataVolume' };
    // reference §3: vm.go handleDataVolumes only creates missing DataVolumes.
    return { impact: 'ignored', why: 'KubeVirt never updates an existing DataVolume from its template: the disk keeps its old spec' };
  }
  if (startsWith(s, [...TEMPLATE, 'domain', 'firmware'])) {
    return { impact: 'identity', why: 'a new firmware UUID or serial: cloud-init sees a new instance (per-instance modules rerun, SSH host keys may change)' };
  }
  if (startsWith(s, [...TEMPLATE, 'domain', 'devices', 'interfaces']) && s.at(-1) === 'macAddress' && change.before !== undefined) {
    return { impact: 'identity', why: 'a new MAC address: the guest sees a new NIC (udev names, DHCP leases, licences)' };
  }
  if (startsWith(s, [...TEMPLATE, 'domain', 'cpu', 'sockets']) || startsWith(s, [...TEMPLATE, 'domain', 'memory', 'guest'])) return hotplug(change, vm, running, render);
  if (['nodeSelector', 'affinity', 'tolerations'].some((key) => startsWith(s, [...TEMPLATE, key]))) {
    return { impact: 'live', why: 'scheduling constraints update live (KubeVirt ≥ 1.6; a migration moves the VM if needed)' };
  }
  // cloud-init applies NoCloud network and user data per instance (cloud-init docs "Network configuration",
  // "Module frequency"); the instance-id is the firmware UUID, which did not change here.
  if (startsWith(s, [...TEMPLATE, 'volumes']) && s.some((segment) => segment === 'cloudInitNoCloud')) {
    const inner = s[s.indexOf('cloudInitNoCloud') + 1] ?? '';
    if (/^(userData|networkData|secretRef|networkDataSecretRef)/.test(inner)) {
      return { impact: 'ignored', why: 'cloud-init applies network and user data once per instance: the running guest keeps its configuration (change it inside the guest too)' };
    }
  }
  return { impact: 'restart', why: 'not live-updatable: RestartRequired until the VM restarts' };
}

/** reference §3: a claim only grows (API server), everything else in its spec is immutable. */
function persistentVolumeClaim(change: FieldChange): Verdict {
  if (change.segments[0] !== 'spec') return { impact: 'none', why: 'metadata only' };
  if (change.path === 'spec.resources.requests.storage') {
    const before = quantity(change.before);
    const after = quantity(change.after);
    if (before !== undefined && after !== undefined && after > before) {
      return { impact: 'live', why: 'the claim grows (needs an expandable StorageClass; the running guest sees it with KubeVirt ExpandDisks)' };
    }
    // The API server compares quantities, not their text: 20Gi and 20480Mi are the same request.
    if (before !== undefined && before === after) return { impact: 'none', why: 'the same size, written differently' };
    return { impact: 'rejected', why: 'the API server refuses to shrink a claim below its capacity' };
  }
  return { impact: 'rejected', why: "a PersistentVolumeClaim's spec is immutable except its size: the API server refuses the change" };
}

function dataVolume(change: FieldChange): Verdict {
  if (change.segments[0] !== 'spec') return { impact: 'none', why: 'metadata only' };
  // CDI pkg/apiserver/webhooks/datavolume-validate.go: "Cannot update DataVolume Spec" (HTTP 422).
  return { impact: 'rejected', why: "CDI's webhook refuses any change to a DataVolume's spec (HTTP 422): the sync fails" };
}

// reference §3 (CDI doc/cdi-populators.md): the populator fills a claim once, before it binds.
function volumeImportSource(change: FieldChange): Verdict {
  if (change.segments[0] !== 'spec') return { impact: 'none', why: 'metadata only' };
  return { impact: 'ignored', why: 'the claim was filled from this source once; a new source is never imported into it' };
}

// A Service's selector and ports apply to new connections at once; the VM is not touched.
function service(change: FieldChange): Verdict {
  if (change.segments[0] !== 'spec') return { impact: 'none', why: 'metadata only' };
  if (change.path === 'spec.type' || change.segments[1] === 'ports') {
    return { impact: 'live', why: "the Service changes at once (a new type or port can move its IP or node port: clients' addresses may change)" };
  }
  return { impact: 'live', why: 'the Service changes at once; the VM keeps running' };
}

// The only Secrets vmprofile generates hold cloud-init data (see virtualMachine above).
function secret(change: FieldChange): Verdict {
  if (change.segments[0] === 'metadata') return { impact: 'none', why: 'metadata only' };
  return { impact: 'ignored', why: 'cloud-init reads this data once per instance: the running guest keeps its configuration' };
}

// Multus reads a NAD when a pod's interface is created; nmstate applies an NNCP to the node at once
// (reference kubevirt-cdi-nmstate-multus.md; day2-and-isolation.md §1).
function networkAttachment(change: FieldChange, object: Obj): Verdict {
  if (change.segments[0] === 'metadata') return { impact: 'none', why: 'metadata only' };
  return { impact: 'network', why: `VMs attached to this network (${usersOf(object)}) get the new CNI configuration when their pods are recreated (restart or migration)` };
}

function nodeNetworkPolicy(change: FieldChange, object: Obj): Verdict {
  if (change.segments[0] === 'metadata') return { impact: 'none', why: 'metadata only' };
  return { impact: 'network', why: `nmstate reconfigures the node bridge now: every VM on it is affected (${usersOf(object)})` };
}

const usersOf = (object: Obj): string => object['metadata']?.['annotations']?.['vm.example.com/profiles'] ?? object['metadata']?.['labels']?.['vmprofile'] ?? 'its VMs';

/** The verdict for one changed field of an object present in both renders (before: as it runs now). */
export function classifyField(change: FieldChange, object: Obj, before: Obj, render: RenderView): Verdict {
  switch (object['kind']) {
    case 'VirtualMachine':
      return virtualMachine(change, object, before, render);
    case 'PersistentVolumeClaim':
      return persistentVolumeClaim(change);
    case 'DataVolume':
      return dataVolume(change);
    case 'VolumeImportSource':
      return volumeImportSource(change);
    case 'Secret':
      return secret(change);
    case 'Service':
      return service(change);
    case 'NetworkAttachmentDefinition':
      return networkAttachment(change, object);
    case 'NodeNetworkConfigurationPolicy':
      return nodeNetworkPolicy(change, object);
    default:
      return change.segments[0] === 'metadata' ? { impact: 'none', why: 'metadata only' } : { impact: 'live', why: 'applied as is (not an object vmprofile generates)' };
  }
}

/** The verdict for an object only the head render has. */
export function classifyAdded(object: Obj, base: RenderView): Verdict {
  // CDI datavolume-validate.go: "Destination PVC <ns>/<name> already exists" on create.
  if (object['kind'] === 'DataVolume' && base.find('PersistentVolumeClaim', object['metadata']?.['namespace'], object['metadata']?.['name'])) {
    return { impact: 'rejected', why: "CDI refuses to create a DataVolume whose PersistentVolumeClaim already exists (the disk's claim from before): keep the disk's old source, or give it a new name" };
  }
  return { impact: 'added', why: 'created by the sync' };
}

/** The verdict for an object only the base render has (reference §3: Prune=false keeps data-holding objects). */
export function classifyRemoved(object: Obj): Verdict {
  const kind = object['kind'];
  const kept = String(object['metadata']?.['annotations']?.['argocd.argoproj.io/sync-options'] ?? '').includes('Prune=false');
  if (kind === 'PersistentVolumeClaim' || kind === 'DataVolume') {
    return kept
      ? { impact: 'data', why: 'never pruned (Prune=false): the disk and its data are left orphaned; delete it by hand when you mean it' }
      : { impact: 'data', why: 'pruning deletes the disk and its data' };
  }
  if (kind === 'VirtualMachine' && (object['spec']?.['dataVolumeTemplates'] ?? []).length > 0) {
    return kept
      ? { impact: 'data', why: 'never pruned (Prune=false): the VM keeps running, orphaned, with its disks; delete it by hand' }
      : { impact: 'data', why: 'pruning deletes the VM and the disks of its dataVolumeTemplates' };
  }
  if (kind === 'VirtualMachine') return { impact: 'removed', why: 'pruning deletes the VM (its disks stay)' };
  return { impact: 'removed', why: 'pruning deletes it' };
}
