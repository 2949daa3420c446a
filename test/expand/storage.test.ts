// Disks (SPEC §5.3): a PVC filled by a VolumeImportSource by default; DataVolumes or VM
// dataVolumeTemplates as settings. Whole objects first, then the behaviours one at a time.
import { describe, expect, it } from 'vitest';
import { type Obj, profile } from '../support/fixtures.js';
import { checkAll, expandAll } from './helpers.js';

const disk = (extra: object = {}) => ({ name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, ...extra });
const labels = (name: string) => ({ vmprofile: name, 'app.kubernetes.io/managed-by': 'vmprofile' });
const PROTECTED = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' };
const disksOf = (objects: Obj[]) => objects.filter((o) => ['PersistentVolumeClaim', 'VolumeImportSource', 'DataVolume'].includes(o['kind']));

describe('disks as PVCs (default): whole objects', () => {
  const rows: { name: string; disk: Obj; config?: Obj; objects: Obj[] }[] = [
    {
      name: 'a registry image, modes from the config defaults',
      disk: disk({ image: 'registry.example.com/os:1' }),
      objects: [
        { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'VolumeImportSource', metadata: { name: 'web-system', namespace: 'prod', labels: labels('web') }, spec: { source: { registry: { url: 'docker://registry.example.com/os:1' } } } },
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'web-system', namespace: 'prod', labels: labels('web'), annotations: PROTECTED },
          spec: {
            accessModes: ['ReadWriteOnce'],
            volumeMode: 'Filesystem',
            storageClassName: 'ssd',
            resources: { requests: { storage: '20Gi' } },
            dataSourceRef: { apiGroup: 'cdi.kubevirt.io', kind: 'VolumeImportSource', name: 'web-system' },
          },
        },
      ],
    },
    {
      name: 'an http image, modes from the disk over the config, unprotected on request',
      disk: disk({ image: 'http://images.example.com/os.qcow2', accessMode: 'ReadWriteMany', volumeMode: 'Block' }),
      config: { storage: { accessMode: 'ReadWriteOncePod', protectFromPrune: false } },
      objects: [
        { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'VolumeImportSource', metadata: { name: 'web-system', namespace: 'prod', labels: labels('web') }, spec: { source: { http: { url: 'http://images.example.com/os.qcow2' } } } },
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'web-system', namespace: 'prod', labels: labels('web') },
          spec: {
            accessModes: ['ReadWriteMany'],
            volumeMode: 'Block',
            storageClassName: 'ssd',
            resources: { requests: { storage: '20Gi' } },
            dataSourceRef: { apiGroup: 'cdi.kubevirt.io', kind: 'VolumeImportSource', name: 'web-system' },
          },
        },
      ],
    },
    {
      name: 'a blank data disk with the config\'s modes',
      disk: { name: 'data', size: '500Gi', storageClassName: 'hdd', blank: true },
      config: { storage: { accessMode: 'ReadWriteMany', volumeMode: 'Block' } },
      objects: [
        { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'VolumeImportSource', metadata: { name: 'web-data', namespace: 'prod', labels: labels('web') }, spec: { source: { blank: {} } } },
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'web-data', namespace: 'prod', labels: labels('web'), annotations: PROTECTED },
          spec: {
            accessModes: ['ReadWriteMany'],
            volumeMode: 'Block',
            storageClassName: 'hdd',
            resources: { requests: { storage: '500Gi' } },
            dataSourceRef: { apiGroup: 'cdi.kubevirt.io', kind: 'VolumeImportSource', name: 'web-data' },
          },
        },
      ],
    },
  ];

  it.each(rows)('$name', ({ disk: d, config, objects }) => {
    const result = expandAll([profile('web', { disks: [d] }, { namespace: 'prod' })], config);
    expect(disksOf(result.objects)).toEqual(objects);
    expect(result.vm('web').spec.template.spec.volumes[0]).toEqual({ name: d['name'], persistentVolumeClaim: { claimName: `web-${d['name']}` } });
  });
});

