// impact/rules.ts: the verdict and the reason vmprofile diff gives for each kind of change, on renders
// of profiles and on objects written by hand (a render passes other manifests through, and diff
// classifies them too). classify.test.ts has the main cases; these are the remaining edges.
import { describe, expect, it } from 'vitest';
import { type Change, classifyChanges } from '../../src/impact/index.js';
import { type Obj, profile } from '../support/fixtures.js';
import { render } from './render.js';

const NET = [{ name: 'a', type: 'bridge', bridgeName: 'br1', vlanId: 10 }];
const RWX = { storage: { accessMode: 'ReadWriteMany' } };
const TEMPLATES = { storage: { mode: 'DataVolumeTemplates' } };
const DATA_VOLUMES = { storage: { mode: 'DataVolumes' } };
const T = 'spec.template.spec';
const vm = (spec: Obj = {}, metadata: Obj = {}) => profile('web', { networks: NET, ...spec }, { namespace: 'prod', ...metadata });
const disk = (extra: Obj = {}) => ({ name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'registry.example.com/os:1', ...extra });
const data = (extra: Obj = {}) => ({ name: 'data', size: '1Gi', storageClassName: 'ssd', ...extra });

const verdicts = (changes: readonly Change[]) => changes.map(({ impact, kind, field, why }) => ({ impact, kind, field, why }));
function diff(base: Obj[], head: Obj[], baseConfig: Obj = {}, headConfig: Obj = baseConfig) {
  return verdicts(classifyChanges(base.length > 0 ? render(base, baseConfig) : [], head.length > 0 ? render(head, headConfig) : []).changes);
}
const VM = 'VirtualMachine';
const NOT_LIVE = 'not live-updatable: RestartRequired until the VM restarts';

