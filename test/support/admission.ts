// What KubeVirt's and CDI's admission webhooks and the API server's validation check on the objects
// we emit (reference kubevirt-cdi-nmstate-multus.md §8, §5.2, §5.4; Kubernetes
// pkg/apis/core/validation for PVCs), so a render that would be rejected at sync time fails in the
// tests instead. Objects are plain JSON; each rule returns readable problems.
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RUN_STRATEGIES = new Set(['Halted', 'Manual', 'Always', 'RerunOnFailure', 'Once']);
const EVICTION_STRATEGIES = new Set(['LiveMigrate', 'LiveMigrateIfPossible', 'None', 'External']);
const BINDINGS = ['bridge', 'masquerade', 'sriov', 'passtBinding', 'binding'];
const DISCONTINUED_BINDINGS = ['slirp', 'passt', 'macvtap'];
const MODELS = new Set(['e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio']);
const BUSES = new Set(['virtio', 'scsi', 'sata', 'usb']);
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const INTERFACE_NAME = /^[A-Za-z0-9-_]+$/;
const MAC = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/;
const RESERVED_LABELS = ['kubevirt.io/created-by', 'kubevirt.io/migrationJobUID', 'kubevirt.io/nodeName', 'kubevirt.io/migrationTargetNodeName', 'kubevirt.io/schedulable', 'kubevirt.io/install-strategy'];
const VOLUME_SOURCES = ['dataVolume', 'persistentVolumeClaim', 'cloudInitNoCloud', 'cloudInitConfigDrive', 'containerDisk', 'emptyDisk', 'ephemeral', 'hostDisk', 'configMap', 'secret', 'serviceAccount', 'sysprep', 'downwardAPI', 'downwardMetrics', 'memoryDump'];
const INLINE_LIMIT = 2048;

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, i) => values.indexOf(value) !== i);
}

