// The status rules, one row per situation a user would see: generated objects (a real render) and
// the objects KubeVirt, CDI and Kubernetes report (test/support/cluster-objects.ts) in, the seed's
// status out.
import { describe, expect, it } from 'vitest';
import { type StatusItem, statusesOf } from '../../src/status/compute.js';
import type { ClusterObjects } from '../../src/status/observed.js';
import { listsFor, targetsOf } from '../../src/status/targets.js';
import {
  SCHEDULER_MESSAGE,
  boundClaim,
  clusterNad,
  clusterVm,
  dataVolume,
  dataVolumeClaim,
  generated,
  populatingClaim,
  rendered,
  runningVmi,
  unschedulableVmi,
  vmStatus,
} from '../support/cluster-objects.js';
import { configWith, profile, type Obj } from '../support/fixtures.js';

const web = profile(
  'web',
  {
    networks: [
      { name: 'mgmt', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100, ipConfig: { mode: 'static', address: '192.168.100.11/24', gateway: '192.168.100.1' } },
      { name: 'storage', type: 'macvlan', ipConfig: { mode: 'dhcp' } },
    ],
    disks: [
      { name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'registry.example.com/os/centos-stream:9' },
      { name: 'data', size: '100Gi', storageClassName: 'hdd' },
    ],
  },
  { namespace: 'prod' },
);

const claims = rendered([web]);
const dvs = rendered([web], configWith({ storage: { mode: 'DataVolumes' } }));
const vm = generated(claims, 'VirtualMachine');
const dvVm = generated(dvs, 'VirtualMachine');
const macs = (vm['spec']['template']['spec']['domain']['devices']['interfaces'] as Obj[]).map((iface) => iface['macAddress'] as string);
const nads = claims.filter((object) => object['kind'] === 'NetworkAttachmentDefinition').map((nad) => clusterNad(nad));
const claim = (name: string, objects = claims) => generated(objects, 'PersistentVolumeClaim', `web-${name}`);
const dv = (name: string) => generated(dvs, 'DataVolume', `web-${name}`);
const bound = (objects = claims) => ['system', 'data'].map((name) => boundClaim(claim(name, objects), name === 'system' ? '20Gi' : '100Gi'));
const running = (objects = claims) => [
  clusterVm(objects === claims ? vm : dvVm, vmStatus.running('web-system')),
  runningVmi(clusterVm(objects === claims ? vm : dvVm, {}), 'worker-2', [
    { network: 'mgmt', mac: macs[0]!, ip: '192.168.100.11' },
    { network: 'storage', mac: macs[1]!, ip: '10.0.0.57' },
  ]),
];

function statusOf(cluster: readonly Obj[], objects = claims): StatusItem {
  const byKind = (kind: string) => cluster.filter((object) => object['kind'] === kind) as never[];
  const observed: ClusterObjects = {
    virtualMachines: byKind('VirtualMachine'),
    virtualMachineInstances: byKind('VirtualMachineInstance'),
    dataVolumes: byKind('DataVolume'),
    persistentVolumeClaims: byKind('PersistentVolumeClaim'),
    networkAttachmentDefinitions: byKind('NetworkAttachmentDefinition'),
  };
  const [item] = statusesOf(targetsOf(objects, 'default'), observed);
  return item!;
}

const condition = (item: StatusItem, type: string) => item.status.conditions.find((c) => c.type === type)!;

describe('which objects a profile owns', () => {
  it('takes the VM, its networks and its claims from the render, and asks only for what they need', () => {
    const [target] = targetsOf(claims, 'default');
    expect(target).toEqual({
      profile: 'prod/web',
      namespace: 'prod',
      vmName: 'web',
      networks: [
        { name: 'mgmt', nadName: 'bridge-br-mgmt-vlan100', nad: { namespace: 'prod', name: 'bridge-br-mgmt-vlan100' } },
        { name: 'storage', nadName: 'macvtap-eth2', nad: { namespace: 'prod', name: 'macvtap-eth2' } },
      ],
      volumes: [
        { name: 'system', claimName: 'web-system', source: 'PersistentVolumeClaim', size: '20Gi' },
        { name: 'data', claimName: 'web-data', source: 'PersistentVolumeClaim', size: '100Gi' },
      ],
    });
    expect(listsFor([target!]).map((request) => `${request.resource} ${request.namespace}`)).toEqual([
      'virtualmachines prod',
      'virtualmachineinstances prod',
      'persistentvolumeclaims prod',
      'network-attachment-definitions prod',
    ]);
  });

  it('puts a profile without a namespace where kubectl would apply it, and lists DataVolumes only when disks are DataVolumes', () => {
    const plain = rendered([profile('db', { disks: [{ name: 'system', size: '10Gi', storageClassName: 'ssd', blank: true }] })], configWith({ storage: { mode: 'DataVolumes' } }));
    const [target] = targetsOf(plain, 'team-a');
    expect(target).toMatchObject({ profile: 'team-a/db', namespace: 'team-a', volumes: [{ claimName: 'db-system', source: 'DataVolume', size: '10Gi' }] });
    expect(listsFor([target!]).map((request) => request.resource)).toEqual(['virtualmachines', 'virtualmachineinstances', 'persistentvolumeclaims', 'datavolumes']);
  });

  it('finds a qualified NAD in its own namespace, and gives a network without Multus (the pod network) no NAD', () => {
    const vmWith = {
      ...vm,
      spec: { ...vm['spec'], template: { ...vm['spec']['template'], spec: { ...vm['spec']['template']['spec'], networks: [{ name: 'default', pod: {} }, { name: 'shared', multus: { networkName: 'infra/uplink' } }] } } },
    };
    const [target] = targetsOf([vmWith], 'default');
    expect(target!.networks).toEqual([{ name: 'default' }, { name: 'shared', nadName: 'infra/uplink', nad: { namespace: 'infra', name: 'uplink' } }]);
    expect(listsFor([target!]).filter((request) => request.resource === 'network-attachment-definitions')).toEqual([{ resource: 'network-attachment-definitions', namespace: 'infra' }]);
  });
});

