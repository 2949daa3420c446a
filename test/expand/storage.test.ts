// DataVolume expansion (SPEC §5.3).
import { describe, expect, it } from 'vitest';
import { profile } from '../support/fixtures.js';
import { checkAll, expandAll } from './helpers.js';

const disk = (extra: object = {}) => ({ name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, ...extra });

describe('DataVolume', () => {
  it('is one per disk, named <profile>-<disk>, using spec.storage with class and size', () => {
    const dvs = expandAll([profile('web', { disks: [disk({ image: 'registry.example.com/os:1' }), { name: 'data', size: '500Gi', storageClassName: 'hdd' }] }, { namespace: 'prod' })]).ofKind('DataVolume');
    expect(dvs.map((dv) => `${dv.metadata.namespace}/${dv.metadata.name}`)).toEqual(['prod/web-data', 'prod/web-system']);
    const data = dvs.find((dv) => dv.metadata.name === 'web-data')!;
    expect(data.apiVersion).toBe('cdi.kubevirt.io/v1beta1');
    expect(data.spec).toEqual({ source: { blank: {} }, storage: { storageClassName: 'hdd', resources: { requests: { storage: '500Gi' } } } });
    expect(data.spec).not.toHaveProperty('pvc');
  });

  it.each([
    ['registry.example.com/centos-stream:8', { registry: { url: 'docker://registry.example.com/centos-stream:8' } }],
    ['docker://quay.io/containerdisks/fedora:40', { registry: { url: 'docker://quay.io/containerdisks/fedora:40' } }],
    ['oci-archive:///images/disk.tar', { registry: { url: 'oci-archive:///images/disk.tar' } }],
    ['https://example.com/images/disk.qcow2', { http: { url: 'https://example.com/images/disk.qcow2' } }],
  ])('imports %s from the right source', (image, source) => {
    expect(expandAll([profile('vm1', { disks: [disk({ image })] })]).ofKind('DataVolume')[0]!.spec.source).toEqual(source);
  });

  it('gives the boot disk spec.osImage when it has no image of its own, and only the boot disk', () => {
    const dvs = expandAll([profile('vm1', { osImage: 'registry.example.com/os:2', disks: [{ name: 'data', size: '1Gi', storageClassName: 'ssd' }, disk()] })]).ofKind('DataVolume');
    expect(dvs.find((dv) => dv.metadata.name === 'vm1-system')!.spec.source).toEqual({ registry: { url: 'docker://registry.example.com/os:2' } });
    expect(dvs.find((dv) => dv.metadata.name === 'vm1-data')!.spec.source).toEqual({ blank: {} });
  });

  it('is protected for GitOps: no CDI garbage collection, never pruned or deleted by Argo CD', () => {
    const [dv] = expandAll([profile()]).ofKind('DataVolume');
    expect(dv!.metadata.annotations).toEqual({
      'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false',
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
    });
    expect(dv!.metadata.labels).toEqual({ vmprofile: 'vm1', 'app.kubernetes.io/managed-by': 'vmprofile' });
    const [unprotected] = expandAll([profile()], { storage: { protectFromPrune: false } }).ofKind('DataVolume');
    expect(unprotected!.metadata.annotations).toEqual({ 'cdi.kubevirt.io/storage.deleteAfterCompletion': 'false' });
  });

  it('passes explicit access and volume modes through (for StorageProfiles that lack them)', () => {
    const [dv] = expandAll([profile('vm1', { disks: [disk({ accessMode: 'ReadWriteMany', volumeMode: 'Block', image: 'registry.example.com/os:1' })] })]).ofKind('DataVolume');
    expect(dv!.spec.storage).toEqual({ accessModes: ['ReadWriteMany'], volumeMode: 'Block', storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } });
  });

  it('refuses two profiles whose disks would share a DataVolume name', () => {
    const result = checkAll([
      profile('a-b', { disks: [disk({ name: 'c', image: 'registry.example.com/os:1' })] }),
      profile('a', { disks: [disk({ name: 'b-c', image: 'registry.example.com/os:1' })] }),
    ]);
    expect(result.errors).toMatchObject([{ field: 'spec.disks[0]', message: 'generates DataVolume a-b-c, which a spec.disks[0] generates too; rename one of them' }]);
    expect(result.errors[0]!.owner.metadata.name).toBe('a-b');
  });
});
