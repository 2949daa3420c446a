// plan/checks.ts: what profiles and the config claim together. Each row is a behaviour a user would
// notice, with the case that must pass beside the case that must fail.
import { describe, expect, it } from 'vitest';
import { type Obj, profile } from '../support/fixtures.js';
import { checkAll, expandAll } from '../expand/helpers.js';

const withNets = (name: string, networks: Obj[], spec: Obj = {}) => profile(name, { networks, ...spec });
const staticIp = (address: string) => ({ mode: 'static', address });

describe('eviction: LiveMigrate only where the VM can migrate', () => {
  it('lets the config ask for LiveMigrate when the VM has bridge and SR-IOV networks and ReadWriteMany disks only, without a word', () => {
    const result = expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1' }, { name: 'b', type: 'sriov' }])], { vm: { evictionStrategy: 'LiveMigrate' }, storage: { accessMode: 'ReadWriteMany' } });
    expect(result.vm().spec.template.spec.evictionStrategy).toBe('LiveMigrate');
    expect(result.issues).toEqual([]);
  });

  it('lets a macvtap VM opt out of the config\'s LiveMigrate with LiveMigrateIfPossible', () => {
    const result = expandAll([withNets('vm1', [{ name: 'tap', type: 'macvlan' }], { highAvailability: { evictionStrategy: 'LiveMigrateIfPossible' } })], { vm: { evictionStrategy: 'LiveMigrate' } });
    expect(result.vm().spec.template.spec.evictionStrategy).toBe('LiveMigrateIfPossible');
  });

  it('refuses LiveMigrate set on a macvtap VM itself, at the field, saying why and what to set', () => {
    const result = checkAll([withNets('vm1', [{ name: 'tap', type: 'macvlan' }], { highAvailability: { evictionStrategy: 'LiveMigrate' } })], { storage: { accessMode: 'ReadWriteMany' } });
    expect(result.errors.map(({ field, message }) => ({ field, message }))).toEqual([
      {
        field: 'spec.highAvailability.evictionStrategy',
        message: 'LiveMigrate blocks node drains for this VM: it cannot live-migrate because spec.networks[0] (tap) uses the macvtap binding; set spec.highAvailability.evictionStrategy: LiveMigrateIfPossible',
      },
    ]);
  });
});

