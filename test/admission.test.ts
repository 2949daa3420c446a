// The test-side KubeVirt/CDI admission checker must itself reject what the webhooks reject,
// otherwise every test that relies on it would pass vacuously.
import { describe, expect, it } from 'vitest';
import { admissionProblems, referenceProblems } from './support/admission.js';
import { type Obj, configWith, profile, render } from './support/fixtures.js';

const base = render([profile('vm1', { sshKeySecret: 'keys', networks: [{ name: 'n', type: 'bridge', bridgeName: 'br1' }] })]);
const vm = base.one('VirtualMachine');
const dv = render([profile('vm1')], configWith({ storage: { mode: 'DataVolumes' } })).one('DataVolume');
const pvc = base.one('PersistentVolumeClaim');
const broken = (change: (copy: Obj) => void, object: Obj = vm) => {
  const copy = structuredClone(object);
  change(copy);
  return admissionProblems(copy);
};
const spec = (o: Obj) => o['spec']['template']['spec'];

describe('admission checker', () => {
  it('accepts what vmprofile generates', () => {
    expect(admissionProblems(vm)).toEqual([]);
    expect(admissionProblems(dv)).toEqual([]);
    expect(admissionProblems(pvc)).toEqual([]);
    expect(referenceProblems(base.items)).toEqual([]);
  });

  it.each<[string, (o: Obj) => void, RegExp]>([
    ['spec.running with runStrategy', (o) => (o['spec']['running'] = true), /mutually exclusive/],
    ['no run strategy', (o) => delete o['spec']['runStrategy'], /RunStrategy must be specified/],
    ['an unknown run strategy', (o) => (o['spec']['runStrategy'] = 'Sometimes'), /Invalid RunStrategy/],
    ['no memory', (o) => delete spec(o)['domain']['memory'], /no memory requested/],
    ['an interface without network', (o) => spec(o)['domain']['devices']['interfaces'].push({ name: 'x', bridge: {} }), /networks 'x' not found/],
    ['a network without interface', (o) => spec(o)['networks'].push({ name: 'y', multus: { networkName: 'y' } }), /network y has no interface/],
    ['two bindings', (o) => (spec(o)['domain']['devices']['interfaces'][0]['sriov'] = {}), /exactly one binding/],
    ['a discontinued macvtap binding', (o) => (spec(o)['domain']['devices']['interfaces'][0] = { name: 'n', macvtap: {} }), /discontinued/],
    ['masquerade on multus', (o) => (spec(o)['domain']['devices']['interfaces'][0] = { name: 'n', masquerade: {} }), /Masquerade interface only implemented with pod network/],
    ['an unparsable MAC', (o) => (spec(o)['domain']['devices']['interfaces'][0]['macAddress'] = '02:00'), /does not parse/],
    ['multus without networkName', (o) => (spec(o)['networks'][0]['multus'] = {}), /networkName is required/],
    ['a disk without volume', (o) => spec(o)['domain']['devices']['disks'].push({ name: 'ghost', disk: { bus: 'virtio' } }), /disks 'ghost' not found/],
    ['a volume without disk', (o) => spec(o)['volumes'].push({ name: 'lonely', dataVolume: { name: 'x' } }), /used by no disk/],
    ['two boot disks', (o) => (spec(o)['domain']['devices']['disks'][1]['bootOrder'] = 1), /Boot order 1 already set/],
    ['an IDE bus', (o) => (spec(o)['domain']['devices']['disks'][0]['disk']['bus'] = 'ide'), /invalid bus ide/],
    ['a volume with two sources', (o) => (spec(o)['volumes'][0]['containerDisk'] = { image: 'x' }), /exactly one source/],
    ['inline user data over 2048 bytes', (o) => (spec(o)['volumes'][1]['cloudInitNoCloud']['userData'] = 'x'.repeat(2049)), /exceeds 2048 bytes/],
    ['noCloud keys without a noCloud volume', (o) => spec(o)['volumes'].splice(1, 1) && spec(o)['domain']['devices']['disks'].splice(1, 1), /requires a noCloud volume/],
    ['a reserved template label', (o) => (o['spec']['template']['metadata']['labels']['kubevirt.io/nodeName'] = 'n1'), /reserved label/],
    ['sockets above maxSockets', (o) => Object.assign(spec(o)['domain']['cpu'], { sockets: 9, maxSockets: 8 }), /greater than the maximum sockets/],
    ['guest memory above maxGuest', (o) => Object.assign(spec(o)['domain']['memory'], { guest: '8Gi', maxGuest: '4Gi' }), /greater than the configured maxGuest/],
    ['maxGuest not 2Mi aligned', (o) => Object.assign(spec(o)['domain']['memory'], { guest: '4Gi', maxGuest: '8193Mi' }), /MaxGuest must be 2Mi aligned/],
    ['memory hotplug below 1Gi', (o) => Object.assign(spec(o)['domain']['memory'], { guest: '512Mi', maxGuest: '4Gi' }), /at least 1Gi/],
    ['an unreferenced DataVolumeTemplate', (o) => (o['spec']['dataVolumeTemplates'] = [{ metadata: { name: 'x' }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } } }]), /must be referenced/],
  ])('rejects %s', (_, change, message) => {
    expect(broken(change).join('\n')).toMatch(message);
  });

  it('rejects DataVolumes with both pvc and storage, or no source', () => {
    expect(broken((o) => (o['spec']['pvc'] = {}), dv).join('\n')).toMatch(/exactly one of pvc and storage/);
    expect(broken((o) => (o['spec']['source'] = {}), dv).join('\n')).toMatch(/exactly one source/);
  });

  it.each<[string, (o: Obj) => void, RegExp]>([
    ['no access mode', (o) => delete o['spec']['accessModes'], /at least 1 access mode is required/],
    ['ReadWriteOncePod with another mode', (o) => (o['spec']['accessModes'] = ['ReadWriteOncePod', 'ReadWriteOnce']), /ReadWriteOncePod with other/],
    ['volumeMode FromStorageProfile (only CDI\'s webhook reads it)', (o) => (o['spec']['volumeMode'] = 'FromStorageProfile'), /Unsupported value: FromStorageProfile/],
    ['no size', (o) => delete o['spec']['resources'], /spec.resources\[storage\]: Required/],
    ['a populator reference without apiGroup', (o) => delete o['spec']['dataSourceRef']['apiGroup'], /apiGroup: Required/],
    ['the StorageProfile rendering label (CDI inflates the size)', (o) => (o['metadata']['labels']['cdi.kubevirt.io/applyStorageProfile'] = 'true'), /inflate/],
  ])('rejects a PVC with %s', (_, change, message) => {
    expect(broken(change, pvc).join('\n')).toMatch(message);
  });

  it('finds a VM claim or a populator source missing from the render', () => {
    const without = (kind: string) => base.items.filter((o) => o['kind'] !== kind);
    expect(referenceProblems(without('PersistentVolumeClaim'))).toEqual(['VirtualMachine vm1 mounts PVC vm1-system, which the render lacks']);
    expect(referenceProblems(without('VolumeImportSource'))).toEqual(['PersistentVolumeClaim vm1-system is filled from VolumeImportSource vm1-system, which the render lacks']);
  });
});
