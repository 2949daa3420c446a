// The pod network (reference §9): the first interface, masquerade or passt, DHCP in the guest,
// on by default for a VM with no networks.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profile/validate.js';
import { profile } from '../support/fixtures.js';
import { checkAll, expandAll } from './helpers.js';

const templateSpec = (vm: any) => vm.spec.template.spec;
const networkData = (vm: any) => parse(templateSpec(vm).volumes.find((v: any) => v.cloudInitNoCloud).cloudInitNoCloud.networkData ?? 'null', { version: '1.1' });
const bridge = { name: 'data', type: 'bridge', bridgeName: 'br1', vlanId: 10 };
// Pinned: a VM's pod-network MAC must never change between releases.
const VM1_POD_MAC = '02:57:f8:d3:cd:3a';

describe('pod network', () => {
  it('is what a VM without networks gets: masquerade, a fixed MAC, and DHCP on eth0', () => {
    const vm = expandAll([profile()]).vm();
    expect(templateSpec(vm).domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {}, macAddress: VM1_POD_MAC }]);
    expect(templateSpec(vm).networks).toEqual([{ name: 'default', pod: {} }]);
    expect(networkData(vm)).toEqual({ version: 2, ethernets: { default: { match: { macaddress: VM1_POD_MAC }, 'set-name': 'eth0', dhcp4: true } } });
  });

  it('is left out when a VM has secondary networks and does not ask for it', () => {
    const vm = expandAll([profile('vm1', { networks: [bridge] })]).vm();
    expect(templateSpec(vm).networks).toEqual([{ name: 'data', multus: { networkName: 'bridge-br1-vlan10' } }]);
    expect(networkData(vm).ethernets.data['set-name']).toBe('eth0');
  });

  it('comes first when asked for next to secondary networks, which move to eth1…', () => {
    const vm = expandAll([profile('vm1', { podNetwork: true, networks: [bridge] })]).vm();
    expect(templateSpec(vm).domain.devices.interfaces.map((i: any) => i.name)).toEqual(['default', 'data']);
    expect(templateSpec(vm).networks[0]).toEqual({ name: 'default', pod: {} });
    const ethernets = networkData(vm).ethernets;
    expect(Object.keys(ethernets)).toEqual(['default', 'data']);
    expect(ethernets.default['set-name']).toBe('eth0');
    expect(ethernets.data['set-name']).toBe('eth1');
  });

  it('podNetwork: false on a VM without networks stops KubeVirt attaching one with bridge binding', () => {
    const vm = expandAll([profile('vm1', { podNetwork: false })]).vm();
    expect(templateSpec(vm)).not.toHaveProperty('networks');
    expect(templateSpec(vm).domain.devices).toMatchObject({ autoattachPodInterface: false });
    expect(templateSpec(vm).domain.devices).not.toHaveProperty('interfaces');
    expect(templateSpec(vm).volumes[1].cloudInitNoCloud).not.toHaveProperty('networkData');
  });

  it('forwards only the listed ports, with their protocol, and uses passt when asked', () => {
    const ports = [{ name: 'ssh', port: 22 }, { port: 53, protocol: 'UDP' }];
    const vm = expandAll([profile('vm1', { podNetwork: { binding: 'passt', ports } })]).vm();
    expect(templateSpec(vm).domain.devices.interfaces).toEqual([
      { name: 'default', passtBinding: {}, macAddress: VM1_POD_MAC, ports: [{ name: 'ssh', port: 22, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
    ]);
  });

  it('gives the default route to a static gateway on a secondary network, not to the pod network', () => {
    const routed = { ...bridge, ipConfig: { mode: 'static', address: '192.168.10.5/24', gateway: '192.168.10.1' } };
    const ethernets = networkData(expandAll([profile('vm1', { podNetwork: true, networks: [routed] })]).vm()).ethernets;
    expect(ethernets.default).toMatchObject({ dhcp4: true, 'dhcp4-overrides': { 'use-routes': false } });
    expect(ethernets.data).toMatchObject({ gateway4: '192.168.10.1' });
  });

  it('takes the default route over a DHCP secondary network', () => {
    const dhcp = { ...bridge, ipConfig: { mode: 'dhcp' } };
    const ethernets = networkData(expandAll([profile('vm1', { podNetwork: true, networks: [dhcp] })]).vm()).ethernets;
    expect(ethernets.default).not.toHaveProperty('dhcp4-overrides');
    expect(ethernets.data).toMatchObject({ dhcp4: true, 'dhcp4-overrides': { 'use-routes': false } });
  });

  it.each([
    ['a secondary network named "default"', { podNetwork: true, networks: [{ ...bridge, name: 'default' }] }, 'spec.networks[0].name', /"default" is the name of the pod network/],
    ['a port listed twice', { podNetwork: { ports: [{ port: 22 }, { port: 22, protocol: 'TCP' }] } }, 'spec.podNetwork.ports[1].port', /^22\/TCP is already spec.podNetwork.ports\[0\]; list each port once$/],
    ['a port name used twice', { podNetwork: { ports: [{ name: 'ssh', port: 22 }, { name: 'ssh', port: 2222 }] } }, 'spec.podNetwork.ports[1].name', /"ssh" is already the name/],
  ])('refuses %s', (_, spec, field, message) => {
    expect(validateProfile(profile('vm1', spec)).issues).toMatchObject([{ severity: 'error', field, message: expect.stringMatching(message) }]);
  });

  it('tells the author what passt needs from the cluster', () => {
    expect(validateProfile(profile('vm1', { podNetwork: { binding: 'passt' } })).issues).toEqual([
      { severity: 'info', field: 'spec.podNetwork.binding', message: 'passt needs KubeVirt 1.8 or later with the PasstBinding feature gate, adds about 250Mi to the launcher pod, and does not live-migrate' },
    ]);
    expect(validateProfile(profile('vm1', { podNetwork: { binding: 'masquerade' } })).issues).toEqual([]);
  });

  it('allows "default" as a secondary network name when there is no pod network', () => {
    expect(expandAll([profile('vm1', { networks: [{ ...bridge, name: 'default' }] })]).vm().spec.template.spec.networks[0].name).toBe('default');
  });

  it('refuses an interface MAC that equals another VM\'s pod-network MAC, at the interface that set it', () => {
    const result = checkAll([profile('vm1'), profile('vm2', { networks: [{ ...bridge, macAddress: VM1_POD_MAC }] })]);
    expect(result.errors).toMatchObject([{ field: 'spec.networks[0].macAddress', message: expect.stringMatching(/already used by vm1 spec.podNetwork/) }]);
  });
});
