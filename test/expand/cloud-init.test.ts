// Cloud-init user data and network data (SPEC §5.1), read back as cloud-init reads them (YAML 1.1).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateProfile } from '../../src/profile/validate.js';
import { profile } from '../support/fixtures.js';
import { expandAll } from './helpers.js';

const source = (result: ReturnType<typeof expandAll>, name = 'vm1') =>
  result.vm(name).spec.template.spec.volumes.find((v: any) => v.name === 'cloudinitdisk').cloudInitNoCloud;
const asCloudInit = (text: string) => parse(text, { version: '1.1' });

describe('cloud-init', () => {
  it('network data: v2 without a top-level network key, matched by lowercase MAC, named eth<i>', () => {
    const result = expandAll([
      profile('vm1', {
        networks: [
          { name: 'mgmt', type: 'bridge', bridgeName: 'br-data', macAddress: '02:00:00:00:00:10', ipConfig: { mode: 'static', address: '192.168.100.10/24', gateway: '192.168.100.1', dnsServers: ['8.8.8.8'] } },
          { name: 'biz', type: 'bridge', bridgeName: 'br-data', vlanId: 200, macAddress: '02:AA:BB:CC:DD:01', ipConfig: { mode: 'dhcp' } },
          { name: 'l2', type: 'bridge', bridgeName: 'br-data', vlanId: 300 },
        ],
      }),
    ]);
    const text: string = source(result).networkData;
    const macs = result.vm().spec.template.spec.domain.devices.interfaces.map((i: any) => i.macAddress);
    // Quoted, as cloud-init's docs ask; an all-digit MAC would otherwise be a base-60 number in YAML 1.1.
    expect(text).toContain('macaddress: "02:00:00:00:00:10"');
    expect(text).toContain('macaddress: "02:aa:bb:cc:dd:01"');
    expect(asCloudInit(text)).toEqual({
      version: 2,
      ethernets: {
        mgmt: {
          match: { macaddress: '02:00:00:00:00:10' },
          'set-name': 'eth0',
          addresses: ['192.168.100.10/24'],
          gateway4: '192.168.100.1',
          nameservers: { addresses: ['8.8.8.8'] },
        },
        // The default route goes through mgmt's gateway; biz's DHCP server must not add another.
        biz: { match: { macaddress: '02:aa:bb:cc:dd:01' }, 'set-name': 'eth1', dhcp4: true, 'dhcp4-overrides': { 'use-routes': false } },
        l2: { match: { macaddress: macs[2] }, 'set-name': 'eth2' },
      },
    });
    expect(text).not.toMatch(/^network:/m);
  });

  it('network data: one default gateway per family, IPv6 as gateway6 (cloud-init < 23.1 breaks ::/0)', () => {
    const text = source(
      expandAll([
        profile('vm1', {
          networks: [
            { name: 'a', type: 'bridge', bridgeName: 'br-data', vlanId: 1, ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' } },
            { name: 'b', type: 'bridge', bridgeName: 'br-data', vlanId: 2, ipConfig: { mode: 'static', address: 'fd00::5/64', gateway: 'fd00::1' } },
          ],
        }),
      ]),
    ).networkData;
    const { ethernets } = asCloudInit(text);
    expect(ethernets.a).toMatchObject({ gateway4: '10.0.0.1' });
    expect(ethernets.b).toMatchObject({ gateway6: 'fd00::1' });
    expect(text).not.toMatch(/routes|metric/);
  });

  it('network data: without a static gateway the first DHCP network keeps its default route', () => {
    const { ethernets } = asCloudInit(
      source(
        expandAll([
          profile('vm1', {
            networks: [
              { name: 'a', type: 'bridge', bridgeName: 'br-data', vlanId: 1, ipConfig: { mode: 'static', address: '10.0.0.5/24' } },
              { name: 'b', type: 'bridge', bridgeName: 'br-data', vlanId: 2, ipConfig: { mode: 'dhcp' } },
              { name: 'c', type: 'bridge', bridgeName: 'br-data', vlanId: 3, ipConfig: { mode: 'dhcp' } },
              { name: 'd', type: 'bridge', bridgeName: 'br-data', vlanId: 4, ipConfig: { mode: 'static', address: 'fd00::5/64', gateway: 'fd00::1' } },
            ],
          }),
        ]),
      ).networkData,
    );
    expect(ethernets.b).not.toHaveProperty('dhcp4-overrides');
    expect(ethernets.c['dhcp4-overrides']).toEqual({ 'use-routes': false });
    // An IPv6 gateway does not take the IPv4 default route from DHCP.
    expect(ethernets.d).toMatchObject({ gateway6: 'fd00::1' });
  });

  it('user data: #cloud-config with the hostname', () => {
    expect(source(expandAll([profile('web-01')]), 'web-01').userData).toBe('#cloud-config\nhostname: web-01\n');
    expect(source(expandAll([profile('vm1', { hostname: 'db' })])).userData).toBe('#cloud-config\nhostname: db\n');
  });

  it('user data: a hostname that YAML 1.1 reads as a boolean stays a string', () => {
    const text = source(expandAll([profile('yes')]), 'yes').userData;
    expect(asCloudInit(text.replace('#cloud-config\n', ''))).toEqual({ hostname: 'yes' });
  });

  it('user data: the profile\'s own #cloud-config is kept, comments too, and gets the hostname', () => {
    const own = '#cloud-config\n# keep me\npackages:\n  - nginx\n';
    const text: string = source(expandAll([profile('vm1', { cloudInit: { userData: own } })])).userData;
    expect(text).toBe('#cloud-config\n# keep me\npackages:\n  - nginx\nhostname: vm1\n');
    const withHost = '#cloud-config\nhostname: custom\n';
    expect(source(expandAll([profile('vm1', { cloudInit: { userData: withHost } })])).userData).toBe(withHost);
    const script = '#!/bin/sh\necho hi\n';
    expect(source(expandAll([profile('vm1', { cloudInit: { userData: script } })])).userData).toBe(script);
  });

  it('user data: a #cloud-config that is not a mapping is an error', () => {
    const result = validateProfile(profile('vm1', { cloudInit: { userData: '#cloud-config\n- a\n' } }));
    expect(result.issues).toMatchObject([{ field: 'spec.cloudInit.userData', message: expect.stringMatching(/must be a mapping/) }]);
  });

  it('moves data over 2048 bytes into a Secret referenced by secretRef / networkDataSecretRef', () => {
    const big = '#cloud-config\nwrite_files:\n' + Array.from({ length: 80 }, (_, i) => `  - path: /etc/motd.d/${i}\n    content: hello\n`).join('');
    const networks = Array.from({ length: 16 }, (_, i) => ({ name: `n${i}`, type: 'bridge', bridgeName: 'br-data', vlanId: i + 1, ipConfig: { mode: 'static', address: `10.${i}.0.5/24`, ...(i === 0 ? { gateway: '10.0.0.1' } : {}), dnsServers: ['10.0.0.53', '10.0.0.54'] } }));
    const result = expandAll([profile('vm1', { cloudInit: { userData: big }, networks })]);
    const noCloud = source(result);
    expect(noCloud).toEqual({ secretRef: { name: 'vm1-cloudinit' }, networkDataSecretRef: { name: 'vm1-cloudinit' } });
    const [secret] = result.ofKind('Secret');
    expect(secret!.metadata).toEqual({ name: 'vm1-cloudinit', labels: { vmprofile: 'vm1', 'app.kubernetes.io/managed-by': 'vmprofile' } });
    expect(secret!.type).toBe('Opaque');
    const userdata = Buffer.from(secret!.data.userdata, 'base64').toString();
    expect(userdata.startsWith('#cloud-config\nwrite_files:')).toBe(true);
    expect(Buffer.byteLength(userdata)).toBeGreaterThan(2048);
    expect(asCloudInit(Buffer.from(secret!.data.networkdata, 'base64').toString()).ethernets.n15['set-name']).toBe('eth15');
  });

  it('user data at the profile limit still fits a Secret (1 MiB) after the hostname is added', () => {
    const header = '#cloud-config\nbootcmd:\n  - echo ';
    const userData = `${header}${'x'.repeat(1024 * 1024 - 4096 - Buffer.byteLength(header) - 1)}\n`;
    expect(validateProfile(profile('vm1', { cloudInit: { userData } })).issues).toEqual([]);
    const [secret] = expandAll([profile('vm1', { cloudInit: { userData } })]).ofKind('Secret');
    const stored = Buffer.from(secret!.data.userdata, 'base64');
    expect(stored.toString()).toBe(`${userData}hostname: vm1\n`);
    expect(stored.length).toBeLessThanOrEqual(1024 * 1024);
  });

  it('keeps network data of exactly 2048 bytes inline, and moves 2049 into the Secret', () => {
    // Twelve static networks; the last one's name (which appears once, as the ethernets key) sets the size.
    const networks = (lastName: string) =>
      Array.from({ length: 12 }, (_, i) => ({
        name: i === 11 ? lastName : `net${i}`,
        type: 'bridge',
        bridgeName: 'br-data',
        vlanId: i + 1,
        macAddress: `02:00:00:00:00:${i + 10}`,
        ipConfig: { mode: 'static', address: `10.${i}.0.5/24`, dnsServers: ['10.0.0.53'] },
      }));
    const inline = source(expandAll([profile('vm1', { networks: networks('n'.repeat(45)) })]));
    expect(Buffer.byteLength(inline.networkData)).toBe(2048);
    expect(inline).not.toHaveProperty('networkDataSecretRef');
    const moved = expandAll([profile('vm1', { networks: networks('n'.repeat(46)) })]);
    expect(source(moved)).toEqual({ userData: '#cloud-config\nhostname: vm1\n', networkDataSecretRef: { name: 'vm1-cloudinit' } });
    expect(Buffer.from(moved.ofKind('Secret')[0]!.data.networkdata, 'base64').length).toBe(2049);
  });

  it('user data: "#cloud-config" is recognised with trailing blanks and only on the first line', () => {
    expect(source(expandAll([profile('vm1', { cloudInit: { userData: '#cloud-config \npackages:\n  - nginx\n' } })])).userData).toBe('#cloud-config \npackages:\n  - nginx\nhostname: vm1\n');
    const script = '#!/bin/sh\ncat > /etc/cloud/cloud.cfg.d/99.cfg <<EOF\n#cloud-config\nx: 1\nEOF\n';
    expect(source(expandAll([profile('vm1', { cloudInit: { userData: script } })])).userData).toBe(script);
  });

  it('user data: values keep their YAML 1.1 meaning (octal modes, yes/no) when the hostname is added', () => {
    const own = '#cloud-config\nssh_pwauth: yes\nwrite_files:\n  - path: /etc/motd\n    permissions: 0644\n    content: hi\n';
    expect(source(expandAll([profile('vm1', { cloudInit: { userData: own } })])).userData).toBe(`${own}hostname: vm1\n`);
  });

  it('user data: a #cloud-config of comments only becomes a #cloud-config with the hostname', () => {
    expect(source(expandAll([profile('vm1', { cloudInit: { userData: '#cloud-config\n# filled in later\n' } })])).userData).toBe('#cloud-config\nhostname: vm1\n');
  });

  it('network data: an empty dnsServers list adds no nameservers', () => {
    const text = source(expandAll([profile('vm1', { networks: [{ name: 'a', type: 'bridge', bridgeName: 'br-data', ipConfig: { mode: 'dhcp', dnsServers: [] } }] })])).networkData;
    expect(asCloudInit(text).ethernets.a).not.toHaveProperty('nameservers');
  });

  it('keeps data of exactly 2048 bytes inline', () => {
    const header = '#cloud-config\nhostname: vm1\nbootcmd:\n  - echo ';
    const filler = 'x'.repeat(2048 - Buffer.byteLength(header) - 1);
    const userData = `${header}${filler}\n`;
    expect(Buffer.byteLength(userData)).toBe(2048);
    const result = expandAll([profile('vm1', { cloudInit: { userData } })]);
    expect(source(result).userData).toBe(userData);
    expect(result.ofKind('Secret')).toEqual([]);
  });
});

// The exact cloudInitNoCloud volume per case: network-config v2 and #cloud-config text as cloud-init
// receives them (explicit MACs keep the expected text readable).
describe('cloud-init: whole objects', () => {
  const net = (name: string, mac: string, extra: object = {}) => ({ name, type: 'bridge', bridgeName: 'br-data', macAddress: mac, ...extra });

  const ROWS = [
    {
      row: 'static address with gateway and DNS: gateway4, name servers, the hostname from the profile name',
      spec: { networks: [net('mgmt', '02:00:00:00:00:10', { ipConfig: { mode: 'static', address: '192.168.100.10/24', gateway: '192.168.100.1', dnsServers: ['8.8.8.8', '1.1.1.1'] } })] },
      userData: '#cloud-config\nhostname: vm1\n',
      networkData: [
        'version: 2',
        'ethernets:',
        '  mgmt:',
        '    match:',
        '      macaddress: "02:00:00:00:00:10"',
        '    set-name: eth0',
        '    addresses:',
        '      - 192.168.100.10/24',
        '    gateway4: 192.168.100.1',
        '    nameservers:',
        '      addresses:',
        '        - 8.8.8.8',
        '        - 1.1.1.1',
        '',
      ].join('\n'),
    },
    {
      row: 'DHCP only: dhcp4, and the DHCP server may set the default route; the hostname from spec.hostname',
      spec: { hostname: 'db', networks: [net('lan', '02:00:00:00:00:20', { ipConfig: { mode: 'dhcp' } })] },
      userData: '#cloud-config\nhostname: db\n',
      networkData: ['version: 2', 'ethernets:', '  lan:', '    match:', '      macaddress: "02:00:00:00:00:20"', '    set-name: eth0', '    dhcp4: true', ''].join('\n'),
    },
    {
      row: 'two NICs, the second routed: the first one\'s DHCP routes are ignored',
      spec: {
        networks: [
          net('storage', '02:00:00:00:00:31', { vlanId: 31, ipConfig: { mode: 'dhcp' } }),
          net('mgmt', '02:00:00:00:00:32', { vlanId: 32, ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' } }),
        ],
      },
      userData: '#cloud-config\nhostname: vm1\n',
      networkData: [
        'version: 2',
        'ethernets:',
        '  storage:',
        '    match:',
        '      macaddress: "02:00:00:00:00:31"',
        '    set-name: eth0',
        '    dhcp4: true',
        '    dhcp4-overrides:',
        '      use-routes: false',
        '  mgmt:',
        '    match:',
        '      macaddress: "02:00:00:00:00:32"',
        '    set-name: eth1',
        '    addresses:',
        '      - 10.0.0.5/24',
        '    gateway4: 10.0.0.1',
        '',
      ].join('\n'),
    },
    {
      row: 'IPv6 static address: gateway6, not a ::/0 route',
      spec: { networks: [net('v6', '02:00:00:00:00:40', { ipConfig: { mode: 'static', address: 'fd00::5/64', gateway: 'fd00::1', dnsServers: ['fd00::53'] } })] },
      userData: '#cloud-config\nhostname: vm1\n',
      networkData: [
        'version: 2',
        'ethernets:',
        '  v6:',
        '    match:',
        '      macaddress: "02:00:00:00:00:40"',
        '    set-name: eth0',
        '    addresses:',
        '      - fd00::5/64',
        '    gateway6: fd00::1',
        '    nameservers:',
        '      addresses:',
        '        - fd00::53',
        '',
      ].join('\n'),
    },
    {
      row: 'an L2-only network and the profile\'s own #cloud-config: matched and named only; the hostname added after the user\'s keys',
      spec: { networks: [net('l2', '02:00:00:00:00:50')], cloudInit: { userData: '#cloud-config\n# ours\nruncmd:\n  - touch /ready\n' } },
      userData: '#cloud-config\n# ours\nruncmd:\n  - touch /ready\nhostname: vm1\n',
      networkData: ['version: 2', 'ethernets:', '  l2:', '    match:', '      macaddress: "02:00:00:00:00:50"', '    set-name: eth0', ''].join('\n'),
    },
  ];
  for (const { row, spec, userData, networkData } of ROWS) {
    it(row, () => {
      const volume = expandAll([profile('vm1', spec)]).vm().spec.template.spec.volumes.find((v: any) => v.name === 'cloudinitdisk');
      expect(volume).toEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { userData, networkData } });
    });
  }
});
