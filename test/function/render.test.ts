// vmprofile render: files and folders → the manifests to apply, problems as file:line: field: message.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { renderFiles } from '../../src/function/render.js';
import { CONFIG, type Obj, assertAccepted, documents, profile } from '../support/fixtures.js';
import { BIN, EXAMPLES } from '../support/paths.js';

const file = (path: string, ...objects: unknown[]) => ({ path, text: objects.map((o) => stringify(o)).join('---\n') });

function run(args: string[], cwd: string, input?: string) {
  return spawnSync(BIN, ['render', ...args], { cwd, encoding: 'utf8', input, env: { PATH: process.env['PATH'] } });
}

describe('vmprofile render', () => {
  it('renders a folder: generated objects and other manifests, no profiles, config or build files', () => {
    const result = run(['.'], join(EXAMPLES, 'kustomization'));
    expect(result.status).toBe(0);
    const objects = documents(result.stdout);
    expect(objects.map((o) => o['kind']).sort()).toEqual([...Array(6).fill('PersistentVolumeClaim'), ...Array(6).fill('VolumeImportSource'), ...Array(5).fill('NetworkAttachmentDefinition'), 'NodeNetworkConfigurationPolicy', 'Secret', ...Array(4).fill('VirtualMachine')].sort());
    assertAccepted(objects.filter((o) => o['kind'] !== 'Secret'));
    expect(result.stdout).not.toMatch(/internal\.config\.kubernetes\.io|config\.kubernetes\.io\/(path|index|local-config)/);
    // The config in the folder was used: macvtap on eth2, SR-IOV from intel.com/sriov_vfio.
    expect(objects.find((o) => o['metadata']['name'] === 'macvtap-eth2')).toBeDefined();
    expect(run(['.'], join(EXAMPLES, 'kustomization')).stdout).toBe(result.stdout);
  });

  it('reports warnings on stderr as file:line: warning: field: message, and still succeeds', () => {
    const result = run(['profiles/web-server-01.yaml', 'vmprofile.yaml'], join(EXAMPLES, 'kustomization'));
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'profiles/web-server-01.yaml:37: warning: spec.networks[1].vlanId: is not applied: the existing NetworkAttachmentDefinition "business-sriov-nad" defines the network; remove vlanId or clear nadName to have one generated\n',
    );
  });

  it('reports errors as file:line: field: message at the offending line, and prints nothing', () => {
    const text = stringify(profile('web', { networks: [{ name: 'mgmt', type: 'bridge', vlanId: 5000 }], cpu: 'two' }));
    const out = renderFiles([{ path: 'vms/web.yaml', text }, file('cfg.yaml', CONFIG)], {});
    const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      [
        `vms/web.yaml:${lineOf('cpu:')}: spec.cpu: must be a whole number of virtual CPUs; got the string "two"`,
        `vms/web.yaml:${lineOf('vlanId:')}: spec.networks[0].vlanId: VLAN 5000 is out of range: VLAN IDs are 1 to 4094`,
        'vmprofile: 2 errors; nothing was rendered',
        '',
      ].join('\n'),
    );
  });

  it('points at the object when the field is missing, and at the key of an unknown field', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n' + stringify({ apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', metadata: { name: 'x' }, spec: { cpu: 1, memory: '1Gi', gpus: 1 } });
    expect(renderFiles([{ path: 'a.yaml', text }], {}).stderr.split('\n').slice(0, 2)).toEqual([
      'a.yaml:10: warning: spec.disks: the VM has no disks; it can only boot from the network',
      'a.yaml:13: spec.gpus: unknown field; the fields here are cpu, maxCpu, memory, maxMemory, instancetype, preference, osImage, sshKeySecret, hostname, firmwareUUID, podNetwork, networks, disks, services, highAvailability, startStrategy, cloudInit',
    ]);
    const missing = renderFiles([{ path: 'b.yaml', text: '# header\napiVersion: vm.example.com/v1alpha1\nkind: VirtualMachineProfile\nmetadata:\n  name: y\nspec:\n  memory: 1Gi\n' }], {});
    expect(missing.stderr.split('\n')[0]).toBe('b.yaml:6: spec.cpu: is required: the number of virtual CPUs, e.g. 2 (or size the VM with spec.instancetype)');
  });

  it('refuses broken files with their line: bad YAML, non-objects, two configs, a config given twice', () => {
    expect(renderFiles([{ path: 'bad.yaml', text: 'a: 1\nb: [1,\n' }], {}).stderr).toMatch(/^bad\.yaml:\d+: not valid YAML: /);
    expect(renderFiles([{ path: 'list.yaml', text: 'a: 1\n---\n- x\n' }], {}).stderr).toMatch(/^list\.yaml:3: not a Kubernetes object \(expected a mapping\)\n/);
    expect(renderFiles([file('a.yaml', CONFIG, profile())], { configPath: 'other.yaml' }).stderr).toMatch(/given twice/);
  });

  it('keeps comments and quoting of the manifests it passes through', () => {
    const text = '# the service\napiVersion: v1\nkind: Service\nmetadata:\n  name: s # inline\n  annotations:\n    flag: "on"\nspec:\n  ports:\n  - port: 22\n';
    expect(renderFiles([{ path: 's.yaml', text }], {}).stdout).toBe(text);
  });

  it('reads stdin for -, and says so when a path does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-render-'));
    const piped = run(['-'], dir, stringify(profile()));
    expect(piped.status).toBe(0);
    expect(documents(piped.stdout).map((o: Obj) => o['kind'])).toEqual(['VolumeImportSource', 'PersistentVolumeClaim', 'VirtualMachine']);
    const missing = run(['nope/'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('vmprofile render: nope/: no such file or folder\n');
    expect(run([], dir).stderr).toMatch(/^vmprofile: render needs files or folders to read/);
  });

  it('walks folders recursively in a stable order, skipping hidden entries and other files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-render-'));
    cpSync(join(EXAMPLES, 'kustomization'), dir, { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# not yaml: [');
    cpSync(join(dir, 'profiles'), join(dir, '.git'), { recursive: true });
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json' }, data: { k: 'v' } }));
    const result = run(['.'], dir);
    expect(result.status).toBe(0);
    const objects = documents(result.stdout);
    expect(objects.filter((o) => o['kind'] === 'VirtualMachine')).toHaveLength(4);
    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json' }, data: { k: 'v' } });
    expect(result.stdout).not.toMatch(/"apiVersion"/);
  });
});

