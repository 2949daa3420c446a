// NodeNetworkConfigurationPolicies (SPEC §5.4).
import { describe, expect, it } from 'vitest';
import { profile } from '../support/fixtures.js';
import { checkAll, expandAll } from './helpers.js';

const withNets = (name: string, networks: object[], metadata: object = {}) => profile(name, { networks }, metadata);
const iface = (nncp: any) => nncp.spec.desiredState.interfaces[0];

describe('NodeNetworkConfigurationPolicy', () => {
  it('creates a linux bridge with the uplink, STP off and no host IP, cluster-scoped', () => {
    const [nncp] = expandAll([withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100 }], { namespace: 'prod' })]).ofKind('NodeNetworkConfigurationPolicy');
    expect(nncp!.apiVersion).toBe('nmstate.io/v1');
    expect(nncp!.metadata).toEqual({
      name: 'br-mgmt',
      labels: { vmprofile: 'vm1', 'app.kubernetes.io/managed-by': 'vmprofile' },
      annotations: { 'vm.example.com/profiles': 'prod/vm1' },
    });
    // Tagged networks only: kubernetes-nmstate's default trunk (VLANs 2-4094) on the port is right.
    expect(iface(nncp)).toEqual({
      name: 'br-mgmt',
      type: 'linux-bridge',
      state: 'up',
      ipv4: { enabled: false },
      ipv6: { enabled: false },
      bridge: { options: { stp: { enabled: false } }, port: [{ name: 'eth1' }] },
    });
  });

  it('opts out of VLAN filtering for untagged-only bridges, and adds native VLAN 1 when mixed', () => {
    const port = (networks: object[]) => iface(expandAll([withNets('vm1', networks)]).ofKind('NodeNetworkConfigurationPolicy')[0]).bridge.port[0];
    expect(port([{ name: 'a', type: 'bridge', bridgeName: 'br1' }])).toEqual({ name: 'eth1', vlan: {} });
    expect(port([{ name: 'a', type: 'bridge', bridgeName: 'br1' }, { name: 'b', type: 'bridge', bridgeName: 'br1', vlanId: 10 }])).toEqual({
      name: 'eth1',
      vlan: { mode: 'trunk', 'enable-native': true, tag: 1, 'trunk-tags': [{ 'id-range': { min: 2, max: 4094 } }] },
    });
  });

  it('creates an OVS bridge for ovs networks', () => {
    const [nncp] = expandAll([withNets('vm1', [{ name: 't', type: 'ovs', bridgeName: 'br-ovs', vlanId: 4 }])]).ofKind('NodeNetworkConfigurationPolicy');
    expect(iface(nncp)).toEqual({ name: 'br-ovs', type: 'ovs-bridge', state: 'up', bridge: { options: { stp: false }, port: [{ name: 'eth1' }] } });
  });

  it('is deduplicated across profiles and independent of their order', () => {
    const profiles = [
      withNets('b', [{ name: 'm', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100 }], { namespace: 'prod' }),
      withNets('a', [{ name: 'm', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 200 }], { namespace: 'dev' }),
    ];
    const forward = expandAll(profiles).ofKind('NodeNetworkConfigurationPolicy');
    expect(forward).toHaveLength(1);
    expect(forward[0]!.metadata.annotations['vm.example.com/profiles']).toBe('dev/a,prod/b');
    expect(forward[0]!.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'vmprofile' });
    expect(expandAll([...profiles].reverse()).ofKind('NodeNetworkConfigurationPolicy')).toEqual(forward);
  });

  it('takes the uplink from the network, then the per-bridge config, then the default', () => {
    const uplink = (network: object, config: object = {}) =>
      iface(expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', ...network }])], config).ofKind('NodeNetworkConfigurationPolicy')[0]).bridge.port[0]?.name;
    expect(uplink({ uplink: 'ens9' }, { network: { uplinks: { br1: 'ens8' } } })).toBe('ens9');
    expect(uplink({}, { network: { uplinks: { br1: 'ens8' } } })).toBe('ens8');
    expect(uplink({})).toBe('eth1');
  });

  it('refuses a bridge without an uplink NIC unless the network says it stays on the node', () => {
    const unlinked = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1' }])], { network: { defaultUplink: undefined } });
    expect(unlinked.errors).toMatchObject([{ field: 'spec.networks[0]', message: expect.stringMatching(/^node bridge "br1" has no uplink NIC, .* or hostLocal: true if it should stay on the node$/) }]);
    // hostLocal ignores the default uplink: the bridge gets no port at all.
    const local = expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', hostLocal: true }])]);
    expect(iface(local.ofKind('NodeNetworkConfigurationPolicy')[0]).bridge.port).toEqual([]);
    expect(local.issues).toEqual([]);
  });

  it('refuses hostLocal on a bridge that gets an uplink from the config or another profile', () => {
    const configured = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', hostLocal: true }])], { network: { uplinks: { br1: 'eth4' } } });
    expect(configured.errors).toMatchObject([{ field: 'spec.networks[0].hostLocal', message: expect.stringMatching(/network.uplinks gives node bridge "br1" the uplink eth4/) }]);
    const shared = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', hostLocal: true }]), withNets('vm2', [{ name: 'a', type: 'bridge', bridgeName: 'br1', uplink: 'eth1' }])]);
    expect(shared.errors).toMatchObject([{ field: 'spec.networks[0].hostLocal', message: expect.stringMatching(/gets the uplink eth1 from vm2 spec.networks\[0\]/) }]);
    expect(shared.errors[0]!.owner.metadata.name).toBe('vm1');
  });

  it('never lets the default uplink override a bridge kept on the node: the profile that relied on it must say so', () => {
    const result = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', hostLocal: true }]), withNets('vm2', [{ name: 'a', type: 'bridge', bridgeName: 'br1' }])]);
    expect(result.errors).toMatchObject([{ field: 'spec.networks[0]', message: expect.stringMatching(/^node bridge "br1" has no uplink NIC.*or hostLocal: true/) }]);
    expect(result.errors[0]!.owner.metadata.name).toBe('vm2');
    const both = expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', hostLocal: true }]), withNets('vm2', [{ name: 'a', type: 'bridge', bridgeName: 'br1', hostLocal: true }])]);
    expect(both.ofKind('NodeNetworkConfigurationPolicy')[0]!.spec.desiredState.interfaces[0].bridge.port).toEqual([]);
  });

  it('gives a bridge the uplink a profile or network.uplinks names, whichever profile comes first; the default only when none names one', () => {
    // vm-a (first in order) relies on network.defaultUplink (eth1); vm-b names ens5: ens5 it is, and nobody is wrong.
    for (const [first, second] of [['vm-a', 'vm-b'], ['vm-b', 'vm-a']]) {
      const result = expandAll([
        withNets(first!, [{ name: 'a', type: 'bridge', bridgeName: 'br1', ...(first === 'vm-b' ? { uplink: 'ens5' } : {}) }]),
        withNets(second!, [{ name: 'a', type: 'bridge', bridgeName: 'br1', ...(second === 'vm-b' ? { uplink: 'ens5' } : {}) }]),
      ]);
      expect(result.issues).toEqual([]);
      expect(result.ofKind('NodeNetworkConfigurationPolicy')[0]!.spec.desiredState.interfaces[0].bridge.port.map((p: { name: string }) => p.name)).toEqual(['ens5']);
    }
  });

  it('refuses profiles that demand different uplinks for one bridge, naming both', () => {
    const result = checkAll([
      withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', uplink: 'eth5' }]),
      withNets('vm2', [{ name: 'b', type: 'bridge', bridgeName: 'br1', uplink: 'eth6' }]),
    ]);
    expect(result.errors).toMatchObject([{ field: 'spec.networks[0].uplink', message: 'node bridge "br1" is attached to eth5 for vm1 spec.networks[0] but to eth6 here; one bridge has one uplink' }]);
    expect(result.errors[0]!.owner.metadata.name).toBe('vm2');
  });

  it('refuses one name as both a linux and an OVS bridge', () => {
    const result = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1' }, { name: 'b', type: 'ovs', bridgeName: 'br1', vlanId: 4 }])]);
    expect(result.errors).toMatchObject([{ field: 'spec.networks[1].type', message: expect.stringMatching(/is a linux-bridge for vm1 spec.networks\[0\] but this network needs a ovs-bridge/) }]);
  });

  it('refuses one NIC as the port of two bridges, and as both bridge port and macvtap device', () => {
    const twoBridges = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1' }, { name: 'b', type: 'bridge', bridgeName: 'br2' }])]);
    expect(twoBridges.errors).toMatchObject([{ field: 'spec.networks[1].bridgeName', message: expect.stringMatching(/eth1 would be the uplink of both "br1" and "br2"/) }]);
    const macvtap = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1' }, { name: 'b', type: 'macvlan', uplink: 'eth1' }])]);
    expect(macvtap.errors).toMatchObject([{ field: 'spec.networks[1].uplink', message: expect.stringMatching(/eth1 is the uplink of node bridge "br1"/) }]);
  });

  it('selects nodes from the config and can be turned off entirely', () => {
    const net = [{ name: 'a', type: 'bridge', bridgeName: 'br1' }];
    const [nncp] = expandAll([withNets('vm1', net)], { nodeNetwork: { nodeSelector: { 'node-role.kubernetes.io/worker': '' } } }).ofKind('NodeNetworkConfigurationPolicy');
    expect(nncp!.spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/worker': '' });
    const off = expandAll([withNets('vm1', net)], { nodeNetwork: { generate: false }, network: { defaultUplink: undefined } });
    expect(off.ofKind('NodeNetworkConfigurationPolicy')).toEqual([]);
    expect(off.warnings).toEqual([]);
  });

  it('keeps a bridge name with "_" (br_data) on the node, under a DNS-safe object name distinct from br-data\'s', () => {
    const result = expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br_data' }, { name: 'b', type: 'bridge', bridgeName: 'br-data' }])], {
      network: { uplinks: { br_data: 'eth4', 'br-data': 'eth5' } },
    });
    const nncps = result.ofKind('NodeNetworkConfigurationPolicy');
    expect(nncps.map((n) => [iface(n).name, iface(n).bridge.port[0].name])).toEqual([['br-data', 'eth5'], ['br_data', 'eth4']]);
    expect(nncps[0]!.metadata.name).toBe('br-data');
    expect(nncps[1]!.metadata.name).toMatch(/^br-data-[0-9a-f]{6}$/);
    expect(JSON.parse(result.ofKind('NetworkAttachmentDefinition').find((n) => n.metadata.name !== 'bridge-br-data')!.spec.config).bridge).toBe('br_data');
  });

  it('is not generated for networks that use an existing NAD, SR-IOV or macvtap', () => {
    expect(expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', nadName: 'x' }, { name: 'b', type: 'sriov' }, { name: 'c', type: 'macvlan' }])]).ofKind('NodeNetworkConfigurationPolicy')).toEqual([]);
  });
});

