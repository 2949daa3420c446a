// Every object the function generates, across the whole feature range, is accepted by the upstream
// schemas (unknown fields rejected) and is wired the way KubeVirt's webhook insists on.
import { describe, expect, it } from 'vitest';
import { type Obj, configWith, generated, profile, render } from './support/fixtures.js';
import { schemaProblems } from './support/schemas.js';

const bigUserData = '#cloud-config\nruncmd:\n' + Array.from({ length: 120 }, (_, i) => `  - echo step ${i}\n`).join('');

const PROFILES: Obj[] = [
  profile('all-networks', {
    osImage: 'registry.example.com/os:1',
    sshKeySecret: 'keys',
    hostname: 'allnet',
    disks: [
      { name: 'root', size: '20Gi', storageClassName: 'ssd', boot: true },
      { name: 'data', size: '100Gi', storageClassName: 'hdd', accessMode: 'ReadWriteMany', volumeMode: 'Block' },
      { name: 'iso', size: '5Gi', storageClassName: 'ssd', image: 'https://example.com/installer.iso' },
    ],
    networks: [
      { name: 'br', type: 'bridge', bridgeName: 'br-a', vlanId: 10, ipConfig: { mode: 'static', address: '10.1.0.5/24', gateway: '10.1.0.1', dnsServers: ['10.1.0.53'] } },
      { name: 'br-untagged', type: 'bridge', bridgeName: 'br-a', ipConfig: { mode: 'dhcp' } },
      { name: 'ovs', type: 'ovs', bridgeName: 'br-ovs', vlanId: 20, ipConfig: { mode: 'static', address: 'fd00:20::5/64', gateway: 'fd00:20::1' } },
      { name: 'vf', type: 'sriov', vlanId: 30 },
      { name: 'vf-existing', type: 'sriov', nadName: 'team/sriov-nad' },
      { name: 'tap', type: 'macvlan', macAddress: '02:12:34:56:78:9a' },
    ],
    highAvailability: {
      restartPolicy: 'OnFailure',
      antiAffinity: true,
      antiAffinityGroup: 'db',
      nodeSelector: { 'kubernetes.io/arch': 'amd64' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'vms', effect: 'NoExecute', tolerationSeconds: 60 }, { operator: 'Exists' }],
    },
    cloudInit: { userData: bigUserData },
  }, { namespace: 'team', labels: { app: 'db' }, annotations: { 'example.com/owner': 'team' } }),
  profile('halted', { startStrategy: { autoStart: false }, disks: [] }),
  profile('manual', { startStrategy: { runStrategy: 'Manual' }, firmwareUUID: '5d307ca9-b3ef-428c-8861-06e72d69f223' }),
  profile('once', { highAvailability: { restartPolicy: 'Never', evictionStrategy: 'None' }, networks: [{ name: 'n', type: 'bridge', uplink: 'eth7', bridgeName: 'br-b' }] }),
];

const NODE_NETWORK = { network: { uplinks: { 'br-ovs': 'eth3' }, bridgeMarker: true }, nodeNetwork: { nodeSelector: { 'node-role.kubernetes.io/worker': '' } } };
const CONFIGS: [string, Obj, string[]][] = [
  ['PVCs filled by import sources', configWith(NODE_NETWORK), ['PersistentVolumeClaim', 'VolumeImportSource', 'NodeNetworkConfigurationPolicy']],
  ['standalone DataVolumes, cores', configWith({ ...NODE_NETWORK, storage: { mode: 'DataVolumes' }, vm: { cpuTopology: 'cores' } }), ['DataVolume', 'NodeNetworkConfigurationPolicy']],
  ['dataVolumeTemplates, no NNCPs', configWith({ storage: { mode: 'DataVolumeTemplates' }, nodeNetwork: { generate: false } }), []],
];

describe.each(CONFIGS)('generated objects (%s)', (_, config, kinds) => {
  const out = render(PROFILES, config);
  const objects = generated(out);

  it('render without errors', () => {
    expect(out.errors).toEqual([]);
    expect(new Set(objects.map((o) => o['kind']))).toEqual(
      new Set(['VirtualMachine', 'NetworkAttachmentDefinition', 'Secret', ...kinds]),
    );
  });

  it('are accepted by the upstream schemas with unknown fields rejected', () => {
    for (const object of objects) expect(schemaProblems(object)).toEqual([]);
  });

  it('pair every interface with a network, every disk with a volume, and boot from one device', () => {
    for (const vm of out.ofKind('VirtualMachine')) {
      const spec = vm['spec']['template']['spec'];
      const names = (list: Obj[] | undefined) => (list ?? []).map((x) => x['name']);
      expect(names(spec['domain']['devices']['interfaces'])).toEqual(names(spec['networks']));
      expect(names(spec['domain']['devices']['disks'])).toEqual(names(spec['volumes']));
      expect(spec['domain']['devices']['disks'].filter((d: Obj) => d['bootOrder'] !== undefined).length).toBeLessThanOrEqual(1);
      for (const volume of spec['volumes']) {
        const sources = Object.keys(volume).filter((k) => k !== 'name');
        expect(sources).toHaveLength(1);
      }
      if (spec['accessCredentials']) expect(spec['volumes'].some((v: Obj) => v['cloudInitNoCloud'])).toBe(true);
      const templates = (vm['spec']['dataVolumeTemplates'] ?? []).map((t: Obj) => t['metadata']['name']);
      const referenced = spec['volumes'].flatMap((v: Obj) => (v['dataVolume'] ? [v['dataVolume']['name']] : []));
      for (const name of templates) expect(referenced).toContain(name);
    }
  });

  it('reference only Secrets and NADs that are generated or named by the profile', () => {
    const nads = new Set(out.ofKind('NetworkAttachmentDefinition').map((n) => n['metadata']['name']));
    const secrets = new Set(out.ofKind('Secret').map((s) => s['metadata']['name']));
    for (const vm of out.ofKind('VirtualMachine')) {
      const spec = vm['spec']['template']['spec'];
      for (const network of spec['networks'] ?? []) {
        if (network['pod']) continue;
        const name: string = network['multus']['networkName'];
        expect(nads.has(name) || name === 'team/sriov-nad').toBe(true);
      }
      const noCloud = spec['volumes'].find((v: Obj) => v['cloudInitNoCloud'])['cloudInitNoCloud'];
      for (const ref of [noCloud['secretRef'], noCloud['networkDataSecretRef']]) if (ref) expect(secrets.has(ref['name'])).toBe(true);
    }
  });
});
