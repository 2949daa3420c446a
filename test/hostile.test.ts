// Hostile and broken input: each case has one exact, reviewed outcome. test/corpus/ holds the
// files (expected.yaml says what each must produce); the large and generated cases are below.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Obj, generated, profile, render, renderText } from './support/fixtures.js';
import { BIN, ROOT } from './support/paths.js';

const CORPUS = join(ROOT, 'test', 'corpus');
const expected = parse(readFileSync(join(CORPUS, 'expected.yaml'), 'utf8')) as Record<string, Obj>;
const run = (input: string | Buffer, args: string[] = []) => spawnSync(BIN, args, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

describe('hostile input corpus (test/corpus)', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(readdirSync(CORPUS).filter((f) => f !== 'expected.yaml').sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))('%s', (file) => {
    const want = expected[file]!;
    const input = readFileSync(join(CORPUS, file));
    const result = run(input);
    expect(result.status).toBe(want['exitCode']);
    if (want['stderr'] !== undefined) expect(result.stderr).toBe(want['stderr']);
    if (want['stderrMatches'] !== undefined) expect(result.stderr).toMatch(new RegExp(want['stderrMatches']));
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    const output = parse(result.stdout) as Obj;
    expect(output['kind']).toBe('ResourceList');
    if (want['echoesItems']) expect(output['items']).toEqual((parse(input.toString()) as Obj)['items']);
    else expect(output['items']).toEqual([]);
  });
});

