// expand/index.ts: every generated object says which profiles it is for and which profile field it
// comes from (what a clash with a hand-written object points at), in canonical order.
import { describe, expect, it } from 'vitest';
import { type Obj, profile, render } from '../support/fixtures.js';

const NET = [{ name: 'lan', type: 'bridge', bridgeName: 'br1', vlanId: 10 }];
const BIG_USER_DATA = `#cloud-config\nruncmd:\n${'  - echo hello\n'.repeat(200)}`;

describe('objects the input already has', () => {
  it.each<[string, Obj, string]>([
    ['the cloud-init Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-cloudinit' }, data: {} }, 'spec.cloudInit'],
    ['the VirtualMachine', { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'web' }, spec: {} }, 'metadata.name'],
    ['the node bridge policy', { apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: 'br1' }, spec: {} }, 'spec.networks'],
  ])('%s: an error on the profile, at the field it comes from', (_, theirs, field) => {
    const out = render([theirs, profile('web', { networks: NET, cloudInit: { userData: BIG_USER_DATA } })]);
    expect(out.exitCode).toBe(1);
    expect(out.errors).toMatchObject([
      { field: { path: field }, resourceRef: { kind: 'VirtualMachineProfile', name: 'web' }, message: expect.stringMatching(/, but the input already has that object and vmprofile did not generate it/) },
    ]);
  });
});

describe('canonical order', () => {
  const b = profile('b', {}, { namespace: '0-lab' });
  const a = profile('a', {}, { namespace: 'prod' });
  const c = profile('c');
  it.each([
    ['b, a, c', [b, a, c]],
    ['c, b, a', [c, b, a]],
  ])('puts objects of no namespace before namespaced ones of the same kind, whatever the namespace (profiles %s)', (_, profiles) => {
    const out = render(profiles);
    expect(out.ofKind('VirtualMachine').map((vm) => `${vm['metadata']['namespace'] ?? ''}/${vm['metadata']['name']}`)).toEqual(['/c', '0-lab/b', 'prod/a']);
  });
});