export function virtualMachineProblems(vm: Obj): string[] {
  const problems: string[] = [];
  const say = (message: string) => problems.push(`VirtualMachine ${vm['metadata']?.['name']}: ${message}`);
  const spec = vm['spec'] ?? {};
  if (spec['running'] !== undefined && spec['runStrategy'] !== undefined) say('Running and RunStrategy are mutually exclusive');
  if (spec['runStrategy'] === undefined && spec['running'] === undefined) say('RunStrategy must be specified');
  if (spec['runStrategy'] !== undefined && !RUN_STRATEGIES.has(spec['runStrategy'])) say(`Invalid RunStrategy (${spec['runStrategy']})`);

  const template = spec['template'] ?? {};
  for (const label of RESERVED_LABELS) if (template['metadata']?.['labels']?.[label] !== undefined) say(`reserved label ${label} on the template`);
  const vmi = template['spec'] ?? {};
  const domain = vmi['domain'] ?? {};
  const devices = domain['devices'] ?? {};
  const instancetype = spec['instancetype'];
  // The instancetype provides the memory; the VMI created from both has it.
  if (!instancetype && domain['memory']?.['guest'] === undefined && domain['memory']?.['hugepages'] === undefined && domain['resources']?.['requests']?.['memory'] === undefined) say('no memory requested');
  if (instancetype) {
    // kubevirt pkg/instancetype/apply/cpu.go validateCPU, memory.go validateMemory: "VM field(s) … conflicts with selected instance type".
    const conflicts = [
      ['spec.template.spec.domain.cpu.sockets', domain['cpu']?.['sockets']],
      ['spec.template.spec.domain.cpu.cores', domain['cpu']?.['cores']],
      ['spec.template.spec.domain.cpu.threads', domain['cpu']?.['threads']],
      ['spec.template.spec.domain.resources.requests.cpu', domain['resources']?.['requests']?.['cpu']],
      ['spec.template.spec.domain.resources.limits.cpu', domain['resources']?.['limits']?.['cpu']],
      ['spec.template.spec.domain.memory.guest', domain['memory']?.['guest']],
      ['spec.template.spec.domain.resources.requests.memory', domain['resources']?.['requests']?.['memory']],
      ['spec.template.spec.domain.resources.limits.memory', domain['resources']?.['limits']?.['memory']],
    ].filter(([, value]) => value !== undefined).map(([field]) => field);
    if (conflicts.length > 0) say(`VM field(s) ${conflicts.join(', ')} conflicts with selected instance type`);
    if (!instancetype['name']) say('instancetype.name is required');
    if (!['VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype', undefined].includes(instancetype['kind'])) say(`unknown instancetype kind ${instancetype['kind']}`);
  }
  if (spec['preference'] && !['VirtualMachinePreference', 'VirtualMachineClusterPreference', undefined].includes(spec['preference']['kind'])) say(`unknown preference kind ${spec['preference']['kind']}`);
  if (vmi['hostname'] !== undefined && !DNS1123_LABEL.test(vmi['hostname'])) say(`hostname ${vmi['hostname']} is not a DNS-1123 label`);
  if (vmi['evictionStrategy'] !== undefined && !EVICTION_STRATEGIES.has(vmi['evictionStrategy'])) say(`invalid evictionStrategy ${vmi['evictionStrategy']}`);

  // Networks and interfaces (pkg/network/admitter).
  const networks: Obj[] = vmi['networks'] ?? [];
  const interfaces: Obj[] = devices['interfaces'] ?? [];
  const networkNames = networks.map((n) => n['name']);
  const interfaceNames = interfaces.map((i) => i['name']);
  for (const name of duplicates(networkNames)) say(`network name ${name} repeats`);
  for (const name of duplicates(interfaceNames)) say(`Only one interface can be connected to one specific network (${name})`);
  for (const name of networkNames) if (!interfaceNames.includes(name)) say(`network ${name} has no interface`);
  for (const name of interfaceNames) if (!networkNames.includes(name)) say(`spec.template.spec.networks '${name}' not found.`);
  let pods = 0;
  let defaults = 0;
  for (const network of networks) {
    const sources = ['pod', 'multus'].filter((source) => network[source] !== undefined);
    if (sources.length !== 1) say(`network ${network['name']} must have exactly one source`);
    if (network['pod'] !== undefined) pods++;
    if (network['multus'] !== undefined) {
      if (!network['multus']['networkName']) say(`network ${network['name']}: multus networkName is required`);
      if (network['multus']['default']) defaults++;
    }
  }
  if (pods > 1) say('more than one pod network');
  if (defaults > 1) say('Multus CNI should only have one default network');
  if (pods > 0 && defaults > 0) say('Pod network cannot be defined when Multus default network is defined');
  for (const iface of interfaces) {
    const name = iface['name'];
    if (!INTERFACE_NAME.test(name)) say(`interface name ${name} is invalid`);
    const bindings = BINDINGS.filter((binding) => iface[binding] !== undefined);
    if (bindings.length !== 1) say(`logical ${name} interface must have exactly one binding method or binding plugin`);
    for (const legacy of DISCONTINUED_BINDINGS) if (iface[legacy] !== undefined) say(`interface ${name}: ${legacy} has been discontinued`);
    const network = networks.find((n) => n['name'] === name);
    if (iface['masquerade'] !== undefined && network?.['pod'] === undefined) say('Masquerade interface only implemented with pod network');
    if (iface['model'] !== undefined && !MODELS.has(iface['model'])) say(`interface ${name}: invalid model ${iface['model']}`);
    if (iface['macAddress'] !== undefined && !MAC.test(iface['macAddress'])) say(`interface ${name}: MAC ${iface['macAddress']} does not parse`);
    if (iface['state'] !== undefined && !['', 'up', 'down', 'absent'].includes(iface['state'])) say(`interface ${name}: invalid state`);
  }

  // Disks, volumes and boot order (vmi-create-admitter, pkg/storage/admitters).
  const disks: Obj[] = devices['disks'] ?? [];
  const volumes: Obj[] = vmi['volumes'] ?? [];
  const volumeNames = volumes.map((v) => v['name']);
  for (const name of duplicates(volumeNames)) say(`volume name ${name} repeats`);
  for (const name of duplicates(disks.map((d) => d['name']))) say(`disk name ${name} repeats`);
  for (const disk of disks) {
    if (!volumeNames.includes(disk['name'])) say(`spec.template.spec.domain.devices.disks '${disk['name']}' not found.`);
    if (!DNS1123_LABEL.test(disk['name']) || disk['name'].length > 63) say(`disk name ${disk['name']} is not a DNS-1123 label`);
    const bus = disk['disk']?.['bus'] ?? disk['cdrom']?.['bus'];
    if (bus !== undefined && !BUSES.has(bus)) say(`disk ${disk['name']}: invalid bus ${bus}`);
    if (disk['cdrom']?.['bus'] === 'virtio') say(`disk ${disk['name']}: a cdrom cannot use the virtio bus`);
  }
  for (const volume of volumes) {
    if (!disks.some((d) => d['name'] === volume['name'])) say(`volume ${volume['name']} is used by no disk`);
    const sources = VOLUME_SOURCES.filter((source) => volume[source] !== undefined);
    if (sources.length !== 1) say(`volume ${volume['name']} must have exactly one source, has ${sources.join(', ') || 'none'}`);
    if (volume['dataVolume'] !== undefined && !volume['dataVolume']['name']) say(`volume ${volume['name']}: dataVolume.name is required`);
    const noCloud = volume['cloudInitNoCloud'];
    if (noCloud) {
      const user = ['userData', 'userDataBase64', 'secretRef'].filter((key) => noCloud[key] !== undefined);
      const network = ['networkData', 'networkDataBase64', 'networkDataSecretRef'].filter((key) => noCloud[key] !== undefined);
      if (user.length > 1 || network.length > 1 || user.length + network.length === 0) say('cloud-init needs exactly one user-data and at most one network-data source');
      for (const key of ['userData', 'networkData']) {
        if (noCloud[key] !== undefined && Buffer.byteLength(noCloud[key]) > INLINE_LIMIT) say(`cloudInitNoCloud.${key} exceeds ${INLINE_LIMIT} bytes; use a Secret`);
      }
    }
  }
  const bootOrders = [...disks, ...interfaces].map((device) => device['bootOrder']).filter((order) => order !== undefined);
  for (const order of bootOrders) if (!(Number.isInteger(order) && order > 0)) say(`boot order ${order} must be > 0`);
  for (const order of duplicates(bootOrders.map(String))) say(`Boot order ${order} already set for a different device.`);

  // accessCredentials (validateAccessCredentials).
  for (const credential of vmi['accessCredentials'] ?? []) {
    const kinds = ['sshPublicKey', 'userPassword'].filter((kind) => credential[kind] !== undefined);
    if (kinds.length !== 1) say('an access credential needs exactly one type');
    const body = credential[kinds[0] ?? ''] ?? {};
    if (Object.keys(body['source'] ?? {}).length !== 1) say('an access credential needs exactly one source');
    const methods = Object.keys(body['propagationMethod'] ?? {});
    if (methods.length !== 1) say('an access credential needs exactly one propagationMethod');
    if (methods[0] === 'noCloud' && !volumes.some((v) => v['cloudInitNoCloud'])) say('requires a noCloud volume to exist when the noCloud propagationMethod is in use');
    if (methods[0] === 'configDrive' && !volumes.some((v) => v['cloudInitConfigDrive'])) say('requires a configDrive volume to exist when the configDrive propagationMethod is in use');
  }

  // dataVolumeTemplates (pkg/storage/admitters/data-volume-template.go).
  for (const template of spec['dataVolumeTemplates'] ?? []) {
    const name = template['metadata']?.['name'];
    if (!name) say('a DataVolumeTemplate needs metadata.name');
    const referenced = volumes.some((v) => v['dataVolume']?.['name'] === name || v['persistentVolumeClaim']?.['claimName'] === name);
    if (!referenced) say(`DataVolumeTemplate entry ${name} must be referenced in the VMI template's 'volumes' list`);
    problems.push(...dataVolumeSpecProblems(template['spec'] ?? {}).map((p) => `VirtualMachine ${vm['metadata']?.['name']} dataVolumeTemplate ${name}: ${p}`));
    if (template['metadata']?.['namespace'] !== undefined && template['metadata']['namespace'] !== vm['metadata']?.['namespace']) say('template namespace must equal the VM namespace');
  }
  for (const list of [networks, interfaces, disks, volumes]) if (list.length > 256) say('more than 256 entries');
  problems.push(...liveUpdateProblems(domain).map((p) => `VirtualMachine ${vm['metadata']?.['name']}: ${p}`));
  return problems;
}

