// Services (seed 004, `virtctl expose`) and instancetypes (seed 000): the objects and the rules.
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profile/validate.js';
import { profile } from '../support/fixtures.js';
import { checkAll, expandAll } from './helpers.js';

const bridge = { name: 'data', type: 'bridge', bridgeName: 'br1', vlanId: 10 };
const errors = (spec: object) => validateProfile(profile('vm1', spec)).issues.filter((i) => i.severity !== 'info').map(({ severity, field, message }) => ({ severity, field, message }));

describe('Service', () => {
  it("is seed 004's `virtctl expose virtualmachine vmi-ephemeral --name vmiservice --port 27017 --target-port 22`", () => {
    const result = expandAll([profile('vmi-ephemeral', { services: [{ name: 'vmiservice', ports: [{ port: 27017, targetPort: 22 }] }] }, { namespace: 'demo' })]);
    // Strict: no key may be present with an undefined value (the YAML would say null).
    expect(result.ofKind('Service')).toStrictEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'vmiservice', namespace: 'demo', labels: { vmprofile: 'vmi-ephemeral', 'app.kubernetes.io/managed-by': 'vmprofile' } },
        spec: { type: 'ClusterIP', selector: { 'kubevirt.io': 'virt-launcher', vmprofile: 'vmi-ephemeral' }, ports: [{ protocol: 'TCP', port: 27017, targetPort: 22 }] },
      },
    ]);
  });

  it("selects only the launcher pod: the VM template carries the profile label, a PVC's importer pod lacks kubevirt.io=virt-launcher", () => {
    const result = expandAll([profile('web', { services: [{ name: 'web', ports: [{ port: 80 }] }] })]);
    const selector = result.ofKind('Service')[0]!['spec']['selector'];
    const launcherLabels = { ...result.vm('web')['spec']['template']['metadata']['labels'], 'kubevirt.io': 'virt-launcher' };
    const importerLabels = { ...result.ofKind('PersistentVolumeClaim')[0]!['metadata']['labels'], app: 'containerized-data-importer' };
    const selects = (labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(selects(launcherLabels)).toBe(true);
    expect(selects(importerLabels)).toBe(false);
  });

  it('writes ports, types and node ports as given, with what the API server would default', () => {
    const services = [
      { name: 'web-ssh', type: 'NodePort', ports: [{ name: 'ssh', port: 2222, targetPort: 22, nodePort: 30022 }] },
      { name: 'web-lb', type: 'LoadBalancer', ports: [{ name: 'http', port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] },
    ];
    const result = expandAll([profile('web', { services })]);
    expect(result.ofKind('Service').map((s) => [s['metadata']['name'], s['spec']['type'], s['spec']['ports']])).toEqual([
      ['web-lb', 'LoadBalancer', [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }, { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 }]],
      ['web-ssh', 'NodePort', [{ name: 'ssh', protocol: 'TCP', port: 2222, targetPort: 22, nodePort: 30022 }]],
    ]);
  });

  it('accepts a named targetPort that podNetwork.ports names', () => {
    const spec = { podNetwork: { ports: [{ name: 'ssh', port: 22 }] }, services: [{ name: 'web', ports: [{ port: 2222, targetPort: 'ssh' }] }] };
    expect(expandAll([profile('web', spec)]).ofKind('Service')[0]!['spec']['ports'][0]['targetPort']).toBe('ssh');
  });

  it.each([
    ['services without a pod network', { networks: [bridge], services: [{ name: 'web', ports: [{ port: 22 }] }] }, 'spec.services', /only through the pod network.*add podNetwork: true/],
    ['a targetPort the pod network does not forward', { podNetwork: { ports: [{ port: 22 }] }, services: [{ name: 'web', ports: [{ port: 80 }] }] }, 'spec.services[0].ports[0].port', /guest port 80\/TCP is not forwarded by the pod network \(spec.podNetwork.ports: 22\/TCP\)/],
    ['a UDP target on a TCP-only forward', { podNetwork: { ports: [{ port: 53 }] }, services: [{ name: 'dns', ports: [{ port: 53, protocol: 'UDP' }] }] }, 'spec.services[0].ports[0].port', /53\/UDP is not forwarded/],
    ['a targetPort name the forwarded ports lack', { podNetwork: { ports: [{ name: 'ssh', port: 22 }] }, services: [{ name: 'web', ports: [{ port: 80, targetPort: 'http' }] }] }, 'spec.services[0].ports[0].targetPort', /"http" names no port of spec.podNetwork.ports/],
    ['a targetPort name the pod network lacks', { services: [{ name: 'web', ports: [{ port: 22, targetPort: 'ssh' }] }] }, 'spec.services[0].ports[0].targetPort', /"ssh" names no port of spec.podNetwork.ports/],
    ['an unnamed port next to a named one', { services: [{ name: 'web', ports: [{ name: 'ssh', port: 22 }, { port: 80 }] }] }, 'spec.services[0].ports[1].name', /required when a Service has more than one port/],
    ['a nodePort on a ClusterIP Service', { services: [{ name: 'web', ports: [{ port: 22, nodePort: 30022 }] }] }, 'spec.services[0].ports[0].nodePort', /only applies to type NodePort or LoadBalancer/],
    ['two Services of one name', { services: [{ name: 'web', ports: [{ port: 22 }] }, { name: 'web', ports: [{ port: 80 }] }] }, 'spec.services[1].name', /already the name of spec.services\[0\]/],
    ['a Service name starting with a digit', { services: [{ name: '1web', ports: [{ port: 22 }] }] }, 'spec.services[0].name', /must start with a letter \(DNS-1035 label\)/],
    ['a port out of range', { services: [{ name: 'web', ports: [{ port: 70000 }] }] }, 'spec.services[0].ports[0].port', /port 70000 is out of range: ports are 1 to 65535/],
    ['two ports of one name', { services: [{ name: 'web', ports: [{ name: 'ssh', port: 22 }, { name: 'ssh', port: 80 }] }] }, 'spec.services[0].ports[1].name', /^"ssh" is already the name of spec.services\[0\].ports\[0\]; names must be unique$/],
    ['one port twice', { services: [{ name: 'web', ports: [{ name: 'a', port: 22 }, { name: 'b', port: 22 }] }] }, 'spec.services[0].ports[1].port', /^22\/TCP is already spec.services\[0\].ports\[0\]; a Service listens on each port once$/],
    ['port 0', { services: [{ name: 'web', ports: [{ port: 0 }] }] }, 'spec.services[0].ports[0].port', /^port 0 is out of range: ports are 1 to 65535$/],
    ['a port that is not a whole number', { services: [{ name: 'web', ports: [{ port: 22.5 }] }] }, 'spec.services[0].ports[0].port', /^port must be a whole number between 1 and 65535; got 22.5$/],
    ['a forwarded port of 16 characters', { podNetwork: { ports: [{ name: 'abcdefghijklmnop', port: 22 }] } }, 'spec.podNetwork.ports[0].name', /^"abcdefghijklmnop" is 16 characters long; port names have at most 15$/],
    ['a forwarded port name in capitals', { podNetwork: { ports: [{ name: 'SSH', port: 22 }] } }, 'spec.podNetwork.ports[0].name', /^"SSH" is not a port name: lowercase letters/],
  ])('refuses %s, at the field', (_, spec, field, message) => {
    const found = errors(spec).filter((i) => i.severity === 'error');
    expect(found, JSON.stringify(found)).toHaveLength(1);
    expect(found[0]).toMatchObject({ field, message: expect.stringMatching(message) });
  });

  it('asks two unnamed ports for names, and says nothing of duplicate names', () => {
    expect(errors({ services: [{ name: 'web', ports: [{ port: 22 }, { port: 80 }] }] }).map((i) => i.field)).toEqual(['spec.services[0].ports[0].name', 'spec.services[0].ports[1].name']);
  });

  it('accepts a port name of 15 characters, the limit', () => {
    expect(errors({ podNetwork: { ports: [{ name: 'abcdefghijklmno', port: 22 }] }, services: [{ name: 'web', ports: [{ port: 22, targetPort: 'abcdefghijklmno' }] }] })).toEqual([]);
  });

  it.each([
    [29999, true],
    [30000, false],
    [32767, false],
    [32768, true],
  ])('node port %i: outside the default range is %s', (nodePort, warned) => {
    const found = errors({ services: [{ name: 'web', type: 'NodePort', ports: [{ port: 22, nodePort }] }] });
    expect(found.filter((i) => i.severity === 'warning').map((i) => i.field)).toEqual(warned ? ['spec.services[0].ports[0].nodePort'] : []);
    expect(found.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('finds a forwarded port by name, number or protocol among several', () => {
    const podNetwork = { ports: [{ port: 8080 }, { name: 'ssh', port: 22 }, { port: 53, protocol: 'UDP' }] };
    const ports = [{ name: 'ssh', port: 2222, targetPort: 'ssh' }, { name: 'http', port: 80, targetPort: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }];
    expect(errors({ podNetwork, services: [{ name: 'web', ports }] })).toEqual([]);
    expect(errors({ podNetwork, services: [{ name: 'web', ports: [{ port: 443 }] }] })).toEqual([
      { severity: 'error', field: 'spec.services[0].ports[0].port', message: 'guest port 443/TCP is not forwarded by the pod network (spec.podNetwork.ports: 8080/TCP, 22/TCP, 53/UDP); add it there or target a forwarded port' },
    ]);
  });

  it('warns about a node port outside the default range', () => {
    expect(errors({ services: [{ name: 'web', type: 'NodePort', ports: [{ port: 22, nodePort: 8022 }] }] })).toEqual([
      { severity: 'warning', field: 'spec.services[0].ports[0].nodePort', message: expect.stringMatching(/outside Kubernetes' default node port range 30000-32767/) },
    ]);
  });

  it('refuses one Service name in two profiles of a namespace, naming both', () => {
    const svc = { services: [{ name: 'shared', ports: [{ port: 22 }] }] };
    const result = checkAll([profile('a', svc, { namespace: 'prod' }), profile('b', svc, { namespace: 'prod' })]);
    expect(result.errors).toMatchObject([{ field: 'spec.services[0]', message: 'generates Service prod/shared, which prod/a spec.services[0] generates too; rename one of them' }]);
    expect(checkAll([profile('a', svc, { namespace: 'prod' }), profile('b', svc, { namespace: 'test' })]).errors).toEqual([]);
  });
});

describe('instancetype and preference', () => {
  const sized = (extra: object = {}) => ({ cpu: undefined, memory: undefined, ...extra });

  it('replace cpu and memory; cluster-scoped kinds are the default and are written out', () => {
    const vm = expandAll([profile('vm1', sized({ instancetype: 'u1.medium', preference: 'fedora' }))]).vm();
    expect(vm['spec']['instancetype']).toEqual({ name: 'u1.medium', kind: 'VirtualMachineClusterInstancetype' });
    expect(vm['spec']['preference']).toEqual({ name: 'fedora', kind: 'VirtualMachineClusterPreference' });
    expect(vm['spec']['template']['spec']['domain']).not.toHaveProperty('cpu');
    expect(vm['spec']['template']['spec']['domain']).not.toHaveProperty('memory');
  });

  it('take a namespaced kind when asked', () => {
    const vm = expandAll([profile('vm1', sized({ instancetype: { name: 'big', kind: 'VirtualMachineInstancetype' }, preference: { name: 'os', kind: 'VirtualMachinePreference' } }))]).vm();
    expect([vm['spec']['instancetype'], vm['spec']['preference']]).toEqual([
      { name: 'big', kind: 'VirtualMachineInstancetype' },
      { name: 'os', kind: 'VirtualMachinePreference' },
    ]);
  });

  it('a preference alone keeps cpu and memory', () => {
    const vm = expandAll([profile('vm1', { preference: 'fedora' })]).vm();
    expect(vm['spec']).not.toHaveProperty('instancetype');
    expect(vm['spec']['template']['spec']['domain']['cpu']).toMatchObject({ sockets: 2 });
  });

  it.each([
    ['cpu', { cpu: 2 }, /conflicts with spec.instancetype \(u1.medium\), which sets the CPUs: KubeVirt rejects a VM that sets both; remove cpu, or remove instancetype/],
    ['memory', { memory: '4Gi' }, /which sets the memory/],
    ['maxCpu', { maxCpu: 8 }, /which decides CPU hotplug/],
    ['maxMemory', { maxMemory: '8Gi' }, /which decides memory hotplug/],
  ])('refuses %s next to an instancetype, with the fix', (field, extra, message) => {
    expect(errors(sized({ instancetype: 'u1.medium', ...extra }))).toEqual([{ severity: 'error', field: `spec.${field}`, message: expect.stringMatching(message) }]);
  });

  it('requires cpu and memory without an instancetype, pointing to it', () => {
    expect(errors(sized())).toEqual([
      { severity: 'error', field: 'spec.cpu', message: 'is required: the number of virtual CPUs, e.g. 2 (or size the VM with spec.instancetype)' },
      { severity: 'error', field: 'spec.memory', message: 'is required: the memory, e.g. "8Gi" (or size the VM with spec.instancetype)' },
    ]);
  });

  it.each([
    [{ instancetype: { name: 'x', kind: 'Instancetype' } }, 'spec.instancetype.kind', 'must be one of "VirtualMachineClusterInstancetype", "VirtualMachineInstancetype"; got the string "Instancetype"'],
    [{ instancetype: { name: 'x', flavour: 'VirtualMachineInstancetype' } }, 'spec.instancetype.flavour', 'unknown field; the fields here are name, kind'],
    [{ instancetype: 3 }, 'spec.instancetype', 'must be a string or a mapping; got 3'],
    [{ instancetype: { name: 3 } }, 'spec.instancetype.name', 'must be a string; got 3'],
    [{ preference: { name: 'fedora', kind: 'VirtualMachineInstancetype' } }, 'spec.preference.kind', 'must be one of "VirtualMachineClusterPreference", "VirtualMachinePreference"; got the string "VirtualMachineInstancetype"'],
  ])('says what is wrong inside either form: %j', (spec, field, message) => {
    expect(errors(sized({ instancetype: 'u1.small', ...spec }))).toEqual([{ severity: 'error', field, message }]);
  });
});
