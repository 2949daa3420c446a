// Change impact: each row renders a base and a head with the function's own code and lists every
// change as "impact kind/name field". Sources of each rule are cited in src/impact/rules.ts.
import { describe, expect, it } from 'vitest';
import { type Impact, classifyChanges } from '../../src/impact/index.js';
import { type Obj, profile } from '../support/fixtures.js';
import { expandAll } from '../expand/helpers.js';

const NET = [{ name: 'a', type: 'bridge', bridgeName: 'br1', vlanId: 10 }];
const RWX = { storage: { accessMode: 'ReadWriteMany' } };
const vm = (spec: Obj = {}, metadata: Obj = {}) => profile('web', { networks: NET, ...spec }, { namespace: 'prod', ...metadata });
const disk = (extra: Obj = {}) => ({ name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'registry.example.com/os:1', ...extra });

function diff(base: Obj[], head: Obj[], baseConfig?: Obj, headConfig: Obj | undefined = baseConfig) {
  const objects = (profiles: Obj[], config?: Obj) => (profiles.length > 0 ? expandAll(profiles, config).objects : []);
  return classifyChanges(objects(base, baseConfig), objects(head, headConfig));
}
const lines = (result: ReturnType<typeof diff>) => result.changes.map((c) => `${c.impact} ${c.kind}/${c.name} ${c.field}`.trim());
const T = 'spec.template.spec';

