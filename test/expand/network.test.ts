// NetworkAttachmentDefinitions and VM interfaces (SPEC §5.2).
import { describe, expect, it } from 'vitest';
import { profile } from '../support/fixtures.js';
import { checkAll, expandAll } from './helpers.js';

const withNets = (name: string, networks: object[], metadata: object = {}) => profile(name, { networks }, metadata);
const cni = (nad: any) => JSON.parse(nad.spec.config);

describe('NetworkAttachmentDefinition', () => {
  it('bridge: a bridge CNI config with VLAN, MAC spoof check and no container interface or IPAM', () => {
    const [nad] = expandAll([withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100 }])]).ofKind('NetworkAttachmentDefinition');
    expect(nad!.apiVersion).toBe('k8s.cni.cncf.io/v1');
    expect(nad!.metadata.name).toBe('bridge-br-mgmt-vlan100');
    expect(typeof nad!.spec.config).toBe('string');
    expect(cni(nad)).toEqual({ cniVersion: '0.3.1', name: 'bridge-br-mgmt-vlan100', type: 'bridge', bridge: 'br-mgmt', vlan: 100, preserveDefaultVlan: false, macspoofchk: true, disableContainerInterface: true });
    expect(nad!.metadata.annotations).not.toHaveProperty('k8s.v1.cni.cncf.io/resourceName');
  });

  it('bridge: with bridge-marker on, schedules VMs only where the bridge exists', () => {
    const [nad] = expandAll([withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt' }])], { network: { bridgeMarker: true } }).ofKind('NetworkAttachmentDefinition');
    expect(nad!.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('bridge.network.kubevirt.io/br-mgmt');
  });

  it('ovs: an ovs-cni config and the ovs-cni marker resource', () => {
    const [nad] = expandAll([withNets('vm1', [{ name: 'tenant', type: 'ovs', bridgeName: 'br-tenant', vlanId: 7 }])]).ofKind('NetworkAttachmentDefinition');
    expect(nad!.metadata.name).toBe('ovs-br-tenant-vlan7');
    expect(cni(nad)).toEqual({ cniVersion: '0.3.1', name: 'ovs-br-tenant-vlan7', type: 'ovs', bridge: 'br-tenant', vlan: 7 });
    expect(nad!.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('ovs-cni.network.kubevirt.io/br-tenant');
  });

  it('sriov: an sriov config and the device-plugin resource from the function config', () => {
    const [nad] = expandAll([withNets('vm1', [{ name: 'fast', type: 'sriov', vlanId: 200 }])]).ofKind('NetworkAttachmentDefinition');
    expect(nad!.metadata.name).toBe('sriov-vlan200');
    expect(cni(nad)).toEqual({ cniVersion: '0.3.1', name: 'sriov-vlan200', type: 'sriov', vlan: 200 });
    expect(nad!.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('intel.com/sriov_vfio');
  });

  it('sriov without a resource name or an existing NAD is an error that says what to set', () => {
    const result = checkAll([withNets('vm1', [{ name: 'fast', type: 'sriov' }])], { network: { sriovResourceName: undefined } });
    expect(result.errors).toMatchObject([{ field: 'spec.networks[0].nadName', message: expect.stringMatching(/network.sriovResourceName/) }]);
  });

  it('macvlan: rendered as a macvtap NAD on the host NIC, with an info result saying so', () => {
    const result = expandAll([withNets('vm1', [{ name: 'storage', type: 'macvlan' }])]);
    const [nad] = result.ofKind('NetworkAttachmentDefinition');
    expect(nad!.metadata.name).toBe('macvtap-eth2');
    expect(cni(nad)).toEqual({ cniVersion: '0.3.1', name: 'macvtap-eth2', type: 'macvtap' });
    expect(nad!.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('macvtap.network.kubevirt.io/eth2');
    expect(result.issues).toMatchObject([{ severity: 'info', field: 'spec.networks[0].type', message: expect.stringMatching(/macvtap binding/) }]);
    expect(result.vm().spec.template.spec.domain.devices.interfaces[0]).toMatchObject({ name: 'storage', binding: { name: 'macvtap' } });
  });

  it('macvlan uses the network\'s own uplink over the configured one, and needs one', () => {
    expect(expandAll([withNets('vm1', [{ name: 's', type: 'macvlan', uplink: 'ens5' }])]).ofKind('NetworkAttachmentDefinition')[0]!.metadata.name).toBe('macvtap-ens5');
    const missing = checkAll([withNets('vm1', [{ name: 's', type: 'macvlan' }])], { network: { macvtapUplink: undefined } });
    expect(missing.errors).toMatchObject([{ field: 'spec.networks[0].uplink', message: expect.stringMatching(/network.macvtapUplink/) }]);
  });

  it('references an existing NAD by nadName and generates none', () => {
    const result = expandAll([withNets('vm1', [{ name: 'biz', type: 'sriov', nadName: 'business-sriov-nad' }, { name: 'x', type: 'bridge', nadName: 'other/x-nad' }])]);
    expect(result.ofKind('NetworkAttachmentDefinition')).toEqual([]);
    expect(result.vm().spec.template.spec.networks).toEqual([
      { name: 'biz', multus: { networkName: 'business-sriov-nad' } },
      { name: 'x', multus: { networkName: 'other/x-nad' } },
    ]);
  });

  it('is shared by identical networks of profiles in one namespace, listing them in a stable order', () => {
    const net = { name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100 };
    const result = expandAll([withNets('b', [net], { namespace: 'prod' }), withNets('a', [{ ...net, name: 'management' }], { namespace: 'prod' }), withNets('c', [net], { namespace: 'dev' })]);
    const nads = result.ofKind('NetworkAttachmentDefinition');
    expect(nads.map((n) => `${n.metadata.namespace}/${n.metadata.name}`)).toEqual(['dev/bridge-br-mgmt-vlan100', 'prod/bridge-br-mgmt-vlan100']);
    expect(nads[1]!.metadata.annotations['vm.example.com/profiles']).toBe('prod/a,prod/b');
    expect(nads[1]!.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'vmprofile' });
    expect(nads[0]!.metadata.labels).toEqual({ vmprofile: 'c', 'app.kubernetes.io/managed-by': 'vmprofile' });
    expect(result.vm('a').spec.template.spec.networks[0].multus.networkName).toBe('bridge-br-mgmt-vlan100');
  });

  it('derives collision-free DNS names from interface names that are not DNS labels', () => {
    const names = expandAll([
      withNets('vm1', [
        { name: 'a', type: 'bridge', bridgeName: 'BR_Data' },
        { name: 'b', type: 'bridge', bridgeName: 'br-data' },
        { name: 'c', type: 'bridge', bridgeName: 'br-vlan5' },
        { name: 'd', type: 'bridge', bridgeName: 'br', vlanId: 5 },
      ]),
    ], { network: { uplinks: { BR_Data: 'eth4', 'br-data': 'eth5', 'br-vlan5': 'eth6', br: 'eth7' } } }).ofKind('NetworkAttachmentDefinition').map((n) => n.metadata.name);
    expect(new Set(names).size).toBe(4);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(names).toContain('bridge-br-data');
    expect(names).toContain('bridge-br-vlan5');
  });

  it('puts bridge networks without bridgeName on the configured default bridge, else br-<network>', () => {
    const nad = (config: object) => expandAll([withNets('vm1', [{ name: 'default', type: 'bridge' }])], config).ofKind('NetworkAttachmentDefinition')[0]!;
    expect(cni(nad({ network: { defaultBridge: 'br-vm' } })).bridge).toBe('br-vm');
    expect(cni(nad({})).bridge).toBe('br-default');
    const long = cni(expandAll([withNets('vm1', [{ name: 'a-very-long-network-name', type: 'ovs', vlanId: 7 }])]).ofKind('NetworkAttachmentDefinition')[0]!).bridge;
    expect(long.length).toBeLessThanOrEqual(15);
    expect(long).toMatch(/^br-a-very-/);
  });
});

describe('VM interfaces', () => {
  it('pair every network with an interface of the right binding', () => {
    const vm = expandAll([
      withNets('vm1', [
        { name: 'br', type: 'bridge' },
        { name: 'ovs', type: 'ovs', vlanId: 9 },
        { name: 'vf', type: 'sriov' },
        { name: 'tap', type: 'macvlan' },
      ]),
    ], { network: { defaultBridge: 'br-vm', defaultOvsBridge: 'br-ovs', defaultUplink: 'eth1', uplinks: { 'br-ovs': 'eth3' } } }).vm();
    const { interfaces } = vm.spec.template.spec.domain.devices;
    expect(interfaces.map(({ macAddress: _, ...rest }: any) => rest)).toEqual([
      { name: 'br', bridge: {} },
      { name: 'ovs', bridge: {} },
      { name: 'vf', sriov: {} },
      { name: 'tap', binding: { name: 'macvtap' } },
    ]);
    expect(vm.spec.template.spec.networks.map((n: any) => n.name)).toEqual(['br', 'ovs', 'vf', 'tap']);
    expect(vm.metadata.annotations ?? {}).not.toHaveProperty('k8s.v1.cni.cncf.io/networks');
    expect(vm.spec.template.metadata.annotations ?? {}).not.toHaveProperty('k8s.v1.cni.cncf.io/networks');
  });

  it('get deterministic, locally administered unicast MACs, unique per interface', () => {
    const macs = (clusterName: string) =>
      expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br-data' }, { name: 'b', type: 'bridge', bridgeName: 'br-data', vlanId: 3 }]), withNets('vm2', [{ name: 'a', type: 'bridge', bridgeName: 'br-data' }])], { clusterName })
        .ofKind('VirtualMachine')
        .flatMap((vm) => vm.spec.template.spec.domain.devices.interfaces.map((i: any) => i.macAddress));
    const first = macs('test');
    expect(macs('test')).toEqual(first);
    expect(new Set(first).size).toBe(3);
    for (const mac of first) {
      expect(mac).toMatch(/^02(:[0-9a-f]{2}){5}$/);
      expect(mac).not.toBe('02:00:00:00:00:00');
    }
    expect(macs('other')).not.toEqual(first);
  });

  it('keep an explicit macAddress (lowercased) and refuse one used twice', () => {
    const vm = expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', macAddress: '02:AA:BB:CC:DD:EE' }])]).vm();
    expect(vm.spec.template.spec.domain.devices.interfaces[0].macAddress).toBe('02:aa:bb:cc:dd:ee');
    const clash = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', macAddress: '02:aa:bb:cc:dd:ee' }]), withNets('vm2', [{ name: 'a', type: 'bridge', macAddress: '02:aa:bb:cc:dd:ee' }])]);
    expect(clash.errors).toMatchObject([{ field: 'spec.networks[0].macAddress', message: expect.stringMatching(/already used by vm1 spec.networks\[0\]/) }]);
  });

  it('refuse two VMs with one static address on the same network, but not on different VLANs', () => {
    const vm = (name: string, vlanId: number) => withNets(name, [{ name: 'n', type: 'bridge', vlanId, ipConfig: { mode: 'static', address: '10.0.0.5/24' } }]);
    expect(checkAll([vm('vm1', 10), vm('vm2', 10)]).errors).toMatchObject([{ field: 'spec.networks[0].ipConfig.address', message: expect.stringMatching(/10.0.0.5 is already the static address of vm1/) }]);
    expect(checkAll([vm('vm1', 10), vm('vm2', 11)]).errors).toEqual([]);
  });
});

// The exact NAD each kind of network gets (SPEC §5.2), read whole: spec.config decoded from its JSON
// string, everything else as emitted. Names and labels follow from the profile; the resourceName
// annotation is what schedules the VM onto nodes that have the device or bridge.
describe('NetworkAttachmentDefinition: whole objects', () => {
  const ONE_PROFILE = { vmprofile: 'vm1', 'app.kubernetes.io/managed-by': 'vmprofile' };
  const nadObject = (metadata: { name: string; namespace?: string; labels: object; profiles: string; resourceName?: string }, config: object) => ({
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: {
      name: metadata.name,
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
      labels: metadata.labels,
      annotations: { ...(metadata.resourceName ? { 'k8s.v1.cni.cncf.io/resourceName': metadata.resourceName } : {}), 'vm.example.com/profiles': metadata.profiles },
    },
    spec: { config },
  });
  const decoded = (nad: any) => ({ ...nad, spec: { config: JSON.parse(nad.spec.config) } });
  const bridgeCni = { cniVersion: '0.3.1', type: 'bridge', bridge: 'br-mgmt', macspoofchk: true, disableContainerInterface: true };

  const ROWS = [
    {
      row: 'bridge without a VLAN: no vlan key, so no preserveDefaultVlan either',
      profiles: [withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt' }])],
      expected: nadObject({ name: 'bridge-br-mgmt', labels: ONE_PROFILE, profiles: 'vm1' }, { ...bridgeCni, name: 'bridge-br-mgmt' }),
    },
    {
      row: 'bridge with a VLAN: the native VLAN 1 is not kept on the port',
      profiles: [withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100 }], { namespace: 'prod' })],
      expected: nadObject(
        { name: 'bridge-br-mgmt-vlan100', namespace: 'prod', labels: ONE_PROFILE, profiles: 'prod/vm1' },
        { cniVersion: '0.3.1', name: 'bridge-br-mgmt-vlan100', type: 'bridge', bridge: 'br-mgmt', vlan: 100, preserveDefaultVlan: false, macspoofchk: true, disableContainerInterface: true },
      ),
    },
    {
      row: 'bridge with bridge-marker on: the bridge as a node resource',
      profiles: [withNets('vm1', [{ name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt' }])],
      config: { network: { bridgeMarker: true } },
      expected: nadObject({ name: 'bridge-br-mgmt', labels: ONE_PROFILE, profiles: 'vm1', resourceName: 'bridge.network.kubevirt.io/br-mgmt' }, { ...bridgeCni, name: 'bridge-br-mgmt' }),
    },
    {
      row: 'ovs access port on one VLAN, with the ovs-cni bridge resource',
      profiles: [withNets('vm1', [{ name: 'tenant', type: 'ovs', bridgeName: 'br-tenant', vlanId: 7 }])],
      expected: nadObject({ name: 'ovs-br-tenant-vlan7', labels: ONE_PROFILE, profiles: 'vm1', resourceName: 'ovs-cni.network.kubevirt.io/br-tenant' }, { cniVersion: '0.3.1', name: 'ovs-br-tenant-vlan7', type: 'ovs', bridge: 'br-tenant', vlan: 7 }),
    },
    {
      // fbf9cb: the first 6 hex digits of sha256('[{"id":10},{"minID":20,"maxID":29}]'); a stable name across versions.
      row: 'ovs trunk: the trunk list and no vlan, named by a hash of the list',
      profiles: [withNets('vm1', [{ name: 't', type: 'ovs', bridgeName: 'br-ovs', trunk: [{ id: 10 }, { minID: 20, maxID: 29 }] }])],
      expected: nadObject(
        { name: 'ovs-br-ovs-trunk-fbf9cb', labels: ONE_PROFILE, profiles: 'vm1', resourceName: 'ovs-cni.network.kubevirt.io/br-ovs' },
        { cniVersion: '0.3.1', name: 'ovs-br-ovs-trunk-fbf9cb', type: 'ovs', bridge: 'br-ovs', trunk: [{ id: 10 }, { minID: 20, maxID: 29 }] },
      ),
    },
    {
      row: 'macvlan: a macvtap NAD on the configured host NIC',
      profiles: [withNets('vm1', [{ name: 'storage', type: 'macvlan' }])],
      expected: nadObject({ name: 'macvtap-eth2', labels: ONE_PROFILE, profiles: 'vm1', resourceName: 'macvtap.network.kubevirt.io/eth2' }, { cniVersion: '0.3.1', name: 'macvtap-eth2', type: 'macvtap' }),
    },
    {
      row: 'sriov on a VLAN, with the device-plugin resource from the config',
      profiles: [withNets('vm1', [{ name: 'fast', type: 'sriov', vlanId: 200 }])],
      expected: nadObject({ name: 'sriov-vlan200', labels: ONE_PROFILE, profiles: 'vm1', resourceName: 'intel.com/sriov_vfio' }, { cniVersion: '0.3.1', name: 'sriov-vlan200', type: 'sriov', vlan: 200 }),
    },
    {
      row: 'sriov without a VLAN: no vlan key',
      profiles: [withNets('vm1', [{ name: 'fast', type: 'sriov' }])],
      config: { network: { sriovResourceName: 'mellanox.com/cx6' } },
      expected: nadObject({ name: 'sriov', labels: ONE_PROFILE, profiles: 'vm1', resourceName: 'mellanox.com/cx6' }, { cniVersion: '0.3.1', name: 'sriov', type: 'sriov' }),
    },
  ];
  for (const { row, profiles, config, expected } of ROWS) {
    it(row, () => {
      const nads = expandAll(profiles, config).ofKind('NetworkAttachmentDefinition');
      expect(nads.map(decoded)).toEqual([expected]);
    });
  }
});

// The VM's side of each network: one interface (binding, MAC) and one multus network (the NAD).
describe('VM interfaces and networks: whole objects', () => {
  const ROWS = [
    {
      row: 'bridge: bridge binding on the generated NAD',
      network: { name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', macAddress: '02:00:00:00:01:01' },
      iface: { name: 'mgmt', bridge: {}, macAddress: '02:00:00:00:01:01' },
      networkName: 'bridge-br-mgmt',
    },
    {
      row: 'ovs: bridge binding too',
      network: { name: 'tenant', type: 'ovs', bridgeName: 'br-ovs', vlanId: 7, macAddress: '02:00:00:00:01:02' },
      iface: { name: 'tenant', bridge: {}, macAddress: '02:00:00:00:01:02' },
      networkName: 'ovs-br-ovs-vlan7',
    },
    {
      row: 'sriov: sriov binding',
      network: { name: 'fast', type: 'sriov', vlanId: 200, macAddress: '02:00:00:00:01:03' },
      iface: { name: 'fast', sriov: {}, macAddress: '02:00:00:00:01:03' },
      networkName: 'sriov-vlan200',
    },
    {
      row: 'macvlan: the macvtap binding plugin',
      network: { name: 'direct', type: 'macvlan', macAddress: '02:00:00:00:01:04' },
      iface: { name: 'direct', binding: { name: 'macvtap' }, macAddress: '02:00:00:00:01:04' },
      networkName: 'macvtap-eth2',
    },
    {
      row: 'an existing NAD in another namespace, referenced as written; the MAC lowercased',
      network: { name: 'biz', type: 'sriov', nadName: 'net/biz-nad', macAddress: '02:AB:CD:00:01:05' },
      iface: { name: 'biz', sriov: {}, macAddress: '02:ab:cd:00:01:05' },
      networkName: 'net/biz-nad',
    },
    {
      // sha256('["mac","test","","vm1","mgmt"]') starts e4a49e30d1: a guest's MAC must not change when vmprofile is upgraded.
      row: 'no macAddress: a derived one, the same in every version',
      network: { name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt' },
      iface: { name: 'mgmt', bridge: {}, macAddress: '02:e4:a4:9e:30:d1' },
      networkName: 'bridge-br-mgmt',
    },
  ];
  for (const { row, network, iface, networkName } of ROWS) {
    it(row, () => {
      const spec = expandAll([withNets('vm1', [network])]).vm().spec.template.spec;
      expect(spec.domain.devices.interfaces).toEqual([iface]);
      expect(spec.networks).toEqual([{ name: network.name, multus: { networkName } }]);
    });
  }
});

// NAD names are object names the VMs refer to: they must be DNS labels, must not collide, and must
// not change between versions. Interface names that are not DNS labels, or that end like a VLAN
// suffix, get a cleaned form plus the first 6 hex digits of the sha256 of the name as written.
describe('NAD names from bridge and network names', () => {
  const BRIDGE_NAMES: { bridgeName: string; vlanId?: number; name: string }[] = [
    { bridgeName: 'br-data', name: 'bridge-br-data' },
    { bridgeName: 'b', name: 'bridge-b' },
    { bridgeName: 'br-vlan5a', name: 'bridge-br-vlan5a' },
    { bridgeName: 'br', vlanId: 10, name: 'bridge-br-vlan10' },
    // Would be bridge-br-vlan10 above: a name ending in -vlan<N> is hashed (sha256('br-vlan10') = f26cbd…).
    { bridgeName: 'br-vlan10', name: 'bridge-br-vlan10-f26cbd' },
    { bridgeName: 'br_data', name: 'bridge-br-data-ded493' },
    { bridgeName: 'BR_Data', name: 'bridge-br-data-6ca087' },
    { bridgeName: 'br._data', name: 'bridge-br-data-ea09d5' },
    { bridgeName: 'vmbr_', name: 'bridge-vmbr-bd1ebb' },
  ];
  for (const { bridgeName, vlanId, name } of BRIDGE_NAMES) {
    it(`bridge ${bridgeName}${vlanId ? ` on VLAN ${vlanId}` : ''} → NAD ${name}`, () => {
      const result = expandAll([withNets('vm1', [{ name: 'n', type: 'bridge', bridgeName, ...(vlanId ? { vlanId } : {}) }])]);
      expect(result.ofKind('NetworkAttachmentDefinition').map((n) => n.metadata.name)).toEqual([name]);
      expect(result.vm().spec.template.spec.networks[0].multus.networkName).toBe(name);
    });
  }

  it.each([
    { network: 'data', bridge: 'br-data' },
    { network: 'abcdefghijkl', bridge: 'br-abcdefghijkl' },
    // 16 characters as br-<network>: the first 6 characters and 5 hex digits of sha256('abcdefghijklm').
    { network: 'abcdefghijklm', bridge: 'br-abcdef-ff103' },
  ])('a bridge network $network without bridgeName goes on node bridge $bridge (at most 15 characters)', ({ network, bridge }) => {
    const result = expandAll([withNets('vm1', [{ name: network, type: 'bridge' }])]);
    expect(cni(result.ofKind('NetworkAttachmentDefinition')[0]).bridge).toBe(bridge);
    expect(result.ofKind('NodeNetworkConfigurationPolicy')[0]!.spec.desiredState.interfaces[0].name).toBe(bridge);
  });

  it('names a macvtap NAD after its host NIC, cleaned the same way', () => {
    const names = expandAll([withNets('vm1', [{ name: 'a', type: 'macvlan', uplink: 'ens5' }, { name: 'b', type: 'macvlan', uplink: 'eth_2' }])]).ofKind('NetworkAttachmentDefinition');
    expect(names.map((n) => n.metadata.name)).toEqual(['macvtap-ens5', 'macvtap-eth-2-62ad55']);
  });
});