describe('shared NADs and bridges', () => {
  it('lists a profile once when two of its networks use one NAD, and keeps its label', () => {
    const result = expandAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', vlanId: 5 }, { name: 'b', type: 'bridge', bridgeName: 'br1', vlanId: 5 }])]);
    const [nad] = result.ofKind('NetworkAttachmentDefinition');
    expect(nad!.metadata.labels).toEqual({ vmprofile: 'vm1', 'app.kubernetes.io/managed-by': 'vmprofile' });
    expect(nad!.metadata.annotations['vm.example.com/profiles']).toBe('vm1');
    const [nncp] = result.ofKind('NodeNetworkConfigurationPolicy');
    expect(nncp!.metadata.annotations['vm.example.com/profiles']).toBe('vm1');
    expect(nncp!.metadata.labels).toEqual({ vmprofile: 'vm1', 'app.kubernetes.io/managed-by': 'vmprofile' });
  });

  it('does not call a bridge conflicting when only one profile names its uplink, and puts it there', () => {
    const named = withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', uplink: 'ens5' }]);
    const unnamed = (name: string) => withNets(name, [{ name: 'a', type: 'bridge', bridgeName: 'br1' }]);
    // Both orders: the profile without an uplink sorts before (vm0) and after (vm2) the one with it.
    for (const profiles of [[named, unnamed('vm0')], [named, unnamed('vm2')]]) {
      const [nncp] = expandAll(profiles, { network: { defaultUplink: undefined } }).ofKind('NodeNetworkConfigurationPolicy');
      expect(nncp!.spec.desiredState.interfaces[0].bridge.port).toEqual([{ name: 'ens5', vlan: {} }]);
    }
  });

  it('points a bridge\'s uplink conflict at bridgeName when the profile took its uplink from the config', () => {
    // vm1 names ens5; the config gives br1 eth9, which vm2 gets. vm2 wrote no uplink, so the field it can change is bridgeName.
    const result = checkAll([withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', uplink: 'ens5' }]), withNets('vm2', [{ name: 'b', type: 'bridge', bridgeName: 'br1' }])], {
      network: { uplinks: { br1: 'eth9' } },
    });
    expect(result.errors.map(({ owner, field, message }) => ({ owner: owner.metadata.name, field, message }))).toEqual([
      { owner: 'vm2', field: 'spec.networks[0].bridgeName', message: 'node bridge "br1" is attached to ens5 for vm1 spec.networks[0] but to eth9 here; one bridge has one uplink' },
    ]);
  });

  it('maps a macvtap NIC to a configured device-plugin pool', () => {
    const [nad] = expandAll([withNets('vm1', [{ name: 'tap', type: 'macvlan', uplink: 'eth2' }])], { network: { macvtapResources: { eth2: 'macvtap.network.kubevirt.io/dataplane' } } }).ofKind('NetworkAttachmentDefinition');
    expect(nad!.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('macvtap.network.kubevirt.io/dataplane');
  });

  it('renders an ovs trunk as ovs-cni\'s trunk list, on its own NAD', () => {
    const trunk = [{ id: 10 }, { minID: 20, maxID: 29 }];
    const [nad] = expandAll([withNets('vm1', [{ name: 't', type: 'ovs', bridgeName: 'br-ovs', trunk }])]).ofKind('NetworkAttachmentDefinition');
    expect(JSON.parse(nad!.spec.config)).toEqual({ cniVersion: '0.3.1', name: nad!.metadata.name, type: 'ovs', bridge: 'br-ovs', trunk });
    expect(nad!.metadata.name).toMatch(/^ovs-br-ovs-trunk-[0-9a-f]{6}$/);
  });
});

describe('static addresses: one per L2 segment', () => {
  it('allows one address on different SR-IOV VLANs, and refuses it twice on one', () => {
    const vm = (name: string, vlanId: number) => withNets(name, [{ name: 'vf', type: 'sriov', vlanId, ipConfig: staticIp('10.0.0.5/24') }]);
    expect(checkAll([vm('vm1', 10), vm('vm2', 11)]).errors).toEqual([]);
    expect(checkAll([vm('vm1', 10), vm('vm2', 10)]).errors).toMatchObject([{ field: 'spec.networks[0].ipConfig.address' }]);
  });

  it('allows one address on different existing NADs, and refuses it twice on one', () => {
    const vm = (name: string, nadName: string) => withNets(name, [{ name: 'x', type: 'bridge', nadName, ipConfig: staticIp('10.0.0.5/24') }]);
    expect(checkAll([vm('vm1', 'lan-a'), vm('vm2', 'lan-b')]).errors).toEqual([]);
    expect(checkAll([vm('vm1', 'lan-a'), vm('vm2', 'lan-a')]).errors).toMatchObject([{ field: 'spec.networks[0].ipConfig.address' }]);
  });

  it('reads a NAD name without a namespace in the profile\'s namespace', () => {
    const vm = (name: string, namespace: string, nadName: string) => profile(name, { networks: [{ name: 'x', type: 'bridge', nadName, ipConfig: staticIp('10.0.0.5/24') }] }, { namespace });
    expect(checkAll([vm('vm1', 'prod', 'lan'), vm('vm2', 'dev', 'lan')]).errors).toEqual([]);
    expect(checkAll([vm('vm1', 'prod', 'lan'), vm('vm2', 'dev', 'prod/lan')]).errors).toMatchObject([
      { field: 'spec.networks[0].ipConfig.address', message: expect.stringMatching(/already the static address of dev\/vm2 spec.networks\[0\]/) },
    ]);
  });

  it('allows one address on macvtap networks of different host NICs, and refuses it twice on one', () => {
    const vm = (name: string, uplink: string) => withNets(name, [{ name: 'tap', type: 'macvlan', uplink, ipConfig: staticIp('10.0.0.5/24') }]);
    expect(checkAll([vm('vm1', 'eth2'), vm('vm2', 'eth3')]).errors).toEqual([]);
    expect(checkAll([vm('vm1', 'eth2'), vm('vm2', 'eth2')]).errors).toMatchObject([{ field: 'spec.networks[0].ipConfig.address' }]);
  });
});

describe('existing NADs', () => {
  it('need nothing from the config: no uplink, device-plugin resource or macvtap NIC, and no node bridge', () => {
    const networks = [
      { name: 'a', type: 'bridge', nadName: 'lan-a' },
      { name: 'b', type: 'ovs', nadName: 'ovs-b' },
      { name: 'c', type: 'sriov', nadName: 'team/sriov-c' },
      { name: 'd', type: 'macvlan', nadName: 'macvtap-d' },
    ];
    const bare = { network: { defaultUplink: undefined, macvtapUplink: undefined, sriovResourceName: undefined } };
    const result = expandAll([withNets('vm1', networks)], bare);
    expect(result.issues.map(({ severity, field }) => ({ severity, field }))).toEqual([{ severity: 'info', field: 'spec.networks[3].type' }]);
    expect(result.objects.map((o) => o['kind'])).toEqual(['VolumeImportSource', 'PersistentVolumeClaim', 'VirtualMachine']);
  });
});

describe('node bridges and NICs', () => {
  const issuesOf = (result: ReturnType<typeof checkAll>) => result.issues.map(({ severity, owner, field, message }) => ({ severity, owner: owner.metadata.name, field, message }));

  it('names every macvtap network that keeps a VM from migrating', () => {
    const result = checkAll([withNets('vm1', [{ name: 'a', type: 'macvlan' }, { name: 'b', type: 'macvlan', uplink: 'eth3' }], { highAvailability: { evictionStrategy: 'LiveMigrate' } })], { storage: { accessMode: 'ReadWriteMany' } });
    expect(result.errors.map((e) => e.message)).toEqual([
      'LiveMigrate blocks node drains for this VM: it cannot live-migrate because spec.networks[0] (a) uses the macvtap binding and spec.networks[1] (b) uses the macvtap binding; set spec.highAvailability.evictionStrategy: LiveMigrateIfPossible',
    ]);
  });

  it('reports a network on a bridge of the other type once, about the type, and lets it give the bridge no uplink', () => {
    // br1 is a host-local linux bridge for vm1; vm2 wants an OVS bridge br1 on eth5. Only vm2 is wrong.
    const result = checkAll([
      withNets('vm1', [{ name: 'a', type: 'bridge', bridgeName: 'br1', hostLocal: true }]),
      withNets('vm2', [{ name: 'b', type: 'ovs', bridgeName: 'br1', vlanId: 4, uplink: 'eth5' }]),
    ], { network: { defaultUplink: undefined } });
    expect(issuesOf(result)).toEqual([
      {
        severity: 'error',
        owner: 'vm2',
        field: 'spec.networks[0].type',
        message: 'node bridge "br1" is a linux-bridge for vm1 spec.networks[0] but this network needs a ovs-bridge; a node bridge has one type, so use another bridgeName',
      },
    ]);
  });

  it('lets any number of bridges have no uplink', () => {
    const local = (name: string, bridgeName: string) => ({ name, type: 'bridge', bridgeName, hostLocal: true });
    expect(checkAll([withNets('vm1', [local('a', 'br1'), local('b', 'br2')]), withNets('vm2', [local('a', 'br3')])]).issues).toEqual([]);
  });

  it('names two bridges on one NIC in name order, whatever the order of the networks', () => {
    for (const networks of [[{ name: 'a', type: 'bridge', bridgeName: 'br2' }, { name: 'b', type: 'bridge', bridgeName: 'br1' }], [{ name: 'b', type: 'bridge', bridgeName: 'br1' }, { name: 'a', type: 'bridge', bridgeName: 'br2' }]]) {
      const field = `spec.networks[${networks.findIndex((n) => n.bridgeName === 'br2')}].bridgeName`;
      expect(issuesOf(checkAll([withNets('vm1', networks)]))).toEqual([
        { severity: 'error', owner: 'vm1', field, message: 'node NIC eth1 would be the uplink of both "br1" and "br2"; a NIC can be the port of one bridge only' },
      ]);
    }
  });

  it('names the namespace of a generated object two profiles would both generate', () => {
    const disks = (a: string, b: string) => [
      { name: a, size: '20Gi', storageClassName: 'ssd', boot: true, image: 'registry.example.com/os:1' },
      { name: b, size: '20Gi', storageClassName: 'ssd' },
    ];
    const result = checkAll([profile('a-b', { disks: disks('c', 'd') }, { namespace: 'prod' }), profile('a', { disks: disks('b-c', 'e') }, { namespace: 'prod' })]);
    expect(result.errors.map(({ field, message }) => ({ field, message }))).toEqual([
      { field: 'spec.disks[0]', message: 'generates VolumeImportSource prod/a-b-c, which prod/a spec.disks[0] generates too; rename one of them' },
    ]);
  });

  it('reports each clashing disk of a profile once, not only the first', () => {
    const disk = (name: string, boot = false) => ({ name, size: '20Gi', storageClassName: 'ssd', ...(boot ? { boot: true, image: 'registry.example.com/os:1' } : {}) });
    const result = checkAll([profile('a-b', { disks: [disk('c', true), disk('d')] }, { namespace: 'prod' }), profile('a', { disks: [disk('b-c', true), disk('b-d')] }, { namespace: 'prod' })]);
    expect(result.errors.map(({ field, message }) => ({ field, message }))).toEqual([
      { field: 'spec.disks[0]', message: 'generates VolumeImportSource prod/a-b-c, which prod/a spec.disks[0] generates too; rename one of them' },
      { field: 'spec.disks[1]', message: 'generates VolumeImportSource prod/a-b-d, which prod/a spec.disks[1] generates too; rename one of them' },
    ]);
  });

  it('refuses an existing claim that another profile of no namespace generates', () => {
    const system = { name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'registry.example.com/os:1' };
    const result = checkAll([profile('web', { disks: [system] }), profile('db', { disks: [{ ...system, name: 'data', boot: undefined, image: undefined, size: undefined, storageClassName: undefined, claimName: 'web-system' }] })]);
    expect(result.errors.map(({ field, message }) => ({ field, message }))).toEqual([
      { field: 'spec.disks[0].claimName', message: "web-system is the claim vmprofile generates for web spec.disks[0]; an existing claim must be one vmprofile does not manage, so name another claim or use that disk's profile" },
    ]);
  });
});