describe('disks as DataVolumes (storage.mode: DataVolumes): whole objects', () => {
  it('is one DataVolume per disk using spec.storage, modes left to the StorageProfile unless the disk names them', () => {
    const result = expandAll([profile('web', { disks: [disk({ image: 'registry.example.com/os:1' }), { name: 'data', size: '500Gi', storageClassName: 'hdd', accessMode: 'ReadWriteMany', volumeMode: 'Block' }] }, { namespace: 'prod' })], {
      storage: { mode: 'DataVolumes' },
    });
    const annotations = { 'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false', ...PROTECTED };
    expect(disksOf(result.objects)).toEqual([
      {
        apiVersion: 'cdi.kubevirt.io/v1beta1',
        kind: 'DataVolume',
        metadata: { name: 'web-data', namespace: 'prod', labels: labels('web'), annotations },
        spec: { source: { blank: {} }, storage: { accessModes: ['ReadWriteMany'], volumeMode: 'Block', storageClassName: 'hdd', resources: { requests: { storage: '500Gi' } } } },
      },
      {
        apiVersion: 'cdi.kubevirt.io/v1beta1',
        kind: 'DataVolume',
        metadata: { name: 'web-system', namespace: 'prod', labels: labels('web'), annotations },
        spec: { source: { registry: { url: 'docker://registry.example.com/os:1' } }, storage: { storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } } },
      },
    ]);
    expect(result.vm('web').spec.template.spec.volumes.slice(0, 2)).toEqual([
      { name: 'system', dataVolume: { name: 'web-system' } },
      { name: 'data', dataVolume: { name: 'web-data' } },
    ]);
    expect(result.vm('web').metadata.annotations).toBeUndefined();
  });

  it('keeps only the CDI garbage-collection opt-out when prune protection is off', () => {
    const [dv] = expandAll([profile()], { storage: { mode: 'DataVolumes', protectFromPrune: false } }).ofKind('DataVolume');
    expect(dv!.metadata.annotations).toEqual({ 'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false' });
  });
});

describe('disks as dataVolumeTemplates (storage.mode: DataVolumeTemplates)', () => {
  it('puts the templates in the VM and protects the VM, which now holds the data', () => {
    const result = expandAll([profile('web', {}, { annotations: { team: 'a' } })], { storage: { mode: 'DataVolumeTemplates' } });
    expect(disksOf(result.objects)).toEqual([]);
    const vm = result.vm('web');
    expect(vm.metadata.annotations).toEqual({ team: 'a', ...PROTECTED });
    expect(vm.spec.template.metadata.annotations).toEqual({ team: 'a' });
    expect(vm.spec.dataVolumeTemplates).toEqual([
      { metadata: { name: 'web-system', labels: labels('web') }, spec: { source: { registry: { url: 'docker://registry.example.com/os:1' } }, storage: { storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } } } },
    ]);
    expect(vm.spec.template.spec.volumes[0]).toEqual({ name: 'system', dataVolume: { name: 'web-system' } });
  });

  it('leaves a VM without disks, or with protection off, unannotated', () => {
    expect(expandAll([profile('web', { disks: [] })], { storage: { mode: 'DataVolumeTemplates' } }).vm('web').metadata.annotations).toBeUndefined();
    expect(expandAll([profile('web')], { storage: { mode: 'DataVolumeTemplates', protectFromPrune: false } }).vm('web').metadata.annotations).toBeUndefined();
  });
});

describe('disk sources', () => {
  it.each([
    ['registry.example.com/centos-stream:8', { registry: { url: 'docker://registry.example.com/centos-stream:8' } }],
    ['docker://quay.io/containerdisks/fedora:40', { registry: { url: 'docker://quay.io/containerdisks/fedora:40' } }],
    ['oci-archive:///images/disk.tar', { registry: { url: 'oci-archive:///images/disk.tar' } }],
    ['https://example.com/images/disk.qcow2', { http: { url: 'https://example.com/images/disk.qcow2' } }],
    ['http://example.com/images/disk.qcow2', { http: { url: 'http://example.com/images/disk.qcow2' } }],
  ])('imports %s from the right source', (image, source) => {
    expect(expandAll([profile('vm1', { disks: [disk({ image })] })]).ofKind('VolumeImportSource')[0]!.spec.source).toEqual(source);
  });

  it('gives the boot disk spec.osImage when it has no image of its own, and only the boot disk', () => {
    const sources = expandAll([profile('vm1', { osImage: 'registry.example.com/os:2', disks: [{ name: 'data', size: '1Gi', storageClassName: 'ssd' }, disk()] })]).ofKind('VolumeImportSource');
    expect(sources.find((s) => s.metadata.name === 'vm1-system')!.spec.source).toEqual({ registry: { url: 'docker://registry.example.com/os:2' } });
    expect(sources.find((s) => s.metadata.name === 'vm1-data')!.spec.source).toEqual({ blank: {} });
  });

  it('refuses two profiles whose disks would share a name, once per disk', () => {
    const result = checkAll([
      profile('a-b', { disks: [disk({ name: 'c', image: 'registry.example.com/os:1' })] }),
      profile('a', { disks: [disk({ name: 'b-c', image: 'registry.example.com/os:1' })] }),
    ]);
    expect(result.errors).toMatchObject([{ field: 'spec.disks[0]', message: 'generates VolumeImportSource a-b-c, which a spec.disks[0] generates too; rename one of them' }]);
    expect(result.errors[0]!.owner.metadata.name).toBe('a-b');
  });
});