describe('the phase and why', () => {
  const rows: { name: string; cluster: () => Obj[]; objects?: Obj[]; phase: string; reason: string; message: RegExp }[] = [
    {
      name: 'Pending: the VirtualMachine does not exist yet (not applied)',
      cluster: () => [],
      phase: 'Pending',
      reason: 'VirtualMachineNotFound',
      message: /^VirtualMachine prod\/web does not exist: apply the rendered manifests/,
    },
    { name: 'Running: KubeVirt reports Running and Ready', cluster: () => [...running(), ...bound(), ...nads], phase: 'Running', reason: 'VMRunning', message: /^the VM is running$/ },
    {
      name: 'Stopped on purpose: runStrategy Halted',
      cluster: () => [clusterVm({ ...vm, spec: { ...vm['spec'], runStrategy: 'Halted' } }, vmStatus.stopped('Halted')), ...bound(), ...nads],
      phase: 'Stopped',
      reason: 'Stopped',
      message: /runStrategy Halted; virtctl start or runStrategy: Always starts it/,
    },
    {
      name: 'Stopped: a Manual VM nobody started',
      cluster: () => [clusterVm({ ...vm, spec: { ...vm['spec'], runStrategy: 'Manual' } }, vmStatus.stopped('Manual')), ...bound(), ...nads],
      phase: 'Stopped',
      reason: 'Stopped',
      message: /runStrategy Manual; virtctl start starts it/,
    },
    {
      name: 'Creating: DataVolumes import, with CDI\'s progress',
      objects: dvs,
      cluster: () => [clusterVm(dvVm, vmStatus.provisioning()), dataVolume(dv('system'), { phase: 'ImportInProgress', progress: '45.20%' }), dataVolume(dv('data'), { phase: 'Succeeded' }), dataVolumeClaim(dv('system'), 'Bound'), dataVolumeClaim(dv('data'), 'Bound'), ...nads],
      phase: 'Creating',
      reason: 'Provisioning',
      message: /^importing disk system \(45\.20%\)$/,
    },
    {
      name: 'Creating, not Error: a populated claim keeps the launcher pod unschedulable until CDI fills it',
      cluster: () => [
        clusterVm(vm, vmStatus.unschedulable('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')),
        populatingClaim(claim('system'), { progress: '12.00%' }),
        boundClaim(claim('data')),
        ...nads,
      ],
      phase: 'Creating',
      reason: 'ImportInProgress',
      message: /^importing disk system \(12\.00%\)$/,
    },
    {
      name: 'Error: the scheduler finds no node, with its message',
      cluster: () => [clusterVm(vm, vmStatus.unschedulable()), unschedulableVmi(clusterVm(vm, {})), ...bound(), ...nads],
      phase: 'Error',
      reason: 'ErrorUnschedulable',
      message: new RegExp(`^${SCHEDULER_MESSAGE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    },
    {
      name: 'Error: the importer of a DataVolume fails (KubeVirt says DataVolumeError)',
      objects: dvs,
      cluster: () => [
        clusterVm(dvVm, vmStatus.printable('DataVolumeError')),
        dataVolume(dv('system'), { phase: 'ImportInProgress', restartCount: 3, running: ['False', 'Error', 'Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found'] }),
        dataVolume(dv('data'), { phase: 'Succeeded' }),
        ...nads,
      ],
      phase: 'Error',
      reason: 'DataVolumeError',
      message: /^disk system: Unable to connect to http data source: expected status code 200, got 404\. Status: 404 Not Found \(the importer restarted 3 times\)$/,
    },
    {
      name: 'Error: the importer of a populated claim cannot pull the image (KubeVirt does not see it)',
      cluster: () => [
        clusterVm(vm, vmStatus.printable('WaitingForVolumeBinding')),
        populatingClaim(claim('system'), { running: ['false', 'ImagePullFailed', 'failed to pull image: registry.example.com/os/centos-stream:9: manifest unknown'], restarts: 1 }),
        boundClaim(claim('data')),
        ...nads,
      ],
      phase: 'Error',
      reason: 'ImagePullFailed',
      message: /^disk system: failed to pull image: .*manifest unknown \(the importer restarted once\)$/,
    },
    {
      name: 'Error: a NetworkAttachmentDefinition is missing, so KubeVirt cannot start the VM',
      cluster: () => [clusterVm(vm, vmStatus.printable('Starting')), ...bound(), nads[0]!],
      phase: 'Error',
      reason: 'NetworkAttachmentDefinitionNotFound',
      message: /^network storage: NetworkAttachmentDefinition prod\/macvtap-eth2 does not exist; KubeVirt cannot start the VM without it$/,
    },
    {
      name: 'Error: a crash loop, with KubeVirt\'s retry time',
      cluster: () => [clusterVm(vm, vmStatus.crashLoop(4)), ...bound(), ...nads],
      phase: 'Error',
      reason: 'CrashLoopBackOff',
      message: /^the VM failed to start 4 times in a row; KubeVirt retries after 2024-05-02T08:30:00Z$/,
    },
    {
      name: 'Error: a claim is missing (ErrorPvcNotFound), naming it',
      cluster: () => [clusterVm(vm, vmStatus.printable('ErrorPvcNotFound')), bound()[0]!, ...nads],
      phase: 'Error',
      reason: 'ErrorPvcNotFound',
      message: /^disk data: PersistentVolumeClaim prod\/web-data does not exist$/,
    },
    {
      name: 'Creating: the VM is starting and its launcher pod is scheduled',
      cluster: () => [clusterVm(vm, vmStatus.printable('Starting')), { ...unschedulableVmi(clusterVm(vm, {})), status: { phase: 'Scheduled' } }, ...bound(), ...nads],
      phase: 'Creating',
      reason: 'Starting',
      message: /^the VM is starting \(VirtualMachineInstance Scheduled\)$/,
    },
    {
      name: 'Stopped: paused by the user, keeping its node',
      cluster: () => [clusterVm(vm, vmStatus.printable('Paused')), running()[1]!, ...bound(), ...nads],
      phase: 'Stopped',
      reason: 'Paused',
      message: /paused \(virtctl unpause resumes it\)/,
    },
    {
      name: 'Pending: KubeVirt has not written a status (virt-controller down?)',
      cluster: () => [clusterVm(vm, {}), ...bound(), ...nads],
      phase: 'Pending',
      reason: 'NoStatus',
      message: /is virt-controller running\?/,
    },
  ];

  for (const row of rows) {
    it(row.name, () => {
      const item = statusOf(row.cluster(), row.objects);
      const ready = condition(item, 'Ready');
      expect({ phase: item.status.phase, reason: ready.reason }).toEqual({ phase: row.phase, reason: row.reason });
      expect(ready.message).toMatch(row.message);
      expect(ready.status).toBe(row.phase === 'Running' ? 'True' : row.phase === 'Pending' && row.reason === 'NoStatus' ? 'Unknown' : 'False');
    });
  }
});

describe('the seed\'s fields', () => {
  it('a running VM: node, guest interfaces with addresses, NADs, bound disks with their capacity, since when it is ready', () => {
    const item = statusOf([...running(), ...bound(), ...nads]);
    expect(item).toEqual({
      profile: 'prod/web',
      networksConfigured: 2,
      status: {
        phase: 'Running',
        vmName: 'web',
        nodeName: 'worker-2',
        conditions: [
          { type: 'Ready', status: 'True', lastTransitionTime: '2024-05-02T08:03:00Z', reason: 'VMRunning', message: 'the VM is running' },
          { type: 'NetworksConfigured', status: 'True', reason: 'InterfacesReported', message: 'the running VM reports 2 interfaces' },
          { type: 'VolumesBound', status: 'True', reason: 'AllBound', message: '2 disks bound and filled' },
        ],
        networks: [
          { name: 'mgmt', interface: 'eth0', ipAddress: '192.168.100.11', macAddress: macs[0], nadName: 'bridge-br-mgmt-vlan100' },
          { name: 'storage', interface: 'eth1', ipAddress: '10.0.0.57', macAddress: macs[1], nadName: 'macvtap-eth2' },
        ],
        volumes: [
          { name: 'system', pvcName: 'web-system', bound: true, size: '20Gi' },
          { name: 'data', pvcName: 'web-data', bound: true, size: '100Gi' },
        ],
      },
    });
  });

  it('a VM not applied yet: each condition names what is missing, MACs unknown, sizes as requested', () => {
    const item = statusOf([]);
    expect(item.status.nodeName).toBeUndefined();
    expect(condition(item, 'NetworksConfigured')).toEqual({
      type: 'NetworksConfigured',
      status: 'False',
      reason: 'NetworkAttachmentDefinitionNotFound',
      message: 'network mgmt: NetworkAttachmentDefinition prod/bridge-br-mgmt-vlan100 does not exist; network storage: NetworkAttachmentDefinition prod/macvtap-eth2 does not exist',
    });
    expect(condition(item, 'VolumesBound')).toEqual({
      type: 'VolumesBound',
      status: 'False',
      reason: 'ClaimNotFound',
      message: 'disk system: PersistentVolumeClaim prod/web-system does not exist; disk data: PersistentVolumeClaim prod/web-data does not exist',
    });
    expect(item.status.networks).toEqual([
      { name: 'mgmt', nadName: 'bridge-br-mgmt-vlan100' },
      { name: 'storage', nadName: 'macvtap-eth2' },
    ]);
    expect(item.status.volumes).toEqual([
      { name: 'system', pvcName: 'web-system', bound: false, size: '20Gi' },
      { name: 'data', pvcName: 'web-data', bound: false, size: '100Gi' },
    ]);
    expect(item.networksConfigured).toBe(0);
  });

  it('a stopped VM: MACs from its spec, no node, no addresses', () => {
    const item = statusOf([clusterVm({ ...vm, spec: { ...vm['spec'], runStrategy: 'Halted' } }, vmStatus.stopped('Halted')), ...bound(), ...nads]);
    expect(item.status.nodeName).toBeUndefined();
    expect(item.status.networks.map((network) => [network.macAddress, network.ipAddress])).toEqual([
      [macs[0], undefined],
      [macs[1], undefined],
    ]);
    expect(condition(item, 'NetworksConfigured')).toMatchObject({ status: 'True', reason: 'NetworkAttachmentDefinitionsFound' });
    // The VM's Ready condition is False too: its time is kept.
    expect(condition(item, 'Ready').lastTransitionTime).toBe('2024-05-02T08:01:00Z');
  });

  it('disks while they import: progress per disk, bound only once the claim is', () => {
    const item = statusOf(
      [clusterVm(dvVm, vmStatus.provisioning()), dataVolume(dv('system'), { phase: 'ImportInProgress', progress: '45.20%' }), dataVolume(dv('data'), { phase: 'ImportScheduled', bound: false }), dataVolumeClaim(dv('system'), 'Bound'), dataVolumeClaim(dv('data'), 'Pending'), ...nads],
      dvs,
    );
    expect(item.status.volumes).toEqual([
      { name: 'system', pvcName: 'web-system', bound: true, size: '20Gi', progress: '45.20%' },
      { name: 'data', pvcName: 'web-data', bound: false, size: '100Gi' },
    ]);
    expect(condition(item, 'VolumesBound')).toEqual({ type: 'VolumesBound', status: 'False', reason: 'ImportInProgress', message: 'disk system: ImportInProgress, 45.20%; disk data: ImportScheduled' });
  });

  it('a running VM whose guest has not reported one interface yet', () => {
    const [vmObject, vmi] = running();
    const oneInterface = { ...vmi!, status: { ...vmi!['status'], interfaces: [vmi!['status']['interfaces'][0]] } };
    const item = statusOf([vmObject!, oneInterface, ...bound(), ...nads]);
    expect(item.status.phase).toBe('Running');
    expect(condition(item, 'NetworksConfigured')).toMatchObject({ status: 'False', reason: 'InterfaceNotReported', message: 'network storage: the running VM reports no interface for it yet' });
    expect(item.networksConfigured).toBe(1);
  });

  it('a disk waiting for its consumer is not an import: the stopped VM stays Stopped', () => {
    const applied = boundClaim(claim('data'));
    const pending: Obj = { ...applied, metadata: { ...applied['metadata'], annotations: {} }, status: { phase: 'Pending' } };
    const item = statusOf([clusterVm({ ...vm, spec: { ...vm['spec'], runStrategy: 'Halted' } }, vmStatus.stopped('Halted')), bound()[0]!, pending, ...nads]);
    expect(item.status.phase).toBe('Stopped');
    expect(condition(item, 'VolumesBound')).toMatchObject({ status: 'False', reason: 'ClaimPending', message: expect.stringMatching(/^disk data: PersistentVolumeClaim prod\/web-data is Pending: no volume yet/) });
  });
});