describe('CPU and memory on a rendered VM', () => {
  it.each<{ name: string; base: Obj; head: Obj; config?: Obj; headConfig?: Obj; field: string; impact: string; why: string }>([
    { name: 'less memory', base: vm({ memory: '8Gi' }), head: vm({ memory: '4Gi' }), config: RWX, field: `${T}.domain.memory.guest`, impact: 'restart', why: 'guest memory shrink only at a restart' },
    { name: 'the same memory in other units: no shrink', base: vm({ memory: '4Gi' }), head: vm({ memory: '4096Mi' }), config: RWX, field: `${T}.domain.memory.guest`, impact: 'live', why: 'guest memory are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    { name: 'more memory from exactly 1Gi', base: vm({ memory: '1Gi' }), head: vm({ memory: '2Gi' }), config: RWX, field: `${T}.domain.memory.guest`, impact: 'live', why: 'guest memory are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    { name: 'more memory than 4 × the boot value', base: vm({ memory: '1Gi' }), head: vm({ memory: '5Gi' }), config: RWX, field: `${T}.domain.memory.guest`, impact: 'restart', why: 'above the hotplug limit (4 × the boot value): applies at the next restart' },
    { name: 'CPUs beyond the maxCpu the VM booted with', base: vm({ cpu: 2, maxCpu: 4 }), head: vm({ cpu: 5, maxCpu: 8 }), config: RWX, field: `${T}.domain.cpu.sockets`, impact: 'restart', why: 'above the hotplug limit (maxSockets 4): applies at the next restart' },
    { name: 'more CPUs on a DataVolume VM whose disks are ReadWriteMany', base: vm({ cpu: 2, disks: [disk({ accessMode: 'ReadWriteMany' })] }), head: vm({ cpu: 3, disks: [disk({ accessMode: 'ReadWriteMany' })] }), config: DATA_VOLUMES, field: `${T}.domain.cpu.sockets`, impact: 'live', why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    {
      name: 'more CPUs on a template VM with one ReadWriteOnce disk of two',
      base: vm({ cpu: 2, disks: [disk({ accessMode: 'ReadWriteMany' }), data({ accessMode: 'ReadWriteOnce' })] }),
      head: vm({ cpu: 3, disks: [disk({ accessMode: 'ReadWriteMany' }), data({ accessMode: 'ReadWriteOnce' })] }),
      config: TEMPLATES,
      field: `${T}.domain.cpu.sockets`,
      impact: 'restart',
      why: 'hotplug goes through a live migration and this VM cannot migrate (disk data is ReadWriteOnce, not ReadWriteMany): applies at the next restart',
    },
    { name: 'more CPUs on a VM of no namespace, on a ReadWriteOnce claim', base: profile('web', { cpu: 2, networks: NET }), head: profile('web', { cpu: 3, networks: NET }), field: `${T}.domain.cpu.sockets`, impact: 'restart', why: 'hotplug goes through a live migration and this VM cannot migrate (disk system is ReadWriteOnce, not ReadWriteMany): applies at the next restart' },
    { name: 'more CPUs on a VM of no namespace, on a ReadWriteMany claim', base: profile('web', { cpu: 2, networks: NET }), head: profile('web', { cpu: 3, networks: NET }), config: RWX, field: `${T}.domain.cpu.sockets`, impact: 'live', why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    { name: 'sockets instead of cores (the 0.1 upgrade)', base: vm({ cpu: 2 }), head: vm({ cpu: 2 }), config: { vm: { cpuTopology: 'cores' } }, headConfig: {}, field: `${T}.domain.cpu.sockets`, impact: 'restart', why: 'CPU sockets added or removed: applies at the next restart' },
  ])('$name: $impact', ({ base, head, config, headConfig = config, field, impact, why }) => {
    const found = diff([base], [head], config, headConfig).filter((c) => c.field === field);
    expect(found).toEqual([{ impact, kind: VM, field, why }]);
  });
});

describe('other changes to a rendered VM', () => {
  it.each<{ name: string; base: Obj[]; head: Obj[]; baseConfig?: Obj; headConfig?: Obj; changes: { impact: string; field: string; why: string }[] }>([
    { name: 'a label on the VM', base: [vm()], head: [vm({}, { labels: { team: 'a' } })], changes: [{ impact: 'restart', field: 'spec.template.metadata.labels.team', why: NOT_LIVE }, { impact: 'none', field: 'metadata.labels.team', why: 'metadata only' }] },
    { name: 'stopping the VM', base: [vm()], head: [vm({ startStrategy: { runStrategy: 'Halted' } })], changes: [{ impact: 'live', field: 'spec.runStrategy', why: 'the VM starts or stops accordingly' }] },
    { name: 'tolerations', base: [vm()], head: [vm({ highAvailability: { tolerations: [{ key: 'k', operator: 'Exists' }] } })], changes: [{ impact: 'live', field: `${T}.tolerations`, why: 'scheduling constraints update live (KubeVirt ≥ 1.6; a migration moves the VM if needed)' }] },
    {
      name: 'anti-affinity',
      base: [vm()],
      head: [vm({ highAvailability: { antiAffinity: true } })],
      changes: [
        { impact: 'restart', field: 'spec.template.metadata.labels.vm.example.com/anti-affinity-group', why: NOT_LIVE },
        { impact: 'live', field: `${T}.affinity`, why: 'scheduling constraints update live (KubeVirt ≥ 1.6; a migration moves the VM if needed)' },
      ],
    },
    { name: 'new user data', base: [vm({ cloudInit: { userData: '#cloud-config\npackages: [vim]\n' } })], head: [vm({ cloudInit: { userData: '#cloud-config\npackages: [git]\n' } })], changes: [{ impact: 'ignored', field: `${T}.volumes[cloudinitdisk].cloudInitNoCloud.userData`, why: 'cloud-init applies network and user data once per instance: the running guest keeps its configuration (change it inside the guest too)' }] },
    {
      name: 'a new clusterName',
      base: [vm()],
      head: [vm()],
      baseConfig: { clusterName: 'a' },
      headConfig: { clusterName: 'b' },
      changes: [
        { impact: 'identity', field: `${T}.domain.devices.interfaces[a].macAddress`, why: 'a new MAC address: the guest sees a new NIC (udev names, DHCP leases, licences)' },
        { impact: 'identity', field: `${T}.domain.firmware.serial`, why: 'a new firmware UUID or serial: cloud-init sees a new instance (per-instance modules rerun, SSH host keys may change)' },
        { impact: 'identity', field: `${T}.domain.firmware.uuid`, why: 'a new firmware UUID or serial: cloud-init sees a new instance (per-instance modules rerun, SSH host keys may change)' },
        { impact: 'ignored', field: `${T}.volumes[cloudinitdisk].cloudInitNoCloud.networkData`, why: 'cloud-init applies network and user data once per instance: the running guest keeps its configuration (change it inside the guest too)' },
      ],
    },
    {
      name: 'a bridge network that becomes SR-IOV: a new binding, not a new MAC',
      base: [vm({ networks: [{ name: 'a', type: 'bridge', vlanId: 10 }] })],
      head: [vm({ networks: [{ name: 'a', type: 'sriov', vlanId: 10 }] })],
      changes: [
        { impact: 'restart', field: `${T}.domain.devices.interfaces[a].bridge`, why: NOT_LIVE },
        { impact: 'restart', field: `${T}.domain.devices.interfaces[a].sriov`, why: NOT_LIVE },
        { impact: 'restart', field: `${T}.networks[a].multus.networkName`, why: NOT_LIVE },
      ],
    },
  ])('$name', ({ base, head, baseConfig, headConfig, changes }) => {
    expect(diff(base, head, baseConfig, headConfig).filter((c) => c.kind === VM)).toEqual(changes.map((c) => ({ ...c, kind: VM })));
  });
});

describe('disks', () => {
  const twoDisks = [disk(), data()];
  it.each<{ name: string; base: Obj[]; head: Obj[]; baseConfig?: Obj; headConfig?: Obj; changes: { impact: string; kind: string; field: string; why: string }[] }>([
    { name: 'a grown claim', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ size: '40Gi' })] })], changes: [{ impact: 'live', kind: 'PersistentVolumeClaim', field: 'spec.resources.requests.storage', why: 'the claim grows (needs an expandable StorageClass; the running guest sees it with KubeVirt ExpandDisks)' }] },
    { name: 'a shrunk claim', base: [vm({ disks: [disk({ size: '40Gi' })] })], head: [vm({ disks: [disk()] })], changes: [{ impact: 'rejected', kind: 'PersistentVolumeClaim', field: 'spec.resources.requests.storage', why: 'the API server refuses to shrink a claim below its capacity' }] },
    { name: 'a claim of the same size in other units', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ size: '20480Mi' })] })], changes: [{ impact: 'none', kind: 'PersistentVolumeClaim', field: 'spec.resources.requests.storage', why: 'the same size, written differently' }] },
    { name: 'a new image for a filled claim', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ image: 'registry.example.com/os:2' })] })], changes: [{ impact: 'ignored', kind: 'VolumeImportSource', field: 'spec.source.registry.url', why: 'the claim was filled from this source once; a new source is never imported into it' }] },
    { name: 'a grown DataVolume', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ size: '40Gi' })] })], baseConfig: DATA_VOLUMES, changes: [{ impact: 'rejected', kind: 'DataVolume', field: 'spec.storage.resources.requests.storage', why: "CDI's webhook refuses any change to a DataVolume's spec (HTTP 422): the sync fails" }] },
    {
      name: 'claims no longer protected from pruning: their annotations only',
      base: [vm()],
      head: [vm()],
      baseConfig: {},
      headConfig: { storage: { protectFromPrune: false } },
      changes: [{ impact: 'none', kind: 'PersistentVolumeClaim', field: 'metadata.annotations', why: 'metadata only' }],
    },
    {
      name: 'DataVolumes no longer protected from pruning: their annotations only',
      base: [vm()],
      head: [vm()],
      baseConfig: DATA_VOLUMES,
      headConfig: { storage: { mode: 'DataVolumes', protectFromPrune: false } },
      changes: [
        { impact: 'none', kind: 'DataVolume', field: 'metadata.annotations.argocd.argoproj.io/sync-options', why: 'metadata only' },
        { impact: 'none', kind: 'DataVolume', field: 'metadata.annotations.kustomize.toolkit.fluxcd.io/prune', why: 'metadata only' },
      ],
    },
    { name: 'a grown dataVolumeTemplate', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ size: '40Gi' })] })], baseConfig: TEMPLATES, changes: [{ impact: 'ignored', kind: VM, field: 'spec.dataVolumeTemplates[web-system].spec.storage.resources.requests.storage', why: 'KubeVirt never updates an existing DataVolume from its template: the disk keeps its old spec' }] },
    {
      name: 'a new dataVolumeTemplate',
      base: [vm({ disks: [disk()] })],
      head: [vm({ disks: twoDisks })],
      baseConfig: TEMPLATES,
      changes: [
        { impact: 'restart', kind: VM, field: `${T}.domain.devices.disks[data]`, why: NOT_LIVE },
        { impact: 'restart', kind: VM, field: `${T}.volumes[data]`, why: NOT_LIVE },
        { impact: 'added', kind: VM, field: 'spec.dataVolumeTemplates[web-data]', why: 'KubeVirt creates the new DataVolume' },
      ],
    },
    {
      name: 'a removed dataVolumeTemplate',
      base: [vm({ disks: twoDisks })],
      head: [vm({ disks: [disk()] })],
      baseConfig: TEMPLATES,
      changes: [
        { impact: 'data', kind: VM, field: 'spec.dataVolumeTemplates[web-data]', why: 'a removed template leaves its DataVolume orphaned until the VM is deleted, which deletes it' },
        { impact: 'restart', kind: VM, field: `${T}.domain.devices.disks[data]`, why: NOT_LIVE },
        { impact: 'restart', kind: VM, field: `${T}.volumes[data]`, why: NOT_LIVE },
      ],
    },
    {
      name: 'a removed protected claim',
      base: [vm({ disks: twoDisks })],
      head: [vm({ disks: [disk()] })],
      changes: [
        { impact: 'data', kind: 'PersistentVolumeClaim', field: '', why: 'never pruned (Prune=false): the disk and its data are left orphaned; delete it by hand when you mean it' },
        { impact: 'restart', kind: VM, field: `${T}.domain.devices.disks[data]`, why: NOT_LIVE },
        { impact: 'restart', kind: VM, field: `${T}.volumes[data]`, why: NOT_LIVE },
        { impact: 'removed', kind: 'VolumeImportSource', field: '', why: 'pruning deletes it' },
      ],
    },
    {
      name: 'a removed unprotected DataVolume',
      base: [vm({ disks: twoDisks })],
      head: [vm({ disks: [disk()] })],
      baseConfig: { storage: { mode: 'DataVolumes', protectFromPrune: false } },
      changes: [
        { impact: 'data', kind: 'DataVolume', field: '', why: 'pruning deletes the disk and its data' },
        { impact: 'restart', kind: VM, field: `${T}.domain.devices.disks[data]`, why: NOT_LIVE },
        { impact: 'restart', kind: VM, field: `${T}.volumes[data]`, why: NOT_LIVE },
      ],
    },
    { name: 'a new disk', base: [vm({ disks: [disk()] })], head: [vm({ disks: twoDisks })], baseConfig: DATA_VOLUMES, changes: [{ impact: 'restart', kind: VM, field: `${T}.domain.devices.disks[data]`, why: NOT_LIVE }, { impact: 'restart', kind: VM, field: `${T}.volumes[data]`, why: NOT_LIVE }, { impact: 'added', kind: 'DataVolume', field: '', why: 'created by the sync' }] },
  ])('$name', ({ base, head, baseConfig, headConfig, changes }) => {
    expect(diff(base, head, baseConfig, headConfig)).toEqual(changes);
  });
});