describe('change impact', () => {
  const rows: { name: string; base: Obj[]; head: Obj[]; baseConfig?: Obj; headConfig?: Obj; changes: string[]; why?: RegExp }[] = [
    { name: 'more CPUs on a VM that can migrate: live', base: [vm({ cpu: 2 })], head: [vm({ cpu: 3 })], baseConfig: RWX, changes: [`live VirtualMachine/web ${T}.domain.cpu.sockets`] },
    { name: 'more CPUs on a ReadWriteOnce VM: restart, saying why', base: [vm({ cpu: 2 })], head: [vm({ cpu: 3 })], changes: [`restart VirtualMachine/web ${T}.domain.cpu.sockets`], why: /cannot migrate \(disk system is ReadWriteOnce, not ReadWriteMany\)/ },
    { name: 'CPUs beyond 4 × the boot value: restart', base: [vm({ cpu: 2 })], head: [vm({ cpu: 9 })], baseConfig: RWX, changes: [`restart VirtualMachine/web ${T}.domain.cpu.sockets`], why: /4 × the boot value/ },
    { name: 'CPUs within maxCpu: live', base: [vm({ cpu: 2, maxCpu: 16 })], head: [vm({ cpu: 12, maxCpu: 16 })], baseConfig: RWX, changes: [`live VirtualMachine/web ${T}.domain.cpu.sockets`] },
    { name: 'fewer CPUs: restart', base: [vm({ cpu: 4 })], head: [vm({ cpu: 2 })], baseConfig: RWX, changes: [`restart VirtualMachine/web ${T}.domain.cpu.sockets`] },
    { name: 'cores → sockets (the 0.1 upgrade): restart', base: [vm({ cpu: 2 })], head: [vm({ cpu: 2 })], baseConfig: { vm: { cpuTopology: 'cores' } }, headConfig: {}, changes: [`restart VirtualMachine/web ${T}.domain.cpu.cores`, `restart VirtualMachine/web ${T}.domain.cpu.sockets`, `restart VirtualMachine/web ${T}.domain.cpu.threads`] },
    { name: 'more memory within maxMemory: live; beyond it: restart', base: [vm({ memory: '4Gi', maxMemory: '8Gi' })], head: [vm({ memory: '8Gi', maxMemory: '8Gi' })], baseConfig: RWX, changes: [`live VirtualMachine/web ${T}.domain.memory.guest`] },
    {
      name: 'memory beyond the maxMemory the VM booted with: restart, as is the new limit',
      base: [vm({ memory: '4Gi', maxMemory: '6Gi' })],
      head: [vm({ memory: '8Gi', maxMemory: '8Gi' })],
      baseConfig: RWX,
      changes: [`restart VirtualMachine/web ${T}.domain.memory.guest`, `restart VirtualMachine/web ${T}.domain.memory.maxGuest`],
      why: /above the hotplug limit \(maxGuest 6Gi\)/,
    },
    { name: 'a grown disk: the claim grows live', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ size: '40Gi' })] })], changes: ['live PersistentVolumeClaim/web-system spec.resources.requests.storage'] },
    { name: 'a shrunk disk: rejected', base: [vm({ disks: [disk({ size: '40Gi' })] })], head: [vm({ disks: [disk()] })], changes: ['rejected PersistentVolumeClaim/web-system spec.resources.requests.storage'] },
    { name: 'a new storage class: rejected', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ storageClassName: 'fast' })] })], changes: ['rejected PersistentVolumeClaim/web-system spec.storageClassName'] },
    { name: 'a new image for an existing disk: ignored', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ image: 'registry.example.com/os:2' })] })], changes: ['ignored VolumeImportSource/web-system spec.source.registry.url'] },
    { name: 'a grown DataVolume: rejected by CDI', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ size: '40Gi' })] })], baseConfig: { storage: { mode: 'DataVolumes' } }, changes: ['rejected DataVolume/web-system spec.storage.resources.requests.storage'] },
    { name: 'a grown dataVolumeTemplate: ignored', base: [vm({ disks: [disk()] })], head: [vm({ disks: [disk({ size: '40Gi' })] })], baseConfig: { storage: { mode: 'DataVolumeTemplates' } }, changes: ['ignored VirtualMachine/web spec.dataVolumeTemplates[web-system].spec.storage.resources.requests.storage'] },
    {
      name: 'a new clusterName: a new identity',
      base: [vm()],
      head: [vm()],
      baseConfig: { clusterName: 'a' },
      headConfig: { clusterName: 'b' },
      changes: [`identity VirtualMachine/web ${T}.domain.devices.interfaces[a].macAddress`, `identity VirtualMachine/web ${T}.domain.firmware.serial`, `identity VirtualMachine/web ${T}.domain.firmware.uuid`, `ignored VirtualMachine/web ${T}.volumes[cloudinitdisk].cloudInitNoCloud.networkData`],
    },
    {
      name: 'a removed disk: its data is left orphaned, the VM restarts without it',
      base: [vm({ disks: [disk(), { name: 'data', size: '1Gi', storageClassName: 'ssd' }] })],
      head: [vm({ disks: [disk()] })],
      changes: ['data PersistentVolumeClaim/web-data', `restart VirtualMachine/web ${T}.domain.devices.disks[data]`, `restart VirtualMachine/web ${T}.volumes[data]`, 'removed VolumeImportSource/web-data'],
    },
    {
      name: 'a removed profile',
      base: [vm(), profile('db', { networks: NET }, { namespace: 'prod' })],
      head: [profile('db', { networks: NET }, { namespace: 'prod' })],
      changes: ['data PersistentVolumeClaim/web-system', 'removed VirtualMachine/web', 'removed VolumeImportSource/web-system', 'none NetworkAttachmentDefinition/bridge-br1-vlan10 metadata.annotations.vm.example.com/profiles',
        'none NetworkAttachmentDefinition/bridge-br1-vlan10 metadata.labels.vmprofile',
        'none NodeNetworkConfigurationPolicy/br1 metadata.annotations.vm.example.com/profiles',
        'none NodeNetworkConfigurationPolicy/br1 metadata.labels.vmprofile',
      ],
    },
    { name: 'a new profile: everything added', base: [], head: [vm()], changes: ['added NetworkAttachmentDefinition/bridge-br1-vlan10', 'added NodeNetworkConfigurationPolicy/br1', 'added PersistentVolumeClaim/web-system', 'added VirtualMachine/web', 'added VolumeImportSource/web-system'] },
    { name: 'a new uplink for a bridge: the NNCP changes under every VM on it', base: [vm()], head: [vm({ networks: [{ ...NET[0], uplink: 'eth7' }] })], changes: ['network NodeNetworkConfigurationPolicy/br1 spec.desiredState.interfaces[br1].bridge.port[eth1]', 'network NodeNetworkConfigurationPolicy/br1 spec.desiredState.interfaces[br1].bridge.port[eth7]'], why: /every VM on it is affected \(prod\/web\)/ },
    {
      name: 'another VLAN: a new NAD, the VM restarts onto it',
      base: [vm()],
      head: [vm({ networks: [{ ...NET[0], vlanId: 11 }] })],
      changes: [`restart VirtualMachine/web ${T}.networks[a].multus.networkName`, 'removed NetworkAttachmentDefinition/bridge-br1-vlan10', 'added NetworkAttachmentDefinition/bridge-br1-vlan11'],
    },
    { name: 'new user data: ignored by the running guest', base: [vm({ cloudInit: { userData: '#cloud-config\npackages: [vim]\n' } })], head: [vm({ cloudInit: { userData: '#cloud-config\npackages: [git]\n' } })], changes: [`ignored VirtualMachine/web ${T}.volumes[cloudinitdisk].cloudInitNoCloud.userData`] },
    { name: 'a node selector: live', base: [vm()], head: [vm({ highAvailability: { nodeSelector: { zone: 'a' } } })], changes: [`live VirtualMachine/web ${T}.nodeSelector`] },
    { name: 'stopping the VM: live', base: [vm()], head: [vm({ startStrategy: { runStrategy: 'Halted' } })], changes: ['live VirtualMachine/web spec.runStrategy'] },
    {
      name: 'a label: metadata only',
      base: [vm()],
      head: [vm({}, { labels: { team: 'a' } })],
      changes: ['restart VirtualMachine/web spec.template.metadata.labels.team', 'none VirtualMachine/web metadata.labels.team'],
    },
    // Reach it and size it: pod network, Services, instancetypes, disk sources.
    { name: 'a new Service: added', base: [vm({ podNetwork: true })], head: [vm({ podNetwork: true, services: [{ name: 'web-ssh', ports: [{ port: 22 }] }] })], changes: ['added Service/web-ssh'] },
    { name: "a Service's new node port: live, not a VM change", base: [vm({ podNetwork: true, services: [{ name: 'web-ssh', type: 'NodePort', ports: [{ port: 22, nodePort: 30022 }] }] })], head: [vm({ podNetwork: true, services: [{ name: 'web-ssh', type: 'NodePort', ports: [{ port: 22, nodePort: 30023 }] }] })], changes: ['live Service/web-ssh spec.ports'], why: /node port/ },
    { name: 'a new instancetype: restart', base: [vm({ cpu: undefined, memory: undefined, instancetype: 'u1.medium' })], head: [vm({ cpu: undefined, memory: undefined, instancetype: 'u1.large' })], changes: ['restart VirtualMachine/web spec.instancetype.name'], why: /keeps the instancetype and preference revision it started with/ },
    { name: 'a new golden image in a DataVolume: rejected', base: [vm({ disks: [disk({ image: undefined, dataSource: { name: 'fedora', namespace: 'os-images' } })] })], head: [vm({ disks: [disk({ image: undefined, dataSource: { name: 'fedora-43', namespace: 'os-images' } })] })], changes: ['rejected DataVolume/web-system spec.sourceRef.name'] },
    { name: 'a new golden image in a template: ignored', base: [vm({ disks: [disk({ image: undefined, dataSource: { name: 'fedora' } })] })], head: [vm({ disks: [disk({ image: undefined, dataSource: { name: 'fedora-43' } })] })], baseConfig: { storage: { mode: 'DataVolumeTemplates' } }, changes: ['ignored VirtualMachine/web spec.dataVolumeTemplates[web-system].spec.sourceRef.name'] },
    {
      name: 'an imported disk switched to a clone: the old claim is orphaned, the DataVolume refused',
      base: [vm({ disks: [disk()] })],
      head: [vm({ disks: [disk({ image: undefined, clone: { name: 'golden', namespace: 'images' } })] })],
      changes: ['data PersistentVolumeClaim/web-system', 'rejected DataVolume/web-system', `restart VirtualMachine/web ${T}.volumes[system].dataVolume`, `restart VirtualMachine/web ${T}.volumes[system].persistentVolumeClaim`, 'removed VolumeImportSource/web-system'],
    },
    { name: 'an existing claim swapped for another: restart', base: [vm({ disks: [disk(), { name: 'legacy', claimName: 'old-data' }] })], head: [vm({ disks: [disk(), { name: 'legacy', claimName: 'new-data' }] })], changes: [`restart VirtualMachine/web ${T}.volumes[legacy].persistentVolumeClaim.claimName`] },
  ];

  it.each(rows)('$name', ({ base, head, baseConfig, headConfig, changes, why }) => {
    const result = diff(base, head, baseConfig, headConfig ?? baseConfig);
    expect(lines(result)).toEqual(changes);
    if (why) expect(result.changes[0]!.why).toMatch(why);
  });

  // The reason each verdict gives, exactly: what a reviewer reads next to the impact.
  const configMap = (value: string, labels: Obj = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-settings', namespace: 'prod', labels }, data: { key: value } });
  it.each<{ name: string; base: Obj[]; head: Obj[]; baseConfig?: Obj; headConfig?: Obj; first: string; why: string }>([
    { name: 'CPUs on a DataVolume VM whose access mode the StorageProfile decides', base: [vm({ cpu: 2 })], head: [vm({ cpu: 3 })], baseConfig: { storage: { mode: 'DataVolumes' } }, first: `restart VirtualMachine/web ${T}.domain.cpu.sockets`, why: 'hotplug goes through a live migration and this VM cannot migrate (disk system takes its access mode from the StorageProfile, which may not be ReadWriteMany): applies at the next restart' },
    { name: 'CPUs on a template VM with ReadWriteMany templates', base: [vm({ cpu: 2, disks: [disk({ accessMode: 'ReadWriteMany' })] })], head: [vm({ cpu: 3, disks: [disk({ accessMode: 'ReadWriteMany' })] })], baseConfig: { storage: { mode: 'DataVolumeTemplates' } }, first: `live VirtualMachine/web ${T}.domain.cpu.sockets`, why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    { name: 'CPUs on a VM with a macvtap network', base: [vm({ cpu: 2, networks: [{ name: 't', type: 'macvlan' }] })], head: [vm({ cpu: 3, networks: [{ name: 't', type: 'macvlan' }] })], baseConfig: RWX, first: `restart VirtualMachine/web ${T}.domain.cpu.sockets`, why: 'hotplug goes through a live migration and this VM cannot migrate (interface t uses macvtap): applies at the next restart' },
    { name: 'CPUs on a VM with only the pod network', base: [vm({ cpu: 2, networks: [] })], head: [vm({ cpu: 3, networks: [] })], baseConfig: RWX, first: `live VirtualMachine/web ${T}.domain.cpu.sockets`, why: 'CPU sockets are hotplugged (KubeVirt ≥ 1.6 LiveUpdate)' },
    { name: 'CPUs on a VM with a passt pod network', base: [vm({ cpu: 2, networks: [], podNetwork: { binding: 'passt' } })], head: [vm({ cpu: 3, networks: [], podNetwork: { binding: 'passt' } })], baseConfig: RWX, first: `restart VirtualMachine/web ${T}.domain.cpu.sockets`, why: 'hotplug goes through a live migration and this VM cannot migrate (the pod network (default) is not bound by masquerade): applies at the next restart' },
    { name: 'CPUs on a VM with an existing claim', base: [vm({ cpu: 2, disks: [disk(), { name: 'legacy', claimName: 'old-data' }] })], head: [vm({ cpu: 3, disks: [disk(), { name: 'legacy', claimName: 'old-data' }] })], baseConfig: RWX, first: `restart VirtualMachine/web ${T}.domain.cpu.sockets`, why: 'hotplug goes through a live migration and this VM cannot migrate (disk legacy is the existing claim old-data, whose access mode the render does not show): applies at the next restart' },
    { name: 'fewer CPUs', base: [vm({ cpu: 4 })], head: [vm({ cpu: 2 })], baseConfig: RWX, first: `restart VirtualMachine/web ${T}.domain.cpu.sockets`, why: 'CPU sockets shrink only at a restart' },
    { name: 'more memory below 1Gi', base: [vm({ memory: '512Mi' })], head: [vm({ memory: '768Mi' })], baseConfig: RWX, first: `restart VirtualMachine/web ${T}.domain.memory.guest`, why: 'memory hotplug needs at least 1Gi of guest memory' },
    { name: 'CPUs beyond maxCpu', base: [vm({ cpu: 2, maxCpu: 4 })], head: [vm({ cpu: 5, maxCpu: 8 })], baseConfig: RWX, first: `restart VirtualMachine/web ${T}.domain.cpu.maxSockets`, why: 'not live-updatable: RestartRequired until the VM restarts' },
    { name: 'a new access mode (a list of values)', base: [vm()], head: [vm({ disks: [disk({ accessMode: 'ReadWriteMany' })] })], first: 'rejected PersistentVolumeClaim/web-system spec.accessModes', why: "a PersistentVolumeClaim's spec is immutable except its size: the API server refuses the change" },
    { name: 'a removed unprotected disk', base: [vm({ disks: [disk(), { name: 'data', size: '1Gi', storageClassName: 'ssd' }] })], head: [vm({ disks: [disk()] })], baseConfig: { storage: { protectFromPrune: false } }, first: 'data PersistentVolumeClaim/web-data', why: 'pruning deletes the disk and its data' },
    { name: 'a NAD no profile uses any more', base: [vm()], head: [], first: 'removed NetworkAttachmentDefinition/bridge-br1-vlan10', why: 'pruning deletes it' },
    { name: 'large user data in a Secret', base: [vm({ cloudInit: { userData: `#cloud-config\nruncmd:\n${'  - echo a\n'.repeat(300)}` } })], head: [vm({ cloudInit: { userData: `#cloud-config\nruncmd:\n${'  - echo b\n'.repeat(300)}` } })], first: 'ignored Secret/web-cloudinit data.userdata', why: 'cloud-init reads this data once per instance: the running guest keeps its configuration' },
  ])('says why: $name', ({ base, head, baseConfig, headConfig, first, why }) => {
    const result = diff(base, head, baseConfig, headConfig ?? baseConfig);
    const change = result.changes.find((c) => `${c.impact} ${c.kind}/${c.name} ${c.field}`.trim() === first);
    expect(change, lines(result).join('\n')).toBeDefined();
    expect(change!.why).toBe(why);
  });

  it('says why for template VMs removed, protected or not, and for objects vmprofile does not generate', () => {
    const objects = (config: Obj) => expandAll([vm()], config).objects;
    const removed = (config: Obj) => classifyChanges(objects(config), []).changes.find((c) => c.kind === 'VirtualMachine')!;
    expect(removed({ storage: { mode: 'DataVolumeTemplates' } })).toMatchObject({ impact: 'data', why: 'never pruned (Prune=false): the VM keeps running, orphaned, with its disks; delete it by hand' });
    expect(removed({ storage: { mode: 'DataVolumeTemplates', protectFromPrune: false } })).toMatchObject({ impact: 'data', why: 'pruning deletes the VM and the disks of its dataVolumeTemplates' });
    expect(removed({})).toMatchObject({ impact: 'removed', why: 'pruning deletes the VM (its disks stay)' });
    const foreign = classifyChanges([configMap('a')], [configMap('b', { team: 'a' })]).changes;
    expect(foreign.map(({ impact, field, why }) => ({ impact, field, why }))).toEqual([
      { impact: 'live', field: 'data.key', why: 'applied as is (not an object vmprofile generates)' },
      { impact: 'none', field: 'metadata.labels.team', why: 'metadata only' },
    ]);
    const nad = expandAll([vm()]).ofKind('NetworkAttachmentDefinition')[0]!;
    const edited = structuredClone(nad);
    edited.spec.config = edited.spec.config.replace('"macspoofchk":true', '"macspoofchk":false');
    expect(classifyChanges([nad], [edited]).changes).toMatchObject([
      { impact: 'network', field: 'spec.config', why: 'VMs attached to this network (prod/web) get the new CNI configuration when their pods are recreated (restart or migration)' },
    ]);
  });

  it('says nothing when nothing changes, and counts impacts in the summary', () => {
    expect(diff([vm()], [vm()])).toEqual({ changes: [], summary: {} });
    const { summary } = diff([vm({ cpu: 2 })], [vm({ cpu: 3 }, { labels: { team: 'a' } })]);
    expect(summary).toEqual({ restart: 2, none: 1 } satisfies Partial<Record<Impact, number>>);
  });

  it('names the profile of per-profile objects and null for shared ones, with values before and after', () => {
    const { changes } = diff([vm({ cpu: 2 })], [vm({ cpu: 3, networks: [{ ...NET[0], uplink: 'eth7' }] })]);
    expect(changes.map(({ profile, kind, before, after }) => ({ profile, kind, before: typeof before, after: typeof after }))).toEqual([
      { profile: null, kind: 'NodeNetworkConfigurationPolicy', before: 'object', after: 'object' },
      { profile: null, kind: 'NodeNetworkConfigurationPolicy', before: 'object', after: 'object' },
      { profile: 'prod/web', kind: 'VirtualMachine', before: 'number', after: 'number' },
    ]);
    expect(changes[2]).toMatchObject({ namespace: 'prod', name: 'web', before: 2, after: 3 });
  });
});
