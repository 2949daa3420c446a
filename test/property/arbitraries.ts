// fast-check generators of *valid* profiles and function configs across every field. Validity is
// built in: names are unique, static addresses never repeat on a segment, bridges have distinct
// uplinks, and only consistent start-strategy combinations are drawn.
import fc from 'fast-check';
import type { Obj } from '../support/fixtures.js';

// CI checks the same cases every run; elsewhere each run explores new ones. fast-check prints the
// seed of a failure, and FUZZ_SEED replays it.
const SEED = process.env['FUZZ_SEED'] ?? (process.env['CI'] ? '20261121' : undefined);
if (SEED !== undefined) fc.configureGlobal({ seed: Number(SEED) });

/** How many cases each property runs: a quick pass in CI, FUZZ_RUNS for a long fuzz run. */
export const RUNS = Number(process.env['FUZZ_RUNS'] ?? 60);
/** Time for a property test: a case takes up to half a second. */
export const TIMEOUT = Math.max(60_000, RUNS * 500);

// The cluster the configs describe: two Linux bridges and an OVS bridge with distinct uplinks, a
// separate NIC for macvtap. Networks draw their bridge from these, so no NIC serves two bridges.
const LINUX_BRIDGES = ['br-a', 'br-b'];
const OVS_BRIDGES = ['ovs-a'];
const UPLINKS: Record<string, string> = { 'br-a': 'eth1', 'br-b': 'eth2', 'ovs-a': 'eth3' };
const MACVTAP_NICS = ['eth8', 'eth9'];
const IMAGES = ['registry.example.com/os/fedora:41', 'quay.io/containerdisks/debian:12', 'docker://registry.example.com/base@sha256:' + 'a'.repeat(64), 'https://images.example.com/disk.qcow2'];

const hex = (n: number) => n.toString(16).padStart(2, '0');

export const configArbitrary: fc.Arbitrary<Obj> = fc.record({
  clusterName: fc.constantFrom('', 'east', 'lab-1'),
  storage: fc.record({
    mode: fc.constantFrom('PersistentVolumeClaims', 'DataVolumes', 'DataVolumeTemplates'),
    accessMode: fc.constantFrom('ReadWriteOnce', 'ReadWriteMany'),
    volumeMode: fc.constantFrom('Filesystem', 'Block'),
    protectFromPrune: fc.boolean(),
  }),
  nodeNetwork: fc.record({ generate: fc.boolean(), nodeSelector: fc.constantFrom({}, { 'node-role.kubernetes.io/worker': '' }) }),
  bridgeMarker: fc.boolean(),
  evictionStrategy: fc.constantFrom('LiveMigrateIfPossible', 'None', 'External'),
  keepProfiles: fc.boolean(),
}).map(({ bridgeMarker, evictionStrategy, ...rest }) => ({
  apiVersion: 'vm.example.com/v1alpha1',
  kind: 'VirtualMachineProfileConfig',
  metadata: { name: 'vmprofile' },
  spec: {
    ...rest,
    network: {
      uplinks: UPLINKS,
      defaultBridge: 'br-a',
      defaultOvsBridge: 'ovs-a',
      macvtapUplink: 'eth9',
      sriovResourceName: 'intel.com/sriov_vfio',
      macvtapResources: { eth8: 'macvtap.network.kubevirt.io/dataplane' },
      bridgeMarker,
    },
    vm: { evictionStrategy },
  },
}));

/** Free text for annotation values and user data: quotes, newlines, YAML and JSON syntax, unicode. */
export const hostileText = fc.oneof(
  fc.string(),
  fc.constantFrom('"', "'", '\n', '---', '...', '#cloud-config', '${HOME}', '{"a":1}', ': x', '- y', '&a *a', '!!binary', 'yes', 'no', 'on', '0777', '02:00:00:00:00:01', 'Ｗｅｂ', '\u202e', '\u0000'),
);