describe('limits', () => {
  it('refuses input over 16 MiB with a clear error, without reading it all', () => {
    const result = run(Buffer.alloc(50 * 1024 * 1024, 'a'));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      '[error] the input is larger than 16 MiB, the most vmprofile reads at once (more would risk running out of memory): split the profiles over several kustomizations or packages\nvmprofile: 1 error; nothing was rendered\n',
    );
    expect((parse(result.stdout) as Obj)['items']).toEqual([]);
  });

  it('lowers the limit with a smaller Node.js heap, and says how to raise it', () => {
    const input = Buffer.alloc(4 * 1024 * 1024, 'a');
    const result = spawnSync(BIN, [], { input, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=256' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^\[error\] the input is larger than [\d.]+ MiB, the most vmprofile reads with this Node\.js heap of [\d.]+ MiB \(more would risk running out of memory\); give Node\.js more with NODE_OPTIONS=--max-old-space-size=<MiB>, or split the profiles/);
  });

  it('refuses the same for render, from files or stdin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmprofile-big-'));
    writeFileSync(join(dir, 'big.yaml'), `a: "${'x'.repeat(17 * 1024 * 1024)}"\n`);
    const file = spawnSync(BIN, ['render', dir], { encoding: 'utf8' });
    expect(file.status).toBe(1);
    expect(file.stderr).toMatch(/^vmprofile render: the input is larger than 16 MiB/);
    const stdin = run(Buffer.alloc(17 * 1024 * 1024, 'a'), ['render', '-']);
    expect(stdin.stderr).toMatch(/^vmprofile render: stdin is larger than 16 MiB/);
  });

  it('refuses very deep nesting without a stack trace', () => {
    const result = run(`kind: ResourceList\nitems: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('[error] the input is nested too deeply to be a Kubernetes object\nvmprofile: 1 error; nothing was rendered\n');
  });
});

describe('names at and over every length limit', () => {
  const net = (extra: Obj) => ({ networks: [{ name: 'n', type: 'bridge', ...extra }] });
  const disk = (extra: Obj) => ({ disks: [{ name: 'd', size: '1Gi', storageClassName: 'ssd', blank: true, ...extra }] });
  const CASES: [string, (value: string) => [Obj, Obj], number, string][] = [
    ['metadata.name', (v) => [{}, { name: v }], 63, 'metadata.name'],
    ['metadata.namespace', (v) => [{}, { namespace: v }], 63, 'metadata.namespace'],
    ['a label value', (v) => [{}, { labels: { app: v } }], 63, 'metadata.labels.app'],
    ['a network name', (v) => [net({ name: v }), {}], 63, 'spec.networks[0].name'],
    ['a bridge name', (v) => [net({ bridgeName: v }), {}], 15, 'spec.networks[0].bridgeName'],
    ['an uplink name', (v) => [net({ uplink: v }), {}], 15, 'spec.networks[0].uplink'],
    ['a disk name', (v) => [disk({ name: v }), {}], 63, 'spec.disks[0].name'],
    ['a storage class', (v) => [disk({ storageClassName: v }), {}], 253, 'spec.disks[0].storageClassName'],
    ['an SSH key Secret', (v) => [{ sshKeySecret: v }, {}], 253, 'spec.sshKeySecret'],
    ['a hostname', (v) => [{ hostname: v }, {}], 63, 'spec.hostname'],
    ['an existing NAD', (v) => [net({ nadName: v }), {}], 253, 'spec.networks[0].nadName'],
  ];

  it.each(CASES)('%s of the maximum length renders, one more is an error at the field', (_, build, max, field) => {
    const [spec, metadata] = build('a'.repeat(max));
    const ok = render([profile(metadata['name'] ?? 'vm1', { ...disk({}), ...spec }, metadata)]);
    expect(ok.errors).toEqual([]);
    const [overSpec, overMetadata] = build('a'.repeat(max + 1));
    const over = render([profile(overMetadata['name'] ?? 'vm1', { ...disk({}), ...overSpec }, overMetadata)]);
    expect(over.exitCode).toBe(1);
    expect(over.errors.map((e) => e['field']?.['path'])).toContain(field);
  });

  it('the longest names still give valid generated names (the PVC of a 63-character profile and disk)', () => {
    const long = 'a'.repeat(63);
    const out = render([profile(long, { ...disk({ name: 'b'.repeat(63) }), cloudInit: { userData: '#cloud-config\nruncmd:\n' + '  - echo filler\n'.repeat(200) } })]);
    expect(out.one('PersistentVolumeClaim')['metadata']['name']).toBe(`${long}-${'b'.repeat(63)}`);
    expect(out.one('VolumeImportSource')['metadata']['name']).toBe(`${long}-${'b'.repeat(63)}`);
    expect(out.one('Secret')['metadata']['name']).toBe(`${long}-cloudinit`);
  });
});

describe('injection attempts', () => {
  const HOSTILE = ['"}, {"type": "evil"', '\n---\nkind: Secret', "'; rm -rf / #", '#cloud-config\nruncmd: [reboot]', '${HOME} $(id) `id`', 'line1\nline2: x', '{{ .Values }}', '\u202e\u0000\u2028'];

  it('free-text values are carried verbatim and change no structure', () => {
    const annotations = Object.fromEntries(HOSTILE.map((value, i) => [`example.com/a${i}`, value]));
    const script = `#!/bin/sh\necho "${HOSTILE.join('" "')}"\n`;
    const out = render([
      profile('web', {
        networks: [
          { name: 'mgmt', type: 'bridge', bridgeName: 'br1', vlanId: 7, ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1', dnsServers: ['10.0.0.53'] } },
          { name: 'vf', type: 'sriov' },
          { name: 'tap', type: 'macvlan' },
        ],
        cloudInit: { userData: script },
      }, { annotations }),
    ]);
    expect(out.errors).toEqual([]);
    const vm = out.one('VirtualMachine');
    const own = Object.fromEntries(Object.entries(vm['metadata']['annotations'] as Obj).filter(([key]) => key.startsWith('example.com/')));
    expect(own).toEqual(annotations);
    const noCloud = vm['spec']['template']['spec']['volumes'].find((v: Obj) => v['cloudInitNoCloud'])['cloudInitNoCloud'];
    expect(noCloud['userData'] ?? Buffer.from(out.one('Secret')['data']['userdata'], 'base64').toString()).toBe(script);
    expect(Object.keys(parse(noCloud['networkData'], { version: '1.1' }))).toEqual(['version', 'ethernets']);
    for (const nad of out.ofKind('NetworkAttachmentDefinition')) {
      const config = JSON.parse(nad['spec']['config']);
      expect(Object.keys(config)).toEqual(expect.arrayContaining(['cniVersion', 'name', 'type']));
      expect(['bridge', 'sriov', 'macvtap']).toContain(config['type']);
      expect(Object.values(config).every((value) => typeof value !== 'string' || !/[\n"{}]/.test(value))).toBe(true);
    }
  });

  it('a #cloud-config keeps its own keys and gains only the hostname', () => {
    const own = '#cloud-config\nruncmd:\n  - "echo \'${x}\'"\nwrite_files:\n  - path: /etc/motd\n    content: |\n      ---\n      hostname: not-this\n';
    const out = render([profile('web', { cloudInit: { userData: own } })]);
    const userData = generated(out).find((o) => o['kind'] === 'VirtualMachine')!['spec']['template']['spec']['volumes'][1]['cloudInitNoCloud']['userData'];
    const parsed = parse(userData, { version: '1.1' }) as Obj;
    expect(Object.keys(parsed)).toEqual(['runcmd', 'write_files', 'hostname']);
    expect(parsed['hostname']).toBe('web');
    expect(parsed['write_files'][0]['content']).toBe('---\nhostname: not-this\n');
  });

  it.each<[string, Obj, string]>([
    ['JSON in a bridge name', { networks: [{ name: 'n', type: 'bridge', bridgeName: 'br","x":"1' }] }, 'spec.networks[0].bridgeName'],
    ['a newline in an uplink', { networks: [{ name: 'n', type: 'macvlan', uplink: 'eth0\nx' }] }, 'spec.networks[0].uplink'],
    ['YAML in a DNS server', { networks: [{ name: 'n', type: 'bridge', ipConfig: { mode: 'dhcp', dnsServers: ['1.1.1.1\nroutes: []'] } }] }, 'spec.networks[0].ipConfig.dnsServers[0]'],
    ['YAML in an address', { networks: [{ name: 'n', type: 'bridge', ipConfig: { mode: 'static', address: '10.0.0.5/24\n    dhcp4: true' } }] }, 'spec.networks[0].ipConfig.address'],
    ['a newline in a hostname', { hostname: 'web\nruncmd: [x]' }, 'spec.hostname'],
    ['a quote in an image', { osImage: 'registry.example.com/os:1"' }, 'spec.osImage'],
  ])('%s is refused before it reaches any output', (_, spec, field) => {
    const out = render([profile('web', spec)]);
    expect(out.exitCode).toBe(1);
    expect(out.errors.map((e) => e['field']?.['path'])).toContain(field);
  });

  it('JSON input with hostile keys and values passes through as data', () => {
    const item = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'a: b': '- c', '"q"': '&anchor *alias', '#x': 'yes' } };
    const out = renderText(JSON.stringify({ kind: 'ResourceList', items: [item] }));
    expect(out.exitCode).toBe(0);
    expect(out.items).toEqual([item]);
  });
});