// Under the LiveUpdate rollout strategy (default since v1.6): vms-admitter.go validateLiveUpdateCPU,
// pkg/liveupdate/memory/memory.go ValidateLiveUpdateMemory.
function liveUpdateProblems(domain: Obj): string[] {
  const problems: string[] = [];
  const { sockets, maxSockets } = domain['cpu'] ?? {};
  if (sockets && maxSockets && sockets > maxSockets) problems.push('Number of sockets in CPU topology is greater than the maximum sockets allowed');
  const maxGuest = domain['memory']?.['maxGuest'];
  if (maxGuest === undefined) return problems;
  const guest = bytes(domain['memory']['guest']);
  const max = bytes(maxGuest);
  const alignment = 2 * 2 ** 20;
  if (guest > max) problems.push('Guest memory is greater than the configured maxGuest memory');
  if (guest % alignment !== 0) problems.push('Guest memory must be 2Mi aligned');
  if (max % alignment !== 0) problems.push('MaxGuest must be 2Mi aligned');
  if (guest < 2 ** 30) problems.push('Memory hotplug is only available for VMs with at least 1Gi of guest memory');
  return problems;
}

const BINARY: Record<string, number> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
function bytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|)$/.exec(quantity);
  if (!match) throw new Error(`test rule cannot read quantity ${quantity}`);
  return Number(match[1]) * BINARY[match[2]!]!;
}

