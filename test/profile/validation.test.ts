// Every validation rule of SPEC §3 (and of the documented extensions), each with a profile that
// passes and one that fails, asserting the field path and that the message says what to do.
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profile/validate.js';
import { type Obj, profile } from '../support/fixtures.js';

function issues(spec: Obj = {}, metadata: Obj = {}, name = 'vm1') {
  return validateProfile(profile(name, spec, metadata)).issues;
}
const errorsOf = (list: ReturnType<typeof issues>) => list.filter((i) => i.severity === 'error');
const warningsOf = (list: ReturnType<typeof issues>) => list.filter((i) => i.severity === 'warning');

interface Rule {
  rule: string;
  valid: Obj;
  invalid: Obj;
  field: string;
  says: RegExp;
  /** The invalid case is a warning, not an error. */
  warning?: boolean;
  metadata?: true;
}

const net = (extra: Obj = {}) => ({ name: 'mgmt', type: 'bridge', ...extra });
const disk = (extra: Obj = {}) => ({ name: 'data', size: '10Gi', storageClassName: 'ssd', ...extra });
const boot = { name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, image: 'registry.example.com/os:1' };

const RULES: Rule[] = [
  { rule: 'name is a DNS-1123 label', metadata: true, valid: { name: 'web-01' }, invalid: { name: 'Web_01' }, field: 'metadata.name', says: /DNS-1123 label/ },
  { rule: 'name is at most 63 characters', metadata: true, valid: { name: 'a'.repeat(63) }, invalid: { name: 'a'.repeat(64) }, field: 'metadata.name', says: /at most 63/ },
  { rule: 'namespace is a DNS-1123 label', metadata: true, valid: { namespace: 'prod' }, invalid: { namespace: 'Prod' }, field: 'metadata.namespace', says: /DNS-1123/ },
  { rule: 'label keys are qualified names', metadata: true, valid: { labels: { 'example.com/tier': 'web' } }, invalid: { labels: { 'bad key': 'web' } }, field: 'metadata.labels["bad key"]', says: /key "bad key"/ },
  { rule: 'KubeVirt\'s reserved labels are refused', metadata: true, valid: { labels: { 'kubevirt.io/l': 'x' } }, invalid: { labels: { 'kubevirt.io/nodeName': 'node-1' } }, field: 'metadata.labels["kubevirt.io/nodeName"]', says: /reserved for KubeVirt itself/ },
  { rule: 'label values are label values', metadata: true, valid: { labels: { app: 'web' } }, invalid: { labels: { app: 'web server' } }, field: 'metadata.labels.app', says: /value "web server"/ },

  { rule: 'cpu is a whole number', valid: { cpu: 4 }, invalid: { cpu: 2.5 }, field: 'spec.cpu', says: /whole number of virtual CPUs/ },
  { rule: 'cpu is above 0', valid: { cpu: 1 }, invalid: { cpu: 0 }, field: 'spec.cpu', says: /at least 1/ },
  { rule: 'maxCpu is not below cpu', valid: { cpu: 2, maxCpu: 2 }, invalid: { cpu: 4, maxCpu: 3 }, field: 'spec.maxCpu', says: /^is 3, below cpu \(4\); maxCpu is the most CPUs the VM may grow to/ },
  { rule: 'maxMemory is not below memory', valid: { memory: '4Gi', maxMemory: '4Gi' }, invalid: { memory: '4Gi', maxMemory: '4094Mi' }, field: 'spec.maxMemory', says: /^4094Mi is below memory \(4Gi\)/ },
  { rule: 'memory hotplug needs 1Gi of memory', valid: { memory: '1Gi', maxMemory: '8Gi' }, invalid: { memory: '1022Mi', maxMemory: '8Gi' }, field: 'spec.memory', says: /at least 1Gi; raise memory to 1Gi or leave maxMemory out/ },
  { rule: 'maxMemory is a multiple of 2Mi', valid: { memory: '2Gi', maxMemory: '8194Mi' }, invalid: { memory: '2Gi', maxMemory: '8193Mi' }, field: 'spec.maxMemory', says: /^8193Mi is not a multiple of 2Mi/ },
  { rule: 'memory is a multiple of 2Mi when maxMemory is set', valid: { memory: '2047Mi' }, invalid: { memory: '2047Mi', maxMemory: '8Gi' }, field: 'spec.memory', says: /^2047Mi is not a multiple of 2Mi, which KubeVirt requires when maxMemory is set/ },
  { rule: 'cpu above 64 is a warning', valid: { cpu: 64 }, invalid: { cpu: 65 }, field: 'spec.cpu', says: /above the recommended 64/, warning: true },
  { rule: 'memory is a quantity', valid: { memory: '8Gi' }, invalid: { memory: '8GB' }, field: 'spec.memory', says: /not a Kubernetes quantity; write it like "8Gi"/ },
  { rule: 'memory is at least 512Mi', valid: { memory: '512Mi' }, invalid: { memory: '511Mi' }, field: 'spec.memory', says: /below the minimum memory of 512Mi/ },
  { rule: 'memory is a string', valid: { memory: '1G' }, invalid: { memory: 8 }, field: 'spec.memory', says: /quantity string such as "512Mi"/ },
  { rule: 'osImage is an image reference or URL', valid: { osImage: 'https://example.com/disk.qcow2', disks: [{ ...boot, image: undefined }] }, invalid: { osImage: 'not an image' }, field: 'spec.osImage', says: /registry image reference/ },
  { rule: 'sshKeySecret is a DNS-1123 subdomain', valid: { sshKeySecret: 'keys.v1' }, invalid: { sshKeySecret: 'My_Keys' }, field: 'spec.sshKeySecret', says: /DNS-1123 subdomain/ },
  { rule: 'hostname (extension) is a DNS-1123 label', valid: { hostname: 'web' }, invalid: { hostname: 'web.example.com' }, field: 'spec.hostname', says: /DNS-1123 label/ },
  { rule: 'firmwareUUID (extension) is a UUID', valid: { firmwareUUID: '5d307ca9-b3ef-428c-8861-06e72d69f223' }, invalid: { firmwareUUID: '1234' }, field: 'spec.firmwareUUID', says: /not a UUID/ },

  { rule: 'more than 8 networks is a warning', valid: { networks: Array.from({ length: 8 }, (_, i) => net({ name: `n${i}`, vlanId: i + 1 })) }, invalid: { networks: Array.from({ length: 9 }, (_, i) => net({ name: `n${i}`, vlanId: i + 1 })) }, field: 'spec.networks', says: /above the recommended 8/, warning: true },
  { rule: 'network names are unique', valid: { networks: [net(), net({ name: 'data', vlanId: 2 })] }, invalid: { networks: [net(), net({ vlanId: 2 })] }, field: 'spec.networks[1].name', says: /already the name of spec.networks\[0\]/ },
  { rule: 'network names are DNS-1123 labels', valid: { networks: [net({ name: 'mgmt-1' })] }, invalid: { networks: [net({ name: 'Mgmt' })] }, field: 'spec.networks[0].name', says: /DNS-1123 label/ },
  { rule: 'network type is known', valid: { networks: [net({ type: 'ovs', vlanId: 5 })] }, invalid: { networks: [net({ type: 'vxlan' })] }, field: 'spec.networks[0].type', says: /one of "bridge", "macvlan", "sriov", "ovs"/ },
  { rule: 'vlanId is at least 1', valid: { networks: [net({ vlanId: 1 })] }, invalid: { networks: [net({ vlanId: 0 })] }, field: 'spec.networks[0].vlanId', says: /1 to 4094/ },
  { rule: 'vlanId is at most 4094', valid: { networks: [net({ vlanId: 4094 })] }, invalid: { networks: [net({ vlanId: 4095 })] }, field: 'spec.networks[0].vlanId', says: /1 to 4094/ },
  { rule: 'vlanId is a number', valid: { networks: [net({ vlanId: 100 })] }, invalid: { networks: [net({ vlanId: '100' })] }, field: 'spec.networks[0].vlanId', says: /whole number/ },
  { rule: 'macvlan cannot carry a VLAN', valid: { networks: [net({ type: 'macvlan' })] }, invalid: { networks: [net({ type: 'macvlan', vlanId: 10 })] }, field: 'spec.networks[0].vlanId', says: /use type: bridge/ },
  { rule: 'bridgeName is at most 15 characters', valid: { networks: [net({ bridgeName: 'b'.repeat(15) })] }, invalid: { networks: [net({ bridgeName: 'b'.repeat(16) })] }, field: 'spec.networks[0].bridgeName', says: /limited to 15/ },
  { rule: 'bridgeName is for bridge and ovs only', valid: { networks: [net({ type: 'ovs', bridgeName: 'br-ovs', vlanId: 5 })] }, invalid: { networks: [net({ type: 'sriov', bridgeName: 'br1' })] }, field: 'spec.networks[0].bridgeName', says: /bridge and ovs networks only/ },
  { rule: 'an ovs network names its VLAN, or the VLANs it trunks (ovs-cni would trunk every VLAN)', valid: { networks: [net({ type: 'ovs', trunk: [{ id: 10 }] })] }, invalid: { networks: [net({ type: 'ovs' })] }, field: 'spec.networks[0].vlanId', says: /without it ovs-cni makes the port a trunk of every VLAN on the bridge; set vlanId .* or trunk: / },
  { rule: 'an ovs network on an existing NAD needs no VLAN', valid: { networks: [net({ type: 'ovs', nadName: 'ovs-lan' })] }, invalid: { networks: [net({ type: 'ovs', nadName: 'ovs-lan', trunk: [{ id: 4 }] })] }, field: 'spec.networks[0].trunk', says: /is not applied: the existing NetworkAttachmentDefinition "ovs-lan"/, warning: true },
  { rule: 'trunk is for ovs only', valid: { networks: [net({ type: 'ovs', trunk: [{ minID: 10, maxID: 20 }] })] }, invalid: { networks: [net({ type: 'bridge', trunk: [{ id: 10 }] })] }, field: 'spec.networks[0].trunk', says: /trunk applies to ovs networks only/ },
  { rule: 'trunk and vlanId exclude each other', valid: { networks: [net({ type: 'ovs', vlanId: 10 })] }, invalid: { networks: [net({ type: 'ovs', vlanId: 10, trunk: [{ id: 11 }] })] }, field: 'spec.networks[0].trunk', says: /contradicts vlanId 10/ },
  { rule: 'a trunk range runs upwards', valid: { networks: [net({ type: 'ovs', trunk: [{ minID: 20, maxID: 20 }] })] }, invalid: { networks: [net({ type: 'ovs', trunk: [{ minID: 20, maxID: 19 }] })] }, field: 'spec.networks[0].trunk[0].maxID', says: /19 is below minID 20/ },
  { rule: 'trunk VLANs are 1-4094', valid: { networks: [net({ type: 'ovs', trunk: [{ id: 4094 }] })] }, invalid: { networks: [net({ type: 'ovs', trunk: [{ id: 4095 }] })] }, field: 'spec.networks[0].trunk[0].id', says: /VLAN 4095 is out of range/ },
  { rule: 'a trunk entry is one VLAN or a range', valid: { networks: [net({ type: 'ovs', trunk: [{ id: 1 }] })] }, invalid: { networks: [net({ type: 'ovs', trunk: [{ id: 1, maxID: 3 }] })] }, field: 'spec.networks[0].trunk[0]', says: /must be \{id: N\} for one VLAN or \{minID: A, maxID: B\} for a range/ },
  { rule: 'a trunk lists a VLAN', valid: { networks: [net({ type: 'ovs', trunk: [{ id: 1 }] })] }, invalid: { networks: [net({ type: 'ovs', trunk: [] })] }, field: 'spec.networks[0].trunk', says: /at least one VLAN/ },
  { rule: 'hostLocal is for node bridges only', valid: { networks: [net({ hostLocal: true })] }, invalid: { networks: [net({ type: 'macvlan', hostLocal: true })] }, field: 'spec.networks[0].hostLocal', says: /bridge and ovs networks only/ },
  { rule: 'hostLocal contradicts an uplink', valid: { networks: [net({ hostLocal: false, uplink: 'eth3' })] }, invalid: { networks: [net({ hostLocal: true, uplink: 'eth3' })] }, field: 'spec.networks[0].hostLocal', says: /contradicts uplink eth3/ },
  { rule: 'nadName is a NAD reference', valid: { networks: [net({ nadName: 'other-ns/mgmt-nad' })] }, invalid: { networks: [net({ nadName: 'Mgmt_NAD' })] }, field: 'spec.networks[0].nadName', says: /"name" or "namespace\/name"/ },
  { rule: 'vlanId with an existing NAD is a warning', valid: { networks: [net({ nadName: '' , vlanId: 5})] }, invalid: { networks: [net({ nadName: 'mgmt-nad', vlanId: 5 })] }, field: 'spec.networks[0].vlanId', says: /existing NetworkAttachmentDefinition "mgmt-nad"/, warning: true },
  { rule: 'macAddress (extension) is unicast', valid: { networks: [net({ macAddress: '02:aa:bb:cc:dd:ee' })] }, invalid: { networks: [net({ macAddress: '03:aa:bb:cc:dd:ee' })] }, field: 'spec.networks[0].macAddress', says: /multicast/ },
  { rule: 'macAddress is not the masquerade MAC', valid: { networks: [net({ macAddress: '02:00:00:00:00:01' })] }, invalid: { networks: [net({ macAddress: '02:00:00:00:00:00' })] }, field: 'spec.networks[0].macAddress', says: /reserved by KubeVirt/ },
  { rule: 'uplink (extension) is not for SR-IOV', valid: { networks: [net({ uplink: 'eth3' })] }, invalid: { networks: [net({ type: 'sriov', uplink: 'eth3' })] }, field: 'spec.networks[0].uplink', says: /device plugin/ },

  { rule: 'ipConfig mode is static or dhcp', valid: { networks: [net({ ipConfig: { mode: 'dhcp' } })] }, invalid: { networks: [net({ ipConfig: { mode: 'auto' } })] }, field: 'spec.networks[0].ipConfig.mode', says: /"static", "dhcp"/ },
  { rule: 'static needs an address', valid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.5/24' } })] }, invalid: { networks: [net({ ipConfig: { mode: 'static' } })] }, field: 'spec.networks[0].ipConfig.address', says: /required for mode: static/ },
  { rule: 'address is in CIDR form', valid: { networks: [net({ ipConfig: { mode: 'static', address: 'fd00::5/64' } })] }, invalid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.5' } })] }, field: 'spec.networks[0].ipConfig.address', says: /CIDR form/ },
  { rule: 'address is a host address', valid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.1/24' } })] }, invalid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.0/24' } })] }, field: 'spec.networks[0].ipConfig.address', says: /network or broadcast address/ },
  { rule: 'gateway is inside the subnet', valid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' } })] }, invalid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.1.1' } })] }, field: 'spec.networks[0].ipConfig.gateway', says: /outside the subnet/ },
  { rule: 'gateway has the address family', valid: { networks: [net({ ipConfig: { mode: 'static', address: 'fd00::5/64', gateway: 'fd00::1' } })] }, invalid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: 'fd00::1' } })] }, field: 'spec.networks[0].ipConfig.gateway', says: /IPv6 but the address/ },
  { rule: 'gateway is not the own address', valid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.254' } })] }, invalid: { networks: [net({ ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.5' } })] }, field: 'spec.networks[0].ipConfig.gateway', says: /own address/ },
  { rule: 'dnsServers are IP addresses', valid: { networks: [net({ ipConfig: { mode: 'dhcp', dnsServers: ['1.1.1.1', '2606:4700::1111'] } })] }, invalid: { networks: [net({ ipConfig: { mode: 'dhcp', dnsServers: ['dns.google'] } })] }, field: 'spec.networks[0].ipConfig.dnsServers[0]', says: /not an IPv4 or IPv6 address/ },
  { rule: 'dhcp takes no address', valid: { networks: [net({ ipConfig: { mode: 'dhcp' } })] }, invalid: { networks: [net({ ipConfig: { mode: 'dhcp', address: '10.0.0.5/24' } })] }, field: 'spec.networks[0].ipConfig.address', says: /mode is dhcp/ },

  { rule: 'more than 16 disks is a warning', valid: { disks: [boot, ...Array.from({ length: 15 }, (_, i) => disk({ name: `d${i}` }))] }, invalid: { disks: [boot, ...Array.from({ length: 16 }, (_, i) => disk({ name: `d${i}` }))] }, field: 'spec.disks', says: /above the recommended 16/, warning: true },
  { rule: 'disk names are unique', valid: { disks: [boot, disk()] }, invalid: { disks: [boot, disk(), disk()] }, field: 'spec.disks[2].name', says: /already the name of spec.disks\[1\]/ },
  { rule: 'disk names are DNS-1123 labels', valid: { disks: [boot, disk({ name: 'logs-1' })] }, invalid: { disks: [boot, disk({ name: 'Logs' })] }, field: 'spec.disks[1].name', says: /DNS-1123 label/ },
  { rule: 'cloudinitdisk is reserved', valid: { disks: [boot, disk({ name: 'cloudinit' })] }, invalid: { disks: [boot, disk({ name: 'cloudinitdisk' })] }, field: 'spec.disks[1].name', says: /reserved/ },
  { rule: 'disk size is at least 1Gi', valid: { disks: [boot, disk({ size: '1Gi' })] }, invalid: { disks: [boot, disk({ size: '1023Mi' })] }, field: 'spec.disks[1].size', says: /below the minimum disk size of 1Gi/ },
  { rule: 'storageClassName is required', valid: { disks: [boot, disk()] }, invalid: { disks: [boot, { name: 'data', size: '10Gi' }] }, field: 'spec.disks[1].storageClassName', says: /is required/ },
  { rule: 'at most one boot disk', valid: { disks: [boot, disk()] }, invalid: { disks: [boot, disk({ boot: true })] }, field: 'spec.disks[1].boot', says: /at most one disk may set boot: true/ },
  { rule: 'accessMode (extension) is a Kubernetes access mode', valid: { disks: [{ ...boot, accessMode: 'ReadWriteMany' }] }, invalid: { disks: [{ ...boot, accessMode: 'RWX' }] }, field: 'spec.disks[0].accessMode', says: /"ReadWriteOnce"/ },
  { rule: 'osImage needs a disk', valid: { osImage: 'registry.example.com/os:1' }, invalid: { osImage: 'registry.example.com/os:1', disks: [] }, field: 'spec.osImage', says: /no disk to put the image on/ },
  { rule: 'boot disk image and osImage agree', valid: { osImage: 'registry.example.com/os:1' }, invalid: { osImage: 'registry.example.com/os:2' }, field: 'spec.disks[0].image', says: /differs from spec.osImage/ },
  { rule: 'a boot disk without any image is an error unless it is blank on purpose', valid: { disks: [{ ...boot, image: undefined, blank: true }] }, invalid: { disks: [{ ...boot, image: undefined }] }, field: 'spec.disks[0]', says: /would start from an empty disk; set spec.osImage, or image, dataSource, clone or claimName on this disk, or blank: true/ },
  { rule: 'a boot disk takes spec.osImage', valid: { osImage: 'registry.example.com/os:1', disks: [{ ...boot, image: undefined }] }, invalid: { osImage: 'registry.example.com/os:1', disks: [{ ...boot, image: undefined, blank: true }] }, field: 'spec.disks[0].blank', says: /contradicts spec.osImage \(registry.example.com\/os:1\), which the boot disk takes/ },
  { rule: 'a disk is imported or blank', valid: { disks: [boot, disk({ blank: true })] }, invalid: { disks: [boot, disk({ blank: true, image: 'registry.example.com/data:1' })] }, field: 'spec.disks[1].blank', says: /contradicts image registry.example.com\/data:1/ },

  { rule: 'restartPolicy is Always, OnFailure or Never', valid: { highAvailability: { restartPolicy: 'OnFailure' } }, invalid: { highAvailability: { restartPolicy: 'Sometimes' } }, field: 'spec.highAvailability.restartPolicy', says: /"Always", "OnFailure", "Never"/ },
  { rule: 'nodeSelector keys are label keys', valid: { highAvailability: { nodeSelector: { 'node-role.kubernetes.io/worker': '' } } }, invalid: { highAvailability: { nodeSelector: { '-bad': 'x' } } }, field: 'spec.highAvailability.nodeSelector["-bad"]', says: /key "-bad"/ },
  { rule: 'toleration operator is Exists or Equal', valid: { highAvailability: { tolerations: [{ key: 'k', operator: 'Exists' }] } }, invalid: { highAvailability: { tolerations: [{ key: 'k', operator: 'In' }] } }, field: 'spec.highAvailability.tolerations[0].operator', says: /"Exists", "Equal"/ },
  { rule: 'toleration with Exists has no value', valid: { highAvailability: { tolerations: [{ key: 'k', operator: 'Equal', value: 'v' }] } }, invalid: { highAvailability: { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] } }, field: 'spec.highAvailability.tolerations[0].value', says: /empty when operator is Exists/ },
  { rule: 'tolerationSeconds only with NoExecute', valid: { highAvailability: { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] } }, invalid: { highAvailability: { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] } }, field: 'spec.highAvailability.tolerations[0].tolerationSeconds', says: /NoExecute/ },
  { rule: 'antiAffinityGroup (extension) needs antiAffinity', valid: { highAvailability: { antiAffinity: true, antiAffinityGroup: 'web' } }, invalid: { highAvailability: { antiAffinityGroup: 'web' } }, field: 'spec.highAvailability.antiAffinityGroup', says: /antiAffinity: true/ },

  { rule: 'runStrategy is a KubeVirt run strategy', valid: { startStrategy: { runStrategy: 'Once' } }, invalid: { startStrategy: { runStrategy: 'Running' } }, field: 'spec.startStrategy.runStrategy', says: /"Always", "RerunOnFailure", "Manual", "Halted", "Once"/ },
  { rule: 'autoStart is a boolean', valid: { startStrategy: { autoStart: false } }, invalid: { startStrategy: { autoStart: 'yes' } }, field: 'spec.startStrategy.autoStart', says: /true or false; got the string "yes"/ },
  { rule: 'autoStart: true contradicts Manual', valid: { startStrategy: { runStrategy: 'Manual' } }, invalid: { startStrategy: { runStrategy: 'Manual', autoStart: true } }, field: 'spec.startStrategy.autoStart', says: /use runStrategy: RerunOnFailure/ },
  { rule: 'autoStart: false contradicts Always', valid: { startStrategy: { runStrategy: 'Halted', autoStart: false } }, invalid: { startStrategy: { runStrategy: 'Always', autoStart: false } }, field: 'spec.startStrategy.autoStart', says: /Halted or Manual/ },
  { rule: 'restartPolicy Never contradicts runStrategy Always', valid: { highAvailability: { restartPolicy: 'Never' }, startStrategy: { runStrategy: 'Once' } }, invalid: { highAvailability: { restartPolicy: 'Never' }, startStrategy: { runStrategy: 'Always' } }, field: 'spec.highAvailability.restartPolicy', says: /use runStrategy: Once/ },

  { rule: 'unknown spec fields are errors, with a suggestion', valid: { networks: [net({ vlanId: 3 })] }, invalid: { networks: [net({ vlanid: 3 })] }, field: 'spec.networks[0].vlanid', says: /unknown field; did you mean "vlanId"\?/ },
  { rule: 'unknown top-level spec fields list the fields', valid: {}, invalid: { gpus: 1 }, field: 'spec.gpus', says: /unknown field; the fields here are cpu, maxCpu, memory, maxMemory/ },
];