describe('golden images, clones and existing claims, in every storage mode', () => {
  const golden = disk({ dataSource: { name: 'fedora', namespace: 'os-images' } });
  const clone = disk({ clone: { name: 'golden-pvc', namespace: 'images' } });
  const legacy = { name: 'legacy', claimName: 'old-data' };
  const storage = { storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } };
  const dvMetadata = { name: 'web-system', namespace: 'prod', labels: labels('web'), annotations: { 'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false', ...PROTECTED } };
  const volumes = (vm: Obj) => vm['spec']['template']['spec']['volumes'].filter((v: Obj) => !v['cloudInitNoCloud']);

  it.each([
    ['PersistentVolumeClaims (CDI populators cannot reach a DataSource)', {}, { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', ...storage }],
    ['DataVolumes', { storage: { mode: 'DataVolumes' } }, storage],
  ])('a DataSource disk is a protected DataVolume referencing it in mode %s', (_, config, dvStorage) => {
    const result = expandAll([profile('web', { disks: [golden] }, { namespace: 'prod' })], config);
    expect(disksOf(result.objects)).toEqual([
      { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: dvMetadata, spec: { sourceRef: { kind: 'DataSource', name: 'fedora', namespace: 'os-images' }, storage: dvStorage } },
    ]);
    expect(volumes(result.vm('web'))).toEqual([{ name: 'system', dataVolume: { name: 'web-system' } }]);
  });

  it('a clone is a DataVolume from the PVC, its namespace defaulting to the profile\'s', () => {
    const result = expandAll([profile('web', { disks: [clone] }, { namespace: 'prod' }), profile('db', { disks: [disk({ clone: { name: 'golden-pvc' } })] }, { namespace: 'prod' })], { storage: { mode: 'DataVolumes' } });
    expect(result.ofKind('DataVolume').map((dv) => [dv['metadata']['name'], dv['spec']['source']])).toEqual([
      ['db-system', { pvc: { name: 'golden-pvc', namespace: 'prod' } }],
      ['web-system', { pvc: { name: 'golden-pvc', namespace: 'images' } }],
    ]);
  });

  it('a DataSource disk in dataVolumeTemplates mode is a template with sourceRef, its namespace omitted when not given', () => {
    const vm = expandAll([profile('web', { disks: [disk({ dataSource: { name: 'fedora' } })] })], { storage: { mode: 'DataVolumeTemplates' } }).vm('web');
    expect(vm['spec']['dataVolumeTemplates']).toEqual([{ metadata: { name: 'web-system', labels: labels('web') }, spec: { sourceRef: { kind: 'DataSource', name: 'fedora' }, storage } }]);
  });

  it.each([{}, { storage: { mode: 'DataVolumes' } }, { storage: { mode: 'DataVolumeTemplates' } }])('an existing claim is mounted as is and nothing is generated for it (%j)', (config) => {
    const result = expandAll([profile('web', { disks: [disk({ image: 'registry.example.com/os:1' }), legacy] }, { namespace: 'prod' })], config);
    expect(volumes(result.vm('web'))[1]).toEqual({ name: 'legacy', persistentVolumeClaim: { claimName: 'old-data' } });
    expect(result.objects.filter((o) => o['metadata']?.['name'] === 'old-data' || o['metadata']?.['name'] === 'web-legacy')).toEqual([]);
    expect(result.vm('web')['spec']['dataVolumeTemplates'] ?? []).not.toContainEqual(expect.objectContaining({ metadata: expect.objectContaining({ name: 'old-data' }) }));
  });

  it('a boot disk from an existing claim or a clone needs no image', () => {
    expect(expandAll([profile('web', { disks: [{ name: 'os', claimName: 'os-disk', boot: true }] })]).vm('web')['spec']['template']['spec']['domain']['devices']['disks'][0]).toEqual({ name: 'os', bootOrder: 1, disk: { bus: 'virtio' } });
  });

  it('warns that LiveMigrate needs an existing claim to be ReadWriteMany, which vmprofile cannot see', () => {
    const result = checkAll([profile('web', { networks: [], disks: [{ name: 'os', claimName: 'os-disk', boot: true }], highAvailability: { evictionStrategy: 'LiveMigrate' } })]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toMatchObject([{ field: 'spec.disks[0].claimName', message: expect.stringMatching(/os-disk is an existing claim whose access mode vmprofile cannot see/) }]);
  });

  it('refuses an existing claim that is one vmprofile generates', () => {
    const result = checkAll([profile('web', { disks: [disk({ image: 'registry.example.com/os:1' })] }, { namespace: 'prod' }), profile('db', { disks: [{ name: 'data', claimName: 'web-system', boot: true }] }, { namespace: 'prod' })]);
    expect(result.errors).toMatchObject([{ field: 'spec.disks[0].claimName', message: expect.stringMatching(/^web-system is the claim vmprofile generates for prod\/web spec.disks\[0\]/) }]);
  });
});