const PVC_ACCESS_MODES = new Set(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']);

/** The API server (ValidatePersistentVolumeClaimSpec); no CDI webhook fills a PVC not labelled for it. */
export function persistentVolumeClaimProblems(pvc: Obj): string[] {
  const problems: string[] = [];
  const say = (message: string) => problems.push(`PersistentVolumeClaim ${pvc['metadata']?.['name']}: ${message}`);
  const spec = pvc['spec'] ?? {};
  const modes: string[] = spec['accessModes'] ?? [];
  if (modes.length === 0) say('spec.accessModes: Required value: at least 1 access mode is required');
  for (const mode of modes) if (!PVC_ACCESS_MODES.has(mode)) say(`spec.accessModes: Unsupported value: ${mode}`);
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) say('may not use ReadWriteOncePod with other access modes');
  if (spec['volumeMode'] !== undefined && !['Block', 'Filesystem'].includes(spec['volumeMode'])) say(`spec.volumeMode: Unsupported value: ${spec['volumeMode']}`);
  const storage = spec['resources']?.['requests']?.['storage'];
  if (storage === undefined) say('spec.resources[storage]: Required value');
  else if (bytes(storage) <= 0) say('spec.resources[storage]: must be greater than zero');
  const ref = spec['dataSourceRef'];
  if (ref !== undefined) {
    if (!ref['name']) say('spec.dataSourceRef.name: Required value');
    if (!ref['kind']) say('spec.dataSourceRef.kind: Required value');
    if (!ref['apiGroup'] && !['PersistentVolumeClaim'].includes(ref['kind'])) say('spec.dataSourceRef.apiGroup: Required value for a kind outside the core group');
  }
  if (pvc['metadata']?.['labels']?.['cdi.kubevirt.io/applyStorageProfile'] !== undefined) say('CDI would render (and inflate) this PVC on creation: Git would then shrink it');
  return problems;
}

