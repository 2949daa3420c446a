// The test-side KubeVirt/CDI admission checker must itself reject what the webhooks reject,
// otherwise every test that relies on it would pass vacuously.
import { describe, expect, it } from 'vitest';
import { admissionProblems } from './support/admission.js';
import { type Obj, profile, render } from './support/fixtures.js';

const base = render([profile('vm1', { sshKeySecret: 'keys', networks: [{ name: 'n', type: 'bridge', bridgeName: 'br1' }] })]);
const vm = base.one('VirtualMachine');
const dv = base.one('DataVolume');
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
    ['an unreferenced DataVolumeTemplate', (o) => (o['spec']['dataVolumeTemplates'] = [{ metadata: { name: 'x' }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } } }]), /must be referenced/],
  ])('rejects %s', (_, change, message) => {
    expect(broken(change).join('\n')).toMatch(message);
  });

  it('rejects DataVolumes with both pvc and storage, or no source', () => {
    expect(broken((o) => (o['spec']['pvc'] = {}), dv).join('\n')).toMatch(/exactly one of pvc and storage/);
    expect(broken((o) => (o['spec']['source'] = {}), dv).join('\n')).toMatch(/exactly one source/);
  });
});
