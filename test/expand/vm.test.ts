// VirtualMachine expansion (SPEC §5.1).
import { describe, expect, it } from 'vitest';
import { profile } from '../support/fixtures.js';
import { checkAll, expandAll } from './helpers.js';

const templateSpec = (vm: any) => vm.spec.template.spec;

describe('VirtualMachine', () => {
  it('is named after the profile, in its namespace, with runStrategy and never spec.running', () => {
    const vm = expandAll([profile('web', {}, { namespace: 'prod' })]).vm('web');
    expect(vm.apiVersion).toBe('kubevirt.io/v1');
    expect(vm.metadata.name).toBe('web');
    expect(vm.metadata.namespace).toBe('prod');
    expect(vm.spec.runStrategy).toBe('Always');
    expect(vm.spec).not.toHaveProperty('running');
  });

  it('omits the namespace when the profile has none, so kustomize can set it', () => {
    expect(expandAll([profile()]).vm().metadata).not.toHaveProperty('namespace');
  });

  describe('runStrategy', () => {
    it.each([
      [{}, 'Always'],
      [{ startStrategy: { runStrategy: 'Manual' } }, 'Manual'],
      [{ startStrategy: { runStrategy: 'RerunOnFailure' } }, 'RerunOnFailure'],
      [{ highAvailability: { restartPolicy: 'Always' } }, 'Always'],
      [{ highAvailability: { restartPolicy: 'OnFailure' } }, 'RerunOnFailure'],
      [{ highAvailability: { restartPolicy: 'Never' } }, 'Once'],
      [{ startStrategy: { autoStart: false } }, 'Halted'],
      [{ startStrategy: { autoStart: false }, highAvailability: { restartPolicy: 'Always' } }, 'Halted'],
      [{ startStrategy: { runStrategy: 'Always', autoStart: true }, highAvailability: { restartPolicy: 'Always' } }, 'Always'],
      [{ startStrategy: { runStrategy: 'Manual', autoStart: false } }, 'Manual'],
    ])('%j → %s', (spec, expected) => {
      expect(expandAll([profile('vm1', spec)]).vm().spec.runStrategy).toBe(expected);
    });
  });

  it('renders cpu as sockets of one core, so that raising it in Git changes sockets alone (hotplug)', () => {
    const domain = (spec: object, config?: object) => templateSpec(expandAll([profile('vm1', spec)], config).vm()).domain;
    expect(domain({ cpu: 6, memory: '12Gi' }).cpu).toEqual({ sockets: 6, cores: 1, threads: 1 });
    expect(domain({ cpu: 6, memory: '12Gi' }).memory).toEqual({ guest: '12Gi' });
    const before = domain({ cpu: 2, maxCpu: 16, memory: '4Gi', maxMemory: '32Gi' });
    const after = domain({ cpu: 3, maxCpu: 16, memory: '6Gi', maxMemory: '32Gi' });
    expect(before.cpu).toEqual({ sockets: 2, cores: 1, threads: 1, maxSockets: 16 });
    expect(before.memory).toEqual({ guest: '4Gi', maxGuest: '32Gi' });
    expect(after.cpu).toEqual({ ...before.cpu, sockets: 3 });
    expect(after.memory).toEqual({ ...before.memory, guest: '6Gi' });
  });

  it('keeps cores for fleets whose config says vm.cpuTopology: cores, and refuses maxCpu there', () => {
    expect(templateSpec(expandAll([profile('vm1', { cpu: 6 })], { vm: { cpuTopology: 'cores' } }).vm()).domain.cpu).toEqual({ cores: 6 });
    expect(checkAll([profile('vm1', { cpu: 2, maxCpu: 4 })], { vm: { cpuTopology: 'cores' } }).errors).toMatchObject([
      { field: 'spec.maxCpu', message: "CPU hotplug adds sockets, but the function config's vm.cpuTopology is cores; remove maxCpu or set vm.cpuTopology: sockets" },
    ]);
  });

  it('boots from the boot disk only, first disk when none is marked, cloud-init last', () => {
    const disks = [
      { name: 'data', size: '10Gi', storageClassName: 'ssd' },
      { name: 'root', size: '20Gi', storageClassName: 'ssd', boot: true },
    ];
    const devices = templateSpec(expandAll([profile('vm1', { disks, osImage: 'registry.example.com/os:1' })]).vm()).domain.devices.disks;
    expect(devices).toEqual([
      { name: 'data', disk: { bus: 'virtio' } },
      { name: 'root', bootOrder: 1, disk: { bus: 'virtio' } },
      { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
    ]);
    const unmarked = templateSpec(expandAll([profile('vm1', { disks: disks.map(({ boot: _, ...d }) => d), osImage: 'registry.example.com/os:1' })]).vm()).domain.devices.disks;
    expect(unmarked[0]).toEqual({ name: 'data', bootOrder: 1, disk: { bus: 'virtio' } });
    expect(unmarked.filter((d: any) => d.bootOrder)).toHaveLength(1);
  });

  it('mounts each disk\'s PVC, cloud-init last', () => {
    const volumes = templateSpec(expandAll([profile('web')]).vm('web')).volumes;
    expect(volumes[0]).toEqual({ name: 'system', persistentVolumeClaim: { claimName: 'web-system' } });
    expect(volumes[1].name).toBe('cloudinitdisk');
  });

  // Literal on purpose: these values are each VM's identity (cloud-init instance-id, MACs). A change
  // here gives every existing VM a new identity; never update them to make a test pass.
  it.each([
    ['web', 'prod', 'test', '53135865-f718-520b-94ae-281ca7da532e', '47c693bc-a020-5735-9ef8-37903af4c96b', ['02:12:bb:04:3e:70', '02:22:02:c9:ce:4b']],
    ['web', undefined, '', 'f1b05410-2475-5c3a-901f-f460e3ea2d37', '99ecf5e9-5559-5478-b689-e273fa273981', ['02:00:78:8b:53:46', '02:e0:74:34:f8:c1']],
    ['db-01', 'prod', 'eu-west', '2618a6c3-f9b8-5160-9521-fcdf2464dbe9', 'e7519427-83f0-5dfa-98c9-3c9693970fa3', ['02:05:ae:4d:d4:59', '02:83:75:5b:9c:88']],
  ])('keeps the identity of %s in namespace %s of cluster "%s" across releases', (name, namespace, clusterName, uuid, serial, macs) => {
    const networks = [{ name: 'a', type: 'bridge', bridgeName: 'br1' }, { name: 'b', type: 'bridge', bridgeName: 'br1', vlanId: 7 }];
    const vm = expandAll([profile(name, { networks }, namespace ? { namespace } : {})], { clusterName }).vm(name);
    expect(templateSpec(vm).domain.firmware).toEqual({ uuid, serial });
    expect(templateSpec(vm).domain.devices.interfaces.map((i: { macAddress: string }) => i.macAddress)).toEqual(macs);
  });

  it('pins a firmware UUID and serial: stable, distinct per name, namespace and cluster', () => {
    const uuid = (name: string, ns?: string, clusterName = 'test') =>
      templateSpec(expandAll([profile(name, {}, ns ? { namespace: ns } : {})], { clusterName }).vm(name)).domain.firmware.uuid;
    const a = uuid('web', 'prod');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuid('web', 'prod')).toBe(a);
    expect(new Set([a, uuid('web', 'dev'), uuid('web2', 'prod'), uuid('web', 'prod', 'other')]).size).toBe(4);
    const firmware = templateSpec(expandAll([profile('web')]).vm('web')).domain.firmware;
    expect(firmware.serial).not.toBe(firmware.uuid);
  });

  it('keeps an explicit firmwareUUID (adopting an existing VM)', () => {
    const vm = expandAll([profile('vm1', { firmwareUUID: '5d307ca9-b3ef-428c-8861-06e72d69f223' })]).vm();
    expect(templateSpec(vm).domain.firmware.uuid).toBe('5d307ca9-b3ef-428c-8861-06e72d69f223');
  });

  it('schedules with nodeSelector and tolerations, and spreads with preferred anti-affinity on a template label', () => {
    const vm = expandAll([
      profile('web-1', {
        highAvailability: {
          antiAffinity: true,
          nodeSelector: { 'node-role.kubernetes.io/worker': '' },
          tolerations: [{ key: 'virtualization', operator: 'Equal', value: 'enabled', effect: 'NoSchedule' }],
        },
      }, { labels: { app: 'web' } }),
    ]).vm('web-1');
    const spec = templateSpec(vm);
    expect(spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/worker': '' });
    expect(spec.tolerations).toEqual([{ key: 'virtualization', operator: 'Equal', value: 'enabled', effect: 'NoSchedule' }]);
    expect(vm.spec.template.metadata.labels['vm.example.com/anti-affinity-group']).toBe('web');
    expect(spec.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'vm.example.com/anti-affinity-group': 'web' } }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    });
  });

  it('groups anti-affinity by antiAffinityGroup, else the app label, else the profile name', () => {
    const group = (spec: object, labels?: object) =>
      expandAll([profile('db-1', { highAvailability: { antiAffinity: true, ...spec } }, labels ? { labels } : {})]).vm('db-1').spec.template.metadata.labels['vm.example.com/anti-affinity-group'];
    expect(group({ antiAffinityGroup: 'databases' }, { app: 'db' })).toBe('databases');
    expect(group({}, { app: 'db' })).toBe('db');
    expect(group({})).toBe('db-1');
    expect(expandAll([profile('db-1')]).vm('db-1').spec.template.spec).not.toHaveProperty('affinity');
  });

  it('uses an eviction strategy that does not hang drains, configurable per cluster and per VM', () => {
    expect(templateSpec(expandAll([profile()]).vm()).evictionStrategy).toBe('LiveMigrateIfPossible');
    expect(templateSpec(expandAll([profile()], { vm: { evictionStrategy: 'None' } }).vm()).evictionStrategy).toBe('None');
    const migratable = { networks: [{ name: 'a', type: 'bridge', bridgeName: 'br1' }], highAvailability: { evictionStrategy: 'LiveMigrate' } };
    expect(templateSpec(expandAll([profile('vm1', migratable)], { storage: { accessMode: 'ReadWriteMany' } }).vm()).evictionStrategy).toBe('LiveMigrate');
  });

  it.each([
    ['a passt pod network', { podNetwork: { binding: 'passt' } }, { storage: { accessMode: 'ReadWriteMany' } }, 'the pod network uses the passt binding (KubeVirt migrates only masquerade pod networks)'],
    ['a ReadWriteOnce disk by default', {}, {}, 'spec.disks[0] (system) is ReadWriteOnce, not ReadWriteMany'],
    ['a ReadWriteOncePod disk', { disks: [{ name: 'os', size: '20Gi', storageClassName: 'ssd', image: 'registry.example.com/os:1', accessMode: 'ReadWriteOncePod' }] }, { storage: { accessMode: 'ReadWriteMany' } }, 'spec.disks[0] (os) is ReadWriteOncePod, not ReadWriteMany'],
  ])('refuses LiveMigrate on a VM with %s: drains would hang', (_, spec, config, why) => {
    const networks = [{ name: 'a', type: 'bridge', bridgeName: 'br1' }];
    const result = checkAll([profile('vm1', { networks, ...spec, highAvailability: { evictionStrategy: 'LiveMigrate' } })], config);
    expect(result.errors.map(({ field, message }) => ({ field, message }))).toEqual([
      { field: 'spec.highAvailability.evictionStrategy', message: `LiveMigrate blocks node drains for this VM: it cannot live-migrate because ${why}; set spec.highAvailability.evictionStrategy: LiveMigrateIfPossible` },
    ]);
  });

  it('does not judge a DataVolume disk whose access mode the StorageProfile decides', () => {
    const spec = { networks: [{ name: 'a', type: 'bridge', bridgeName: 'br1' }], highAvailability: { evictionStrategy: 'LiveMigrate' } };
    expect(checkAll([profile('vm1', spec)], { storage: { mode: 'DataVolumes' } }).errors).toEqual([]);
  });

  it('refuses a cluster-wide LiveMigrate for a VM with a macvtap interface', () => {
    const result = checkAll([profile('vm1', { networks: [{ name: 'direct', type: 'macvlan' }] })], { vm: { evictionStrategy: 'LiveMigrate' }, storage: { accessMode: 'ReadWriteMany' } });
    expect(result.errors).toMatchObject([
      { field: 'spec.highAvailability.evictionStrategy', message: expect.stringMatching(/^the function config's vm.evictionStrategy is LiveMigrate, .*spec.networks\[0\] \(direct\) uses the macvtap binding; set spec.highAvailability.evictionStrategy: LiveMigrateIfPossible$/) },
    ]);
  });

  it('carries profile labels and non-reserved annotations to the VM and its template', () => {
    const vm = expandAll([
      profile('web', {}, {
        labels: { app: 'web', tier: 'frontend' },
        annotations: {
          'example.com/owner': 'team-a',
          'config.kubernetes.io/local-config': 'true',
          'config.kubernetes.io/function': 'exec: {path: x}',
          'internal.config.kubernetes.io/path': 'a.yaml',
          'config.k8s.io/id': '1',
          'kustomize.config.k8s.io/id': 'x',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      }),
    ]).vm('web');
    expect(vm.metadata.labels).toEqual({ app: 'web', tier: 'frontend', vmprofile: 'web', 'app.kubernetes.io/managed-by': 'vmprofile' });
    expect(vm.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    expect(vm.spec.template.metadata).toEqual({ labels: { app: 'web', tier: 'frontend', vmprofile: 'web' }, annotations: { 'example.com/owner': 'team-a' } });
  });

  it('injects SSH keys from the Secret through accessCredentials and noCloud', () => {
    expect(templateSpec(expandAll([profile('vm1', { sshKeySecret: 'keys' })]).vm()).accessCredentials).toEqual([
      { sshPublicKey: { source: { secret: { secretName: 'keys' } }, propagationMethod: { noCloud: {} } } },
    ]);
    expect(templateSpec(expandAll([profile()]).vm())).not.toHaveProperty('accessCredentials');
  });

  it('sets the hostname only when the profile asks for one different from its name', () => {
    expect(templateSpec(expandAll([profile('vm1', { hostname: 'db' })]).vm()).hostname).toBe('db');
    expect(templateSpec(expandAll([profile()]).vm())).not.toHaveProperty('hostname');
  });

  it('lets a VM with only the pod network (masquerade) live-migrate', () => {
    const spec = { highAvailability: { evictionStrategy: 'LiveMigrate' } };
    expect(checkAll([profile('vm1', spec)], { storage: { accessMode: 'ReadWriteMany' } }).errors).toEqual([]);
    expect(checkAll([profile('vm1', { ...spec, podNetwork: false })], { storage: { accessMode: 'ReadWriteMany' } }).errors).toEqual([]);
  });

  it('embeds the disks as dataVolumeTemplates in that storage mode', () => {
    const result = expandAll([profile('web')], { storage: { mode: 'DataVolumeTemplates' } });
    expect(result.ofKind('DataVolume')).toEqual([]);
    expect(result.vm('web').spec.dataVolumeTemplates).toEqual([
      {
        metadata: { name: 'web-system', labels: { vmprofile: 'web', 'app.kubernetes.io/managed-by': 'vmprofile' } },
        spec: { source: { registry: { url: 'docker://registry.example.com/os:1' } }, storage: { storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } } },
      },
    ]);
    expect(templateSpec(result.vm('web')).volumes[0]).toEqual({ name: 'system', dataVolume: { name: 'web-system' } });
  });
});

describe('pinned behaviours', () => {
  it('passes a toleration without a key (operator Exists: tolerate every taint) to the VM as written', () => {
    const tolerations = [{ operator: 'Exists' }, { key: 'dedicated', operator: 'Equal', value: 'vms', effect: 'NoExecute', tolerationSeconds: 60 }, { operator: 'Exists', effect: 'NoSchedule' }];
    expect(templateSpec(expandAll([profile('vm1', { highAvailability: { tolerations } })]).vm()).tolerations).toEqual(tolerations);
  });

  it('always carries a firmware serial, derived like the UUID and kept when the UUID is given', () => {
    const firmware = (name: string, metadata: object = {}, spec: object = {}, clusterName = 'test') =>
      templateSpec(expandAll([profile(name, spec, metadata)], { clusterName }).vm(name)).domain.firmware;
    // UUIDv5 of '["firmware-serial","test","","vm1"]' (and '["firmware-uuid",…]') in vmprofile's UUID namespace
    // 0e5c61a4-5a0e-4f4e-9c55-6c1b7b0f8a11: a guest's SMBIOS identity must not change when vmprofile is upgraded.
    expect(firmware('vm1')).toEqual({ uuid: '8d734d2a-e979-5e32-8004-43290424bd79', serial: '5d1a7349-a86e-5142-8f1c-20bff80ddf5c' });
    expect(firmware('web', { namespace: 'prod' }).serial).toBe('47c693bc-a020-5735-9ef8-37903af4c96b');
    expect(firmware('vm1', {}, {}, 'other').serial).not.toBe('5d1a7349-a86e-5142-8f1c-20bff80ddf5c');
    expect(firmware('vm1', {}, { firmwareUUID: '5d307ca9-b3ef-428c-8861-06e72d69f223' })).toEqual({ uuid: '5d307ca9-b3ef-428c-8861-06e72d69f223', serial: '5d1a7349-a86e-5142-8f1c-20bff80ddf5c' });
  });
});

describe('empty settings leave no empty fields', () => {
  it('writes no nodeSelector, tolerations or template annotations when the profile gives none that apply', () => {
    const vm = expandAll([profile('vm1', { highAvailability: { nodeSelector: {}, tolerations: [] } }, { annotations: { 'config.kubernetes.io/local-config': 'true' } })]).vm();
    expect(Object.keys(vm.spec.template.spec)).not.toContain('nodeSelector');
    expect(Object.keys(vm.spec.template.spec)).not.toContain('tolerations');
    expect(vm.spec.template.metadata).not.toHaveProperty('annotations');
    expect(vm.metadata).not.toHaveProperty('annotations');
  });
});