function network(p: number, n: number): fc.Arbitrary<Obj> {
  const ip = fc.oneof(
    fc.constant(undefined),
    fc.record({ mode: fc.constant('dhcp'), dnsServers: fc.option(fc.constant(['10.0.0.53', '2001:db8::53']), { nil: undefined }) }),
    fc.record({
      mode: fc.constant('static'),
      v6: fc.boolean(),
      gateway: fc.boolean(),
      dns: fc.boolean(),
    }).map(({ v6, gateway, dns }) => ({
      mode: 'static',
      address: v6 ? `fd00:${hex(p)}:${hex(n)}::10/64` : `10.${p}.${n}.10/24`,
      ...(gateway ? { gateway: v6 ? `fd00:${hex(p)}:${hex(n)}::1` : `10.${p}.${n}.1` } : {}),
      ...(dns ? { dnsServers: ['1.1.1.1'] } : {}),
    })),
  );
  const macAddress = fc.option(fc.constant(`02:ee:00:${hex(p)}:${hex(n)}:01`), { nil: undefined });
  const vlanId = fc.option(fc.integer({ min: 1, max: 4094 }), { nil: undefined });
  const name = `n${n}`;
  return fc.oneof(
    fc.record({ type: fc.constant('bridge'), bridgeName: fc.option(fc.constantFrom(...LINUX_BRIDGES), { nil: undefined }), vlanId, ipConfig: ip, macAddress }),
    // ovs always names its VLANs: an access VLAN or a trunk list (never ovs-cni's trunk-everything).
    fc.record({ type: fc.constant('ovs'), bridgeName: fc.option(fc.constantFrom(...OVS_BRIDGES), { nil: undefined }), vlanId: fc.integer({ min: 1, max: 4094 }), ipConfig: ip, macAddress }),
    fc.record({ type: fc.constant('ovs'), bridgeName: fc.option(fc.constantFrom(...OVS_BRIDGES), { nil: undefined }), trunk: TRUNK, ipConfig: ip, macAddress }),
    fc.record({ type: fc.constant('sriov'), vlanId, ipConfig: ip, macAddress }),
    fc.record({ type: fc.constant('macvlan'), uplink: fc.option(fc.constantFrom(...MACVTAP_NICS), { nil: undefined }), ipConfig: ip, macAddress }),
    fc.record({ type: fc.constantFrom('bridge', 'sriov', 'macvlan'), nadName: fc.constantFrom('existing-nad', 'infra/shared-nad'), ipConfig: ip }),
  ).map((fields) => withoutUndefined({ name, ...fields }));
}

const TRUNK = fc.array(
  fc.oneof(
    fc.integer({ min: 1, max: 4094 }).map((id) => ({ id })),
    fc.tuple(fc.integer({ min: 1, max: 4094 }), fc.integer({ min: 0, max: 20 })).map(([minID, span]) => ({ minID, maxID: Math.min(4094, minID + span) })),
  ),
  { minLength: 1, maxLength: 3 },
);

function cloudConfig(commands: readonly string[]): string {
  return `#cloud-config\nruncmd:\n${commands.map((c) => `  - ${JSON.stringify(c)}\n`).join('')}`;
}