describe('objects written by hand', () => {
  const meta = (name: string, extra: Obj = {}) => ({ name, namespace: 'prod', ...extra });
  const classify = (before: Obj, after: Obj) => classifyChanges([before], [after]).changes;

  it.each<[string, string, string]>([
    ['PersistentVolumeClaim', 'v1', 'data'],
    ['DataVolume', 'cdi.kubevirt.io/v1beta1', 'data'],
    ['VolumeImportSource', 'cdi.kubevirt.io/v1beta1', 'data'],
    ['Secret', 'v1', 'web-cloudinit'],
    ['NetworkAttachmentDefinition', 'k8s.cni.cncf.io/v1', 'lan'],
    ['NodeNetworkConfigurationPolicy', 'nmstate.io/v1', 'br1'],
    ['VirtualMachine', 'kubevirt.io/v1', 'web'],
    ['ConfigMap', 'v1', 'settings'],
  ])('a label on a %s: metadata only', (kind, apiVersion, name) => {
    const object = (labels: Obj) => ({ apiVersion, kind, metadata: meta(name, { labels }), spec: {} });
    expect(verdicts(classify(object({}), object({ team: 'a' })))).toEqual([{ impact: 'none', kind, field: 'metadata.labels.team', why: 'metadata only' }]);
  });

  it.each([
    ['one of vmprofile\'s, by its label', { labels: { vmprofile: 'web' } }, 'prod/web', 'web'],
    ['one of the user\'s own, without labels or annotations', {}, null, 'its VMs'],
  ])('a NetworkAttachmentDefinition %s: network impact, naming who uses it', (_, extra, owner, users) => {
    const nad = (config: string) => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: meta('lan', extra), spec: { config } });
    expect(classify(nad('{"vlan":1}'), nad('{"vlan":2}'))).toMatchObject([
      { profile: owner, impact: 'network', field: 'spec.config', why: `VMs attached to this network (${users}) get the new CNI configuration when their pods are recreated (restart or migration)` },
    ]);
  });

  it('belongs to no profile when it carries no vmprofile label', () => {
    const configMap = (value: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('ssh'), data: { port: value } });
    expect(classify(configMap('22'), configMap('2222'))).toEqual([
      { profile: null, kind: 'ConfigMap', namespace: 'prod', name: 'ssh', field: 'data.port', before: '22', after: '2222', impact: 'live', why: 'applied as is (not an object vmprofile generates)' },
    ]);
  });

  // render passes through whatever manifests it is given: one without metadata must not stop the diff.
  const list = (n: number) => ({ apiVersion: 'v1', kind: 'List', items: [n] });
  const anonymousVm = (sockets: number) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', spec: { template: { spec: { domain: { cpu: { sockets }, devices: { interfaces: [{ name: 'lan', bridge: {} }] } } } } } });
  const anonymousNad = (config: string) => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', spec: { config } });
  const anonymousClaim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { accessModes: ['ReadWriteOnce'] } };
  it.each<[string, Obj[], Obj[], Obj]>([
    ['a List', [list(1)], [list(2)], { kind: 'List', field: 'items', impact: 'live', why: 'applied as is (not an object vmprofile generates)' }],
    ['a VirtualMachine with more CPUs', [anonymousVm(2)], [anonymousVm(3)], { kind: 'VirtualMachine', field: `${T}.domain.cpu.sockets`, impact: 'live', why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' }],
    ['a NetworkAttachmentDefinition', [anonymousNad('{"vlan":1}')], [anonymousNad('{"vlan":2}')], { kind: 'NetworkAttachmentDefinition', field: 'spec.config', impact: 'network', why: 'VMs attached to this network (its VMs) get the new CNI configuration when their pods are recreated (restart or migration)' }],
    ['a removed PersistentVolumeClaim', [anonymousClaim], [], { kind: 'PersistentVolumeClaim', field: '', impact: 'data', why: 'pruning deletes the disk and its data' }],
    ['an added DataVolume', [], [{ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', spec: { source: { blank: {} } } }], { kind: 'DataVolume', field: '', impact: 'added', why: 'created by the sync' }],
    ['a removed VirtualMachine without a spec', [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine' }], [], { kind: 'VirtualMachine', field: '', impact: 'removed', why: 'pruning deletes the VM (its disks stay)' }],
  ])('classifies %s without metadata instead of failing', (_, base, head, expected) => {
    expect(classifyChanges(base, head).changes).toMatchObject([{ profile: null, namespace: null, ...expected }]);
  });

  // A VirtualMachine as a user might write it: only what these cases need.
  const userVm = (domain: Obj, template: Obj = {}) => ({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: meta('legacy'),
    spec: { runStrategy: 'Always', template: { spec: { domain, ...template } } },
  });
  const bridged = { interfaces: [{ name: 'lan', bridge: {} }] };
  const claim = (accessModes: string[]) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('legacy-disk'), spec: { accessModes, resources: { requests: { storage: '10Gi' } } } });
  const onClaim = { volumes: [{ name: 'disk', persistentVolumeClaim: { claimName: 'legacy-disk' } }] };
  const onDataVolume = { volumes: [{ name: 'disk', dataVolume: { name: 'legacy-disk' } }] };
  const dataVolume = (spec: Obj) => ({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: meta('legacy-disk'), spec: { source: { blank: {} }, ...spec } });
  const withTemplate = (domain: Obj, spec: Obj) => {
    const object = userVm(domain, onDataVolume);
    return { ...object, spec: { ...object.spec, dataVolumeTemplates: [{ metadata: { name: 'legacy-disk' }, spec: { source: { blank: {} }, ...spec } }] } };
  };
  const cpu = (sockets: number) => ({ cpu: { sockets }, devices: bridged });
  const CANNOT_MIGRATE = (why: string) => `hotplug goes through a live migration and this VM cannot migrate (${why}): applies at the next restart`;

  it.each<{ name: string; before: Obj; after: Obj; others?: Obj[]; impact: string; field: string; why: string }>([
    { name: 'more CPUs on a VM with no devices', before: userVm({ cpu: { sockets: 2 } }), after: userVm({ cpu: { sockets: 3 } }), impact: 'restart', field: `${T}.domain.cpu.sockets`, why: 'hotplug goes through a live migration and this VM cannot migrate (it has no interfaces, so it uses the pod network with bridge binding): applies at the next restart' },
    {
      name: 'more CPUs on a VM whose claim has two access modes',
      before: userVm({ cpu: { sockets: 2 }, devices: bridged }, onClaim),
      after: userVm({ cpu: { sockets: 3 }, devices: bridged }, onClaim),
      others: [claim(['ReadWriteOnce', 'ReadOnlyMany'])],
      impact: 'restart',
      field: `${T}.domain.cpu.sockets`,
      why: 'hotplug goes through a live migration and this VM cannot migrate (disk disk is ReadWriteOnce, ReadOnlyMany, not ReadWriteMany): applies at the next restart',
    },
    { name: 'more CPUs on a VM on a ReadWriteMany claim', before: userVm({ cpu: { sockets: 2 }, devices: bridged }, onClaim), after: userVm({ cpu: { sockets: 3 }, devices: bridged }, onClaim), others: [claim(['ReadWriteMany'])], impact: 'live', field: `${T}.domain.cpu.sockets`, why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    { name: 'more CPUs on a VM on a DataVolume in the older spec.pvc form', before: userVm(cpu(2), onDataVolume), after: userVm(cpu(3), onDataVolume), others: [dataVolume({ pvc: { accessModes: ['ReadWriteOnce'] } })], impact: 'restart', field: `${T}.domain.cpu.sockets`, why: CANNOT_MIGRATE('disk disk is ReadWriteOnce, not ReadWriteMany') },
    { name: 'more CPUs on a VM on a DataVolume that leaves its access mode to CDI', before: userVm(cpu(2), onDataVolume), after: userVm(cpu(3), onDataVolume), others: [dataVolume({ storage: {} })], impact: 'restart', field: `${T}.domain.cpu.sockets`, why: CANNOT_MIGRATE('disk disk takes its access mode from the StorageProfile, which may not be ReadWriteMany') },
    { name: 'more CPUs on a VM whose dataVolumeTemplate is ReadWriteMany in the spec.pvc form', before: withTemplate(cpu(2), { pvc: { accessModes: ['ReadWriteMany'] } }), after: withTemplate(cpu(3), { pvc: { accessModes: ['ReadWriteMany'] } }), impact: 'live', field: `${T}.domain.cpu.sockets`, why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    { name: 'guest memory set where there was none', before: userVm({ memory: { hugepages: { pageSize: '2Mi' } } }), after: userVm({ memory: { hugepages: { pageSize: '2Mi' }, guest: '4Gi' } }), impact: 'restart', field: `${T}.domain.memory.guest`, why: 'guest memory added or removed: applies at the next restart' },
    { name: 'more CPUs on a VM with no interfaces and no pod network either', before: userVm({ cpu: { sockets: 2 }, devices: { autoattachPodInterface: false } }), after: userVm({ cpu: { sockets: 3 }, devices: { autoattachPodInterface: false } }), impact: 'live', field: `${T}.domain.cpu.sockets`, why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    {
      name: 'more CPUs on a VM whose masquerade pod interface comes after a bridge',
      before: userVm({ cpu: { sockets: 2 }, devices: { interfaces: [{ name: 'lan', bridge: {} }, { name: 'default', masquerade: {} }] } }, { networks: [{ name: 'lan', multus: { networkName: 'lan' } }, { name: 'default', pod: {} }] }),
      after: userVm({ cpu: { sockets: 3 }, devices: { interfaces: [{ name: 'lan', bridge: {} }, { name: 'default', masquerade: {} }] } }, { networks: [{ name: 'lan', multus: { networkName: 'lan' } }, { name: 'default', pod: {} }] }),
      impact: 'live',
      field: `${T}.domain.cpu.sockets`,
      why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)',
    },
    {
      name: 'more CPUs on a VM whose only dataVolumeTemplate has no name',
      before: { ...userVm(cpu(2), onDataVolume), spec: { ...userVm(cpu(2), onDataVolume).spec, dataVolumeTemplates: [{ spec: { storage: { accessModes: ['ReadWriteMany'] } } }] } },
      after: { ...userVm(cpu(3), onDataVolume), spec: { ...userVm(cpu(3), onDataVolume).spec, dataVolumeTemplates: [{ spec: { storage: { accessModes: ['ReadWriteMany'] } } }] } },
      impact: 'restart',
      field: `${T}.domain.cpu.sockets`,
      why: CANNOT_MIGRATE('disk disk is the existing claim legacy-disk, whose access mode the render does not show'),
    },
    {
      name: 'more CPUs on a VM whose own ReadWriteMany template follows a nameless one',
      before: { ...userVm(cpu(2), onDataVolume), spec: { ...userVm(cpu(2), onDataVolume).spec, dataVolumeTemplates: [{ spec: {} }, { metadata: { name: 'legacy-disk' }, spec: { storage: { accessModes: ['ReadWriteMany'] } } }] } },
      after: { ...userVm(cpu(3), onDataVolume), spec: { ...userVm(cpu(3), onDataVolume).spec, dataVolumeTemplates: [{ spec: {} }, { metadata: { name: 'legacy-disk' }, spec: { storage: { accessModes: ['ReadWriteMany'] } } }] } },
      impact: 'live',
      field: `${T}.domain.cpu.sockets`,
      why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)',
    },
    { name: 'CPU sockets removed', before: userVm({ cpu: { sockets: 2, cores: 1 }, devices: bridged }), after: userVm({ cpu: { cores: 1 }, devices: bridged }), impact: 'restart', field: `${T}.domain.cpu.sockets`, why: 'CPU sockets added or removed: applies at the next restart' },
    {
      name: 'a MAC pinned on an interface that had none',
      before: userVm({ devices: { interfaces: [{ name: 'lan', bridge: {} }] } }),
      after: userVm({ devices: { interfaces: [{ name: 'lan', bridge: {}, macAddress: '02:00:00:00:00:0a' }] } }),
      impact: 'restart',
      field: `${T}.domain.devices.interfaces[lan].macAddress`,
      why: NOT_LIVE,
    },
    {
      name: 'cloud-init from a config drive instead of NoCloud',
      before: userVm({}, { volumes: [{ name: 'ci', cloudInitNoCloud: { userData: '#cloud-config\n' } }] }),
      after: userVm({}, { volumes: [{ name: 'ci', cloudInitConfigDrive: { userData: '#cloud-config\n' } }] }),
      impact: 'restart',
      field: `${T}.volumes[ci].cloudInitNoCloud`,
      why: NOT_LIVE,
    },
  ])('$name: $impact', ({ before, after, others = [], impact, field, why }) => {
    const changes = classifyChanges([before, ...others], [after, ...others]).changes;
    expect(verdicts(changes).filter((c) => c.field === field)).toEqual([{ impact, kind: VM, field, why }]);
  });
});

describe('objects added beside a claim of their name', () => {
  const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'web-system', namespace: 'prod' }, spec: { resources: { requests: { storage: '20Gi' } } } };
  const named = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: { name: 'web-system', namespace: 'prod' }, spec: {} });
  it('a DataVolume: rejected, CDI will not fill a claim that exists', () => {
    expect(verdicts(classifyChanges([claim], [claim, named('cdi.kubevirt.io/v1beta1', 'DataVolume')]).changes)).toEqual([
      { impact: 'rejected', kind: 'DataVolume', field: '', why: "CDI refuses to create a DataVolume whose PersistentVolumeClaim already exists (the disk's claim from before): keep the disk's old source, or give it a new name" },
    ]);
  });

  it('anything else: added', () => {
    expect(verdicts(classifyChanges([claim], [claim, named('v1', 'ConfigMap')]).changes)).toEqual([{ impact: 'added', kind: 'ConfigMap', field: '', why: 'created by the sync' }]);
  });
});

