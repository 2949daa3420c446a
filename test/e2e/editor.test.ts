// The editor story with the real yaml-language-server over LSP: `vmprofile schema` associated by the
// editor's file glob (yaml.schemas) or by a modeline, on files as people keep them: several profiles,
// the function config and other objects in one file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Diagnostic, YamlLanguageServer } from '../support/lsp.js';
import { BIN } from '../support/paths.js';

let server: YamlLanguageServer;
let dir: string;
let schemaFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vmprofile-editor-'));
  mkdirSync(join(dir, 'vms'));
  schemaFile = join(dir, 'vmprofile.schema.json');
  const printed = spawnSync(BIN, ['schema'], { encoding: 'utf8' });
  expect(printed.status, printed.stderr).toBe(0);
  writeFileSync(schemaFile, printed.stdout);
  server = await YamlLanguageServer.start();
  // As in VS Code's settings.json: "yaml.schemas": {"<schema>": "vms/*.yaml"}.
  await server.configure({ schemas: { [pathToFileURL(schemaFile).href]: 'vms/*.yaml' } });
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const profile = (name: string, more = '') => `apiVersion: vm.example.com/v1alpha1
kind: VirtualMachineProfile
metadata:
  name: ${name}
spec:
  cpu: 2
  memory: 4Gi
  osImage: registry.example.com/os/fedora:41
  networks:
    - name: lan
      type: bridge
      vlanId: 100
${more}`;

const CONFIG = `apiVersion: vm.example.com/v1alpha1
kind: VirtualMachineProfileConfig
metadata:
  name: vmprofile
  annotations:
    config.kubernetes.io/local-config: "true"
spec:
  clusterName: edge-1
  network:
    defaultUplink: eth1
    uplinks: {br-data: eth2}
  storage: {mode: PersistentVolumeClaims}
`;

/** Diagnostics as "line: message" (1-based lines), in the order of the text, as editors list them. */
async function check(file: string, text: string): Promise<string[]> {
  const diagnostics: Diagnostic[] = await server.diagnostics(join(dir, file), text);
  return diagnostics
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

/** The 1-based line of the nth (from 1) line of text containing needle. */
function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  const index = lines.findIndex((line) => line.includes(needle) && ++seen === nth);
  if (index < 0) throw new Error(`no line ${nth} with ${needle}`);
  return index + 1;
}

describe('yaml-language-server with vmprofile schema, associated by the editor\'s file glob', () => {
  it('reports nothing on a valid profile', async () => {
    expect(await check('vms/web.yaml', profile('web'))).toEqual([]);
  });

  it('checks each document of a file by its kind: errors where planted in the second profile, none on the config', async () => {
    const text = `${profile('web')}---\n${profile('Web_2', '  disks:\n    - {name: root, size: 20GB, storageClassName: standard}\n')}---\n${CONFIG}`;
    expect(await check('vms/all.yaml', text)).toEqual([
      `${lineOf(text, 'name: Web_2')}: Not a valid profile name: use lowercase letters, digits and "-", starting and ending with a letter or digit (a DNS-1123 label).`,
      `${lineOf(text, 'size: 20GB')}: Not a Kubernetes quantity: write the disk size like "8Gi" or "512Mi".`,
    ]);
  });

  it('checks the function config as a config: a misspelt setting, a bad interface name', async () => {
    const text = `${profile('web')}---\n${CONFIG.replace('defaultUplink: eth1', 'defaultUplnk: eth1').replace('br-data: eth2', 'br-data: eth/2')}`;
    expect(await check('vms/cluster.yaml', text)).toEqual([
      `${lineOf(text, 'defaultUplnk')}: Property defaultUplnk is not allowed.`,
      `${lineOf(text, 'eth/2')}: Not a valid uplink interface name: use letters, digits, ".", "_" and "-", starting with a letter or digit (a Linux interface name).`,
    ]);
  });

  it('says what is wrong in words: VLAN range, MAC, address, image, misspelt kind', async () => {
    const text = [
      profile('web', '      macAddress: 02:00:00\n      ipConfig: {mode: static, address: 10.0.0.5/24, gateway: router}\n').replace('vlanId: 100', 'vlanId: 5000').replace('os/fedora:41', 'os fedora'),
      profile('db').replace('kind: VirtualMachineProfile', 'kind: VirtualMachineProfiles'),
    ].join('---\n');
    expect(await check('vms/words.yaml', text)).toEqual([
      `${lineOf(text, 'os fedora')}: Neither a registry image reference (registry.example.com/os:tag) nor an http(s)://, docker:// or oci-archive:// URL.`,
      `${lineOf(text, 'vlanId: 5000')}: Value is above the maximum of 4094.`,
      `${lineOf(text, 'macAddress')}: Not a MAC address: write six hexadecimal octets separated by ":", e.g. "02:5a:1b:00:00:01".`,
      `${lineOf(text, 'gateway: router')}: Not an IPv4 or IPv6 address, such as 192.168.100.1 or fd00::1.`,
      `${lineOf(text, 'kind: VirtualMachineProfiles')}: vmprofile's kinds are VirtualMachineProfile and VirtualMachineProfileConfig.`,
    ]);
  });

  it('leaves other objects in the same file alone', async () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: Keys_Of_Web\nstringData:\n  cpu: many\n';
    const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [web.yaml]\n';
    expect(await check('vms/mixed.yaml', [profile('web'), secret, kustomization].join('---\n'))).toEqual([]);
  });

  it('checks nothing outside the glob without a modeline', async () => {
    expect(await check('elsewhere.yaml', profile('Web_1'))).toEqual([]);
  });
});

describe('yaml-language-server with vmprofile schema, associated by a modeline', () => {
  // As the README writes it: relative to the file, which sits beside the schema.
  const modeline = () => '# yaml-language-server: $schema=./vmprofile.schema.json\n';

  it('checks every document that carries the modeline, and the config in the same file as a config', async () => {
    const text = [modeline() + profile('Web_1'), modeline() + profile('web-2').replace('cpu: 2', 'cpu: two'), modeline() + CONFIG].join('---\n');
    expect(await check('modeline.yaml', text)).toEqual([
      `${lineOf(text, 'name: Web_1')}: Not a valid profile name: use lowercase letters, digits and "-", starting and ending with a letter or digit (a DNS-1123 label).`,
      `${lineOf(text, 'cpu: two')}: Incorrect type. Expected "integer".`,
    ]);
  });

  it('applies a modeline to its own document only (why the README puts one after each ---)', async () => {
    const text = [modeline() + profile('Web_1'), profile('Web_2')].join('---\n');
    expect(await check('top-only.yaml', text)).toEqual([
      `${lineOf(text, 'name: Web_1')}: Not a valid profile name: use lowercase letters, digits and "-", starting and ending with a letter or digit (a DNS-1123 label).`,
    ]);
  });
});