describe('vmprofile render: what a user sees when something is wrong', () => {
  const PROFILE = `apiVersion: vm.example.com/v1alpha1
kind: VirtualMachineProfile
metadata:
  name: web
spec:
  cpu: 2
  memory: 4Gi
  osImage: registry.example.com/os/fedora:41
  networks:
  - name: mgmt
    type: bridge
  disks:
  - {name: root, size: 20Gi, storageClassName: standard}
`;
  const CONFIG_TEXT = `apiVersion: vm.example.com/v1alpha1
kind: VirtualMachineProfileConfig
metadata:
  name: vmprofile
spec:
  network:
    defaultUplink: eth1
`;
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
  const stderrOf = (...files: { path: string; text: string }[]) => {
    const out = renderFiles(files, {});
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    return out.stderr;
  };

  it('a YAML syntax error: one line with the line and column, no dangling colon', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n b: c\n';
    expect(stderrOf({ path: 'cm.yaml', text })).toBe('cm.yaml:7: not valid YAML: All mapping items must start at the same column (column 1)\nvmprofile: 1 error; nothing was rendered\n');
  });

  it('a misspelt kind or apiVersion of a profile: an error at that line with what was meant, not a silent pass-through', () => {
    const text = [PROFILE.replace('kind: VirtualMachineProfile', 'kind: VirtualMachineprofile'), PROFILE.replace('vm.example.com', 'vm.exmaple.com').replace('web', 'db')].join('---\n');
    expect(stderrOf({ path: 'vms.yaml', text }, { path: 'cfg.yaml', text: CONFIG_TEXT })).toBe(
      [
        'vms.yaml:2: kind: "VirtualMachineprofile" is not a kind of vm.example.com: did you mean "VirtualMachineProfile"? (as written it would pass through unrendered)',
        `vms.yaml:${lineOf(text, 'vm.exmaple.com')}: apiVersion: "vm.exmaple.com/v1alpha1" is not vmprofile's API version; did you mean apiVersion: vm.example.com/v1alpha1? (as written it would pass through unrendered)`,
        'vmprofile: 2 errors; nothing was rendered',
        '',
      ].join('\n'),
    );
  });

  it('ipConfig.mode: DHCP: the one error about the mode, no "address is required for mode: static"', () => {
    const text = PROFILE.replace('    type: bridge\n', '    type: bridge\n    ipConfig: {mode: DHCP}\n');
    expect(stderrOf({ path: 'web.yaml', text }, { path: 'cfg.yaml', text: CONFIG_TEXT })).toBe(
      'web.yaml:12: spec.networks[0].ipConfig.mode: must be one of "static", "dhcp"; got the string "DHCP"\nvmprofile: 1 error; nothing was rendered\n',
    );
  });

  it('a misspelt config setting: that one error at its line, no "no uplink NIC" from the defaults', () => {
    expect(stderrOf({ path: 'web.yaml', text: PROFILE }, { path: 'cfg.yaml', text: CONFIG_TEXT.replace('defaultUplink', 'defaultUplnk') })).toBe(
      'cfg.yaml:7: spec.network.defaultUplnk: unknown field; did you mean "defaultUplink"?\nvmprofile: 1 error; nothing was rendered\n',
    );
  });

  it('problems in the order of the files as given, then of their lines, whichever check found them', () => {
    // A rule's finding (maxCpu below cpu) above a schema's (the VLAN), the config file named last.
    const web = PROFILE.replace('cpu: 2', 'cpu: 4\n  maxCpu: 2').replace('    type: bridge\n', '    type: bridge\n    vlanId: 5000\n');
    expect(stderrOf({ path: 'web.yaml', text: web }, { path: 'cfg.yaml', text: CONFIG_TEXT.replace('eth1', 'eth/1') })).toBe(
      [
        `web.yaml:${lineOf(web, 'maxCpu')}: spec.maxCpu: is 2, below cpu (4); maxCpu is the most CPUs the VM may grow to: raise it or leave it out`,
        `web.yaml:${lineOf(web, 'vlanId')}: spec.networks[0].vlanId: VLAN 5000 is out of range: VLAN IDs are 1 to 4094`,
        'cfg.yaml:7: spec.network.defaultUplink: "eth/1" is not a valid uplink interface name: use letters, digits, ".", "_" and "-", starting with a letter or digit',
        'vmprofile: 3 errors; nothing was rendered',
        '',
      ].join('\n'),
    );
  });

  it('two configs: each extra one at its line, naming the first, so you know which to keep', () => {
    const second = CONFIG_TEXT.replace('name: vmprofile', 'name: lab');
    const text = `${CONFIG_TEXT}---\n${PROFILE}---\n${second}`;
    expect(stderrOf({ path: 'twocfg.yaml', text })).toBe(
      `twocfg.yaml:${lineOf(text, 'name: lab') - 3}: VirtualMachineProfileConfig "lab" is a second function config; the first is "vmprofile" at twocfg.yaml:1: keep one\nvmprofile: 1 error; nothing was rendered\n`,
    );
    expect(stderrOf({ path: 'a.yaml', text: CONFIG_TEXT }, { path: 'b.yaml', text: second })).toBe(
      'b.yaml:1: VirtualMachineProfileConfig "lab" is a second function config; the first is "vmprofile" at a.yaml:1: keep one\nvmprofile: 1 error; nothing was rendered\n',
    );
  });
});