describe('shared objects of a large fleet', () => {
  it('list at most 50 profiles, so the annotation stays far below the 256 KiB limit', () => {
    const profiles = Array.from({ length: 60 }, (_, i) => withNets(`vm-${String(i).padStart(2, '0')}`, [{ name: 'm', type: 'bridge', bridgeName: 'br1', vlanId: 10 }]));
    const [nncp] = expandAll(profiles).ofKind('NodeNetworkConfigurationPolicy');
    const listed: string = nncp!.metadata.annotations['vm.example.com/profiles'];
    expect(listed.split(',')).toHaveLength(51);
    expect(listed.endsWith(',vm-49,+10 more')).toBe(true);
    const exactly = expandAll(profiles.slice(0, 50)).ofKind('NodeNetworkConfigurationPolicy')[0]!.metadata.annotations['vm.example.com/profiles'];
    expect(exactly.split(',')).toHaveLength(50);
    expect(exactly.endsWith(',vm-49')).toBe(true);
  });
});

// The exact NNCP each kind of node bridge gets (SPEC §5.4): cluster-scoped, named after the bridge,
// STP off, the uplink as the only port, no host address on a linux bridge.
describe('NodeNetworkConfigurationPolicy: whole objects', () => {
  const ONE_PROFILE = { vmprofile: 'vm1', 'app.kubernetes.io/managed-by': 'vmprofile' };
  const linuxBridge = (name: string, port: object[]) => ({
    name,
    type: 'linux-bridge',
    state: 'up',
    ipv4: { enabled: false },
    ipv6: { enabled: false },
    bridge: { options: { stp: { enabled: false } }, port },
  });
  const nncpObject = (metadata: { name: string; labels: object; profiles: string }, iface: object, nodeSelector?: object) => ({
    apiVersion: 'nmstate.io/v1',
    kind: 'NodeNetworkConfigurationPolicy',
    metadata: { name: metadata.name, labels: metadata.labels, annotations: { 'vm.example.com/profiles': metadata.profiles } },
    spec: { ...(nodeSelector ? { nodeSelector } : {}), desiredState: { interfaces: [iface] } },
  });

  const ROWS = [
    {
      row: 'linux bridge on the profile\'s uplink, tagged networks only: nmstate\'s default VLAN trunk on the port',
      profiles: [withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100, uplink: 'ens5' }], { namespace: 'prod' })],
      expected: nncpObject({ name: 'br-mgmt', labels: ONE_PROFILE, profiles: 'prod/vm1' }, linuxBridge('br-mgmt', [{ name: 'ens5' }])),
    },
    {
      row: 'linux bridge with untagged networks only: VLAN filtering off on the port (vlan: {})',
      profiles: [withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt' }])],
      expected: nncpObject({ name: 'br-mgmt', labels: ONE_PROFILE, profiles: 'vm1' }, linuxBridge('br-mgmt', [{ name: 'eth1', vlan: {} }])),
    },
    {
      row: 'linux bridge shared by an untagged and a tagged profile: trunk with native VLAN 1, both profiles listed',
      profiles: [
        withNets('b', [{ name: 'm', type: 'bridge', bridgeName: 'br1' }], { namespace: 'prod' }),
        withNets('a', [{ name: 'm', type: 'bridge', bridgeName: 'br1', vlanId: 20 }], { namespace: 'dev' }),
      ],
      config: { network: { uplinks: { br1: 'bond0' } } },
      expected: nncpObject(
        { name: 'br1', labels: { 'app.kubernetes.io/managed-by': 'vmprofile' }, profiles: 'dev/a,prod/b' },
        linuxBridge('br1', [{ name: 'bond0', vlan: { mode: 'trunk', 'enable-native': true, tag: 1, 'trunk-tags': [{ 'id-range': { min: 2, max: 4094 } }] } }]),
      ),
    },
    {
      row: 'host-local linux bridge: no port at all, the default uplink ignored',
      profiles: [withNets('vm1', [{ name: 'local', type: 'bridge', bridgeName: 'br-local', hostLocal: true }])],
      expected: nncpObject({ name: 'br-local', labels: ONE_PROFILE, profiles: 'vm1' }, linuxBridge('br-local', [])),
    },
    {
      row: 'ovs bridge: OVS STP off, the uplink as port, no IP settings',
      profiles: [withNets('vm1', [{ name: 't', type: 'ovs', bridgeName: 'br-ovs', vlanId: 4 }])],
      config: { network: { uplinks: { 'br-ovs': 'ens6' } } },
      expected: nncpObject({ name: 'br-ovs', labels: ONE_PROFILE, profiles: 'vm1' }, { name: 'br-ovs', type: 'ovs-bridge', state: 'up', bridge: { options: { stp: false }, port: [{ name: 'ens6' }] } }),
    },
    {
      row: 'a node selector from the config limits the policy to those nodes',
      profiles: [withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100 }])],
      config: { nodeNetwork: { nodeSelector: { 'node-role.kubernetes.io/worker': '', 'example.com/rack': 'r1' } } },
      expected: nncpObject({ name: 'br-mgmt', labels: ONE_PROFILE, profiles: 'vm1' }, linuxBridge('br-mgmt', [{ name: 'eth1' }]), { 'node-role.kubernetes.io/worker': '', 'example.com/rack': 'r1' }),
    },
  ];
  for (const { row, profiles, config, expected } of ROWS) {
    it(row, () => {
      expect(expandAll(profiles, config).ofKind('NodeNetworkConfigurationPolicy')).toEqual([expected]);
    });
  }
});