describe('sizes and references that do not parse', () => {
  const claim = (storage: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd', namespace: 'prod' }, spec: { resources: { requests: { storage } } } });
  const REFUSED = 'the API server refuses to shrink a claim below its capacity';
  it.each([
    ['a size that becomes unreadable', '20Gi', 'lots'],
    ['an unreadable size that changes', 'lots', 'more'],
  ])('%s: rejected, never a growth or the same size', (_, before, after) => {
    expect(verdicts(classifyChanges([claim(before)], [claim(after)]).changes)).toEqual([{ impact: 'rejected', kind: 'PersistentVolumeClaim', field: 'spec.resources.requests.storage', why: REFUSED }]);
  });

  it('a new preference: restart, as an instancetype', () => {
    const pref = (name: string) => ({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web', namespace: 'prod' }, spec: { preference: { kind: 'VirtualMachineClusterPreference', name } } });
    expect(verdicts(classifyChanges([pref('fedora')], [pref('rhel.9')]).changes)).toEqual([
      { impact: 'restart', kind: VM, field: 'spec.preference.name', why: 'the running VM keeps the instancetype and preference revision it started with: RestartRequired until the VM restarts' },
    ]);
  });
});

describe('Services', () => {
  const service = (spec: Obj, labels: Obj = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'prod', labels }, spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 22 }], ...spec } });
  const MOVES = "the Service changes at once (a new type or port can move its IP or node port: clients' addresses may change)";
  it.each([
    { name: 'a label', before: service({}, { team: 'a' }), after: service({}, { team: 'b' }), field: 'metadata.labels.team', impact: 'none', why: 'metadata only' },
    { name: 'the type', before: service({}), after: service({ type: 'NodePort' }), field: 'spec.type', impact: 'live', why: MOVES },
    { name: 'a port', before: service({}), after: service({ ports: [{ port: 2222 }] }), field: 'spec.ports', impact: 'live', why: MOVES },
    { name: 'the selector', before: service({}), after: service({ selector: { app: 'db' } }), field: 'spec.selector.app', impact: 'live', why: 'the Service changes at once; the VM keeps running' },
  ])('$name: $impact', ({ before, after, field, impact, why }) => {
    expect(verdicts(classifyChanges([before], [after]).changes)).toEqual([{ impact, kind: 'Service', field, why }]);
  });

  it('renders a profile whose Service changes its port as a live change of the Service alone', () => {
    const web = (port: number) => vm({ podNetwork: true, services: [{ name: 'web-ssh', ports: [{ port, targetPort: 22 }] }] });
    expect(diff([web(22)], [web(2222)])).toEqual([{ impact: 'live', kind: 'Service', field: 'spec.ports', why: MOVES }]);
  });
});