function withoutUndefined(object: Obj): Obj {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

// runStrategy/autoStart/restartPolicy combinations the rules accept.
const START = fc.constantFrom<[Obj | undefined, string | undefined]>(
  [undefined, undefined],
  [undefined, 'Always'],
  [undefined, 'OnFailure'],
  [undefined, 'Never'],
  [{ autoStart: false }, 'Always'],
  [{ autoStart: true }, undefined],
  [{ runStrategy: 'Always', autoStart: true }, 'Always'],
  [{ runStrategy: 'RerunOnFailure' }, 'OnFailure'],
  [{ runStrategy: 'Manual' }, 'Never'],
  [{ runStrategy: 'Manual', autoStart: false }, undefined],
  [{ runStrategy: 'Halted' }, 'Always'],
  [{ runStrategy: 'Once' }, 'Never'],
);

/** A valid profile; p makes its names and addresses unique among the profiles of one input. */
export function profileArbitrary(p: number): fc.Arbitrary<Obj> {
  return fc
    .record({
      namespace: fc.constantFrom(undefined, 'ns-a', 'ns-b'),
      app: fc.constantFrom(undefined, 'web', 'db'),
      annotations: fc.option(fc.dictionary(fc.constantFrom('example.com/note', 'owner', 'a.b/c'), hostileText, { maxKeys: 2 }), { nil: undefined }),
      cpu: fc.integer({ min: 1, max: 96 }),
      memory: fc.constantFrom('512Mi', '1Gi', '1.5Gi', '4Gi', '8G', '2048Mi'),
      extraCpu: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
      maxMemory: fc.option(fc.constantFrom('4Gi', '16Gi', '32768Mi'), { nil: undefined }),
      hostname: fc.option(fc.constantFrom('yes', 'node-1', 'db'), { nil: undefined }),
      firmwareUUID: fc.option(fc.uuid(), { nil: undefined }),
      sshKeySecret: fc.option(fc.constant('ssh-keys'), { nil: undefined }),
      networks: fc.integer({ min: 0, max: 10 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, n) => network(p, n)))),
      disks: fc.array(
        fc.record({
          size: fc.constantFrom('1Gi', '20Gi', '500Gi', '2T'),
          storageClassName: fc.constantFrom('ssd', 'hdd', 'ceph.rbd'),
          image: fc.option(fc.constantFrom(...IMAGES), { nil: undefined }),
          accessMode: fc.option(fc.constantFrom('ReadWriteOnce', 'ReadWriteMany'), { nil: undefined }),
          volumeMode: fc.option(fc.constantFrom('Filesystem', 'Block'), { nil: undefined }),
          source: fc.constantFrom('own', 'own', 'own', 'dataSource', 'clone', 'claim'),
        }),
        { maxLength: 18 },
      ),
      sizing: fc.option(fc.record({ instancetype: fc.constantFrom('u1.medium', { name: 'big', kind: 'VirtualMachineInstancetype' }), preference: fc.option(fc.constantFrom('fedora', { name: 'os', kind: 'VirtualMachinePreference' }), { nil: undefined }) }), { nil: undefined }),
      pod: fc.constantFrom(undefined, undefined, true, false, { binding: 'passt' }, { ports: [{ name: 'ssh', port: 22 }, { port: 8080, protocol: 'UDP' }] }),
      service: fc.option(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'), { nil: undefined }),
      bootIndex: fc.nat(),
      markBoot: fc.boolean(),
      osImage: fc.option(fc.constantFrom(...IMAGES), { nil: undefined }),
      start: START,
      ha: fc.option(
        fc.record({
          antiAffinity: fc.boolean(),
          group: fc.option(fc.constantFrom('spread', 'tier-1'), { nil: undefined }),
          nodeSelector: fc.option(fc.constant({ 'kubernetes.io/arch': 'amd64' }), { nil: undefined }),
          tolerations: fc.option(fc.constant([{ key: 'dedicated', operator: 'Equal', value: 'vms', effect: 'NoSchedule' }, { operator: 'Exists' }]), { nil: undefined }),
          evictionStrategy: fc.option(fc.constantFrom('LiveMigrateIfPossible', 'None'), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      userData: fc.option(
        fc.oneof(
          fc.constant('#!/bin/sh\necho hello\n'),
          fc.array(fc.constantFrom('echo a', 'echo "quoted"', 'touch /tmp/x'), { minLength: 1, maxLength: 20 }).map(cloudConfig),
          // Over KubeVirt's 2048-byte inline limit: goes into a Secret (arrays alone rarely get this long).
          fc.integer({ min: 120, max: 200 }).map((n) => cloudConfig(Array.from({ length: n }, (_, i) => `echo step ${i}`))),
        ),
        { nil: undefined },
      ),
    })
    .map((a) => {
      const disks = a.disks.map(({ source, ...disk }, i) => {
        if (source === 'claim') return { name: `d${i}`, claimName: `data-${p}-${i}` };
        const from = source === 'dataSource' ? { image: undefined, dataSource: { name: 'fedora', namespace: 'os-images' } } : source === 'clone' ? { image: undefined, clone: { name: 'golden', namespace: 'images' } } : {};
        return withoutUndefined({ name: `d${i}`, ...disk, ...from });
      });
      const boot = disks.length > 0 ? a.bootIndex % disks.length : -1;
      if (boot >= 0 && a.markBoot) disks[boot]!['boot'] = true;
      const bootDisk = disks[a.markBoot ? boot : 0];
      // spec.osImage only with disks, and never contradicting the boot disk's own image.
      const sourced = (disk: Obj | undefined) => Boolean(disk?.['dataSource'] || disk?.['clone'] || disk?.['claimName']);
      const osImage = disks.length > 0 && !sourced(bootDisk) && (!bootDisk?.['image'] || bootDisk['image'] === a.osImage) ? a.osImage : undefined;
      // A boot disk with nothing to boot must say so; other image-less disks may say so too.
      if (bootDisk && !bootDisk['image'] && !osImage && !sourced(bootDisk)) bootDisk['blank'] = true;
      disks.forEach((disk, i) => {
        if (disk !== bootDisk && !disk['image'] && !sourced(disk) && i % 3 === 0) disk['blank'] = true;
      });
      // One default gateway per IP family: later networks of a family drop theirs.
      const gatewayFamilies = new Set<string>();
      const networks = (a.networks as Obj[]).map((net) => {
        const gateway = net['ipConfig']?.['gateway'] as string | undefined;
        if (gateway === undefined) return net;
        const family = gateway.includes(':') ? 'v6' : 'v4';
        if (!gatewayFamilies.has(family)) {
          gatewayFamilies.add(family);
          return net;
        }
        const { gateway: _, ...ipConfig } = net['ipConfig'];
        return { ...net, ipConfig };
      });
      const [startStrategy, restartPolicy] = a.start;
      // Services need the pod network: asked for, or the default of a VM without networks.
      const hasPod = a.pod === undefined ? networks.length === 0 : a.pod !== false;
      const podPorts: Obj[] | undefined = typeof a.pod === 'object' && 'ports' in a.pod ? a.pod.ports : undefined;
      const services =
        a.service && hasPod
          ? [withoutUndefined({ name: `vm-${p}-ssh`, type: a.service, ports: [withoutUndefined({ name: 'ssh', port: 2222, targetPort: podPorts ? 'ssh' : 22, nodePort: a.service === 'ClusterIP' ? undefined : 30000 + p })] })]
          : undefined;
      const ha = a.ha
        ? withoutUndefined({
            restartPolicy,
            antiAffinity: a.ha.antiAffinity,
            antiAffinityGroup: a.ha.antiAffinity ? a.ha.group : undefined,
            nodeSelector: a.ha.nodeSelector,
            tolerations: a.ha.tolerations,
            evictionStrategy: a.ha.evictionStrategy,
          })
        : restartPolicy
          ? { restartPolicy }
          : undefined;
      return {
        apiVersion: 'vm.example.com/v1alpha1',
        kind: 'VirtualMachineProfile',
        metadata: withoutUndefined({ name: `vm-${p}`, namespace: a.namespace, labels: a.app ? { app: a.app } : undefined, annotations: a.annotations }),
        spec: withoutUndefined({
          // An instancetype replaces every size field.
          cpu: a.sizing ? undefined : a.cpu,
          maxCpu: a.sizing || a.extraCpu === undefined ? undefined : a.cpu + a.extraCpu,
          memory: a.sizing ? undefined : a.memory,
          // KubeVirt's hotplug rules: memory ≥ 1Gi, both 2Mi-aligned, maxMemory ≥ memory.
          maxMemory: !a.sizing && a.maxMemory && ['1Gi', '1.5Gi', '4Gi', '2048Mi'].includes(a.memory) ? a.maxMemory : undefined,
          instancetype: a.sizing?.instancetype,
          preference: a.sizing?.preference,
          podNetwork: a.pod,
          services,
          osImage,
          sshKeySecret: a.sshKeySecret,
          hostname: a.hostname,
          firmwareUUID: a.firmwareUUID,
          networks,
          disks,
          highAvailability: ha,
          startStrategy,
          cloudInit: a.userData ? { userData: a.userData } : undefined,
        }),
      };
    });
}

/** 1 to 6 valid profiles for one render (they share bridges, VLANs and existing NADs at random). */
export const profilesArbitrary: fc.Arbitrary<Obj[]> = fc.integer({ min: 1, max: 6 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, p) => profileArbitrary(p))));

/** Items that are not profiles and must pass through exactly. */
export const PASS_THROUGH: Obj[] = [
  { apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'pkg', annotations: { 'config.kubernetes.io/local-config': 'true' } } },
  { resources: ['a.yaml'] },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'ns-a' }, data: { mode: 'on', octal: '0644' } },
];