/** CDI import populator (pkg/controller/populators/import-populator.go): one source. */
function volumeImportSourceProblems(source: Obj): string[] {
  const kinds = Object.keys(source['spec']?.['source'] ?? {});
  return kinds.length === 1 ? [] : [`VolumeImportSource ${source['metadata']?.['name']}: exactly one source, has ${kinds.join(', ') || 'none'}`];
}

/** Across one render: every claim a VM mounts and every populator source a PVC names is there too. */
export function referenceProblems(objects: readonly Obj[], existingClaims: ReadonlySet<string> = new Set()): string[] {
  const key = (kind: string, namespace: string | undefined, name: string) => `${kind} ${namespace ?? ''}/${name}`;
  const present = new Set(objects.map((o) => key(o['kind'], o['metadata']?.['namespace'], o['metadata']?.['name'])));
  const problems: string[] = [];
  for (const object of objects) {
    const namespace = object['metadata']?.['namespace'];
    if (object['kind'] === 'VirtualMachine') {
      for (const volume of object['spec']?.['template']?.['spec']?.['volumes'] ?? []) {
        const claim = volume['persistentVolumeClaim']?.['claimName'];
        if (claim && !present.has(key('PersistentVolumeClaim', namespace, claim)) && !existingClaims.has(`${namespace ?? ''}/${claim}`)) problems.push(`VirtualMachine ${object['metadata']['name']} mounts PVC ${claim}, which the render lacks`);
      }
    }
    const ref = object['kind'] === 'PersistentVolumeClaim' ? object['spec']?.['dataSourceRef'] : undefined;
    if (ref && ref['kind'] === 'VolumeImportSource' && !present.has(key('VolumeImportSource', namespace, ref['name']))) {
      problems.push(`PersistentVolumeClaim ${object['metadata']['name']} is filled from VolumeImportSource ${ref['name']}, which the render lacks`);
    }
  }
  return problems;
}

function dataVolumeSpecProblems(spec: Obj): string[] {
  const problems: string[] = [];
  if ((spec['pvc'] !== undefined) === (spec['storage'] !== undefined)) problems.push('exactly one of pvc and storage');
  const sources = Object.keys(spec['source'] ?? {});
  if (sources.length !== 1 && spec['sourceRef'] === undefined) problems.push('exactly one source');
  const size = (spec['storage'] ?? spec['pvc'])?.['resources']?.['requests']?.['storage'];
  if (size === undefined && !['pvc', 'snapshot'].includes(sources[0] ?? '') && spec['sourceRef'] === undefined) problems.push('a size is required');
  return problems;
}

/** CDI's DataVolume webhook (pkg/apiserver/webhooks/datavolume-validate.go). */
export function dataVolumeProblems(dv: Obj): string[] {
  const name: string = dv['metadata']?.['name'] ?? '';
  const problems = dataVolumeSpecProblems(dv['spec'] ?? {}).map((p) => `DataVolume ${name}: ${p}`);
  if (name.length > 253) problems.push(`DataVolume ${name}: name longer than 253`);
  return problems;
}

export function admissionProblems(object: Obj): string[] {
  if (object['kind'] === 'VirtualMachine') return virtualMachineProblems(object);
  if (object['kind'] === 'DataVolume') return dataVolumeProblems(object);
  if (object['kind'] === 'PersistentVolumeClaim') return persistentVolumeClaimProblems(object);
  if (object['kind'] === 'VolumeImportSource') return volumeImportSourceProblems(object);
  return [];
}