describe('profile validation', () => {
  it('accepts the seed profile shape with no errors', () => {
    expect(errorsOf(issues())).toEqual([]);
  });

  for (const rule of RULES) {
    describe(rule.rule, () => {
      const run = (patch: Obj) => (rule.metadata ? issues({}, patch, patch['name'] ?? 'vm1') : issues(patch));
      it('passes', () => {
        const found = run(rule.valid);
        expect(errorsOf(found)).toEqual([]);
        expect(found.filter((i) => i.field === rule.field)).toEqual([]);
      });
      it(`fails at ${rule.field}`, () => {
        const found = run(rule.invalid);
        const at = found.filter((i) => i.field === rule.field);
        expect(at, JSON.stringify(found, null, 1)).toHaveLength(1);
        expect(at[0]!.severity).toBe(rule.warning ? 'warning' : 'error');
        expect(at[0]!.message).toMatch(rule.says);
        if (rule.warning) expect(errorsOf(found)).toEqual([]);
      });
    });
  }

  it('requires metadata.name, cpu and memory, naming each field', () => {
    const result = validateProfile({ apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', metadata: {}, spec: {} });
    expect(result.profile).toBeUndefined();
    expect(result.issues.map((i) => [i.field, i.message])).toEqual([
      ['metadata.name', 'is required'],
      ['spec.cpu', 'is required: the number of virtual CPUs, e.g. 2 (or size the VM with spec.instancetype)'],
      ['spec.memory', 'is required: the memory, e.g. "8Gi" (or size the VM with spec.instancetype)'],
    ]);
  });

  it('rejects an unknown apiVersion of the group', () => {
    const result = validateProfile({ ...profile(), apiVersion: 'vm.example.com/v2' });
    expect(result.issues).toEqual([{ severity: 'error', field: 'apiVersion', message: 'must be "vm.example.com/v1alpha1"; got the string "vm.example.com/v2"' }]);
  });

  it('defaults networks and disks to empty lists and autoStart to starting the VM', () => {
    const result = validateProfile(profile('vm1', { disks: undefined }));
    expect(result.profile?.spec.networks).toEqual([]);
    expect(result.profile?.spec.disks).toEqual([]);
    expect(warningsOf(result.issues).map((i) => i.field)).toEqual(['spec.disks']);
  });
});

describe('reporting', () => {
  it('reports cross-field problems together with field problems, so one round shows everything', () => {
    const result = validateProfile(
      profile('vm1', {
        networks: [{ name: 'storage', type: 'macvlan', vlanId: 30 }],
        disks: [{ name: 'system', size: '512Mi', storageClassName: 'standard' }],
        startStrategy: { runStrategy: 'Manual', autoStart: true },
      }),
    );
    expect(result.profile).toBeUndefined();
    expect(result.issues.map((i) => i.field)).toEqual(['spec.disks[0].size', 'spec.networks[0].vlanId', 'spec.disks[0]', 'spec.startStrategy.autoStart']);
  });

  it('does not judge an object by a value outside its choices: mode DHCP is not read as static', () => {
    const result = validateProfile(profile('vm1', { networks: [{ name: 'n', type: 'bridge', ipConfig: { mode: 'DHCP' } }] }));
    expect(result.issues).toEqual([{ severity: 'error', field: 'spec.networks[0].ipConfig.mode', message: 'must be one of "static", "dhcp"; got the string "DHCP"' }]);
    // An unknown network type: no type-specific rules on that network, the other networks still judged.
    const mixed = validateProfile(profile('vm1', { networks: [{ name: 'a', type: 'vxlan', vlanId: 30 }, { name: 'b', type: 'macvlan', vlanId: 40 }] }));
    expect(mixed.issues.map((i) => i.field)).toEqual(['spec.networks[0].type', 'spec.networks[1].vlanId']);
  });

  it('does not run cross-field rules on a profile of the wrong shape', () => {
    const result = validateProfile(profile('vm1', { networks: 'mgmt', startStrategy: { runStrategy: 'Manual', autoStart: true } }));
    expect(result.issues.map((i) => i.field)).toEqual(['spec.networks']);
  });
});
