// The guest harness itself (test/support/guest.ts): hand-written network-config v2 and user data through
// cloud-init's own renderers and schema, read back per renderer. Each case has a control that must differ.
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  type GuestNetwork,
  type GuestResult,
  type RendererName,
  RENDERERS,
  guestCloudInitVersion,
  guestNetwork,
  guestNetworks,
  guestToolsAvailable,
  guestToolsProblem,
  renderGuests,
} from '../support/guest.js';

if (!guestToolsAvailable) console.warn(`SKIPPED test/guest: ${guestToolsProblem}`);

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const nd = (ethernets: Record<string, unknown>) => stringify({ version: 2, ethernets }, { version: '1.1' });
const eth = (mac: string, name: string, rest: Record<string, unknown> = {}) => ({ match: { macaddress: mac }, 'set-name': name, ...rest });
const staticB = (extra: Record<string, unknown> = {}) =>
  eth(B, 'eth1', { addresses: ['10.0.0.5/24'], routes: [{ to: '0.0.0.0/0', via: '10.0.0.1' }], nameservers: { addresses: ['1.1.1.1'] }, ...extra });
const noRoutes = { 'dhcp4-overrides': { 'use-routes': false } };

const DOCS = {
  static: nd({ b: staticB() }),
  staticNoGateway: nd({ b: eth(B, 'eth1', { addresses: ['10.0.0.5/24'] }) }),
  dhcp: nd({ a: eth(A, 'eth0', { dhcp4: true }) }),
  noIp: nd({ a: eth(A, 'eth0') }),
  staticAndDhcp: nd({ a: eth(A, 'eth0', { dhcp4: true }), b: staticB() }),
  staticAndDhcpFixed: nd({ a: eth(A, 'eth0', { dhcp4: true, ...noRoutes }), b: staticB() }),
  twoDhcp: nd({ a: eth(A, 'eth0', { dhcp4: true }), b: eth(B, 'eth1', { dhcp4: true }) }),
  twoDhcpFixed: nd({ a: eth(A, 'eth0', { dhcp4: true }), b: eth(B, 'eth1', { dhcp4: true, ...noRoutes }) }),
  routeMetric: nd({ a: eth(A, 'eth0', { dhcp4: true }), b: staticB({ routes: [{ to: '0.0.0.0/0', via: '10.0.0.1', metric: 50 }] }) }),
  v6Route: nd({ b: eth(B, 'eth1', { addresses: ['fd00::5/64'], routes: [{ to: '::/0', via: 'fd00::1' }] }) }),
  v6Gateway6: nd({ b: eth(B, 'eth1', { addresses: ['fd00::5/64'], gateway6: 'fd00::1' }) }),
  dhcpDns: nd({ a: eth(A, 'eth0', { dhcp4: true, nameservers: { addresses: ['9.9.9.9'] } }) }),
  notAMapping: '- just\n- a list\n',
};
const USER = {
  good: '#cloud-config\nhostname: vm1\npackages: [nginx]\nruncmd:\n  - [systemctl, enable, --now, nginx]\n',
  runcmdNumber: '#cloud-config\nruncmd: 5\n',
  unknownKey: '#cloud-config\nhostname: vm1\nnot_a_module: true\n',
  badYaml: '#cloud-config\nruncmd: [\n',
  notMapping: '#cloud-config\n- a\n',
  deprecated: '#cloud-config\napt_update: true\n',
  script: '#!/bin/sh\necho hi\n',
};

describe.skipIf(!guestToolsAvailable)(`guest harness (cloud-init ${guestCloudInitVersion})`, () => {
  let results: Record<string, GuestResult>;
  const model = (doc: keyof typeof DOCS, renderer: RendererName): GuestNetwork => {
    const m = guestNetwork(results[doc]!, renderer);
    if (m === undefined) throw new Error(`${doc}: ${renderer} wrote nothing (${JSON.stringify(results[doc]!.rendererErrors)})`);
    return m;
  };
  const defaults = (doc: keyof typeof DOCS) => Object.fromEntries(RENDERERS.map((r) => [r, model(doc, r).defaultRoutes.ipv4]));

  beforeAll(() => {
    const inputs = [
      ...Object.entries(DOCS).map(([id, networkData]) => ({ id, networkData })),
      ...Object.entries(USER).map(([id, userData]) => ({ id: `user:${id}`, userData })),
    ];
    results = Object.fromEntries(renderGuests(inputs).map((r) => [r.id, r]));
  });

  it('renders every document through all five outputs without errors or warnings', () => {
    for (const id of Object.keys(DOCS).filter((id) => id !== 'notAMapping')) {
      const result = results[id]!;
      expect(result.error, id).toBeNull();
      expect(result.rendererErrors, id).toEqual({});
      expect(result.warnings, id).toEqual([]);
      expect(Object.keys(result.renderers).sort(), id).toEqual([...RENDERERS].sort());
    }
  });

  it('a static NIC with gateway and DNS lands under its MAC in all five outputs', () => {
    for (const renderer of RENDERERS) {
      const net = model('static', renderer);
      expect(Object.keys(net.interfaces), renderer).toEqual([B]);
      const nic = net.interfaces[B]!;
      expect(nic.addresses, renderer).toEqual(['10.0.0.5/24']);
      expect(nic.dhcp4, renderer).toBe(false);
      expect(nic.dns, renderer).toEqual(['1.1.1.1']);
      expect(nic.defaultRoutes, renderer).toEqual([{ via: '10.0.0.1' }]);
      expect(net.defaultRoutes, renderer).toEqual({ ipv4: 1, ipv6: 0, total: 1 });
      // NetworkManager keyfiles match by MAC only; the rename comes from cloud-init at boot, not from the file.
      expect(nic.name, renderer).toBe(renderer === 'network-manager' ? undefined : 'eth1');
    }
    // Control: without a gateway there is no default route.
    for (const renderer of RENDERERS) expect(model('staticNoGateway', renderer).defaultRoutes.total, renderer).toBe(0);
  });

  it('a DHCP NIC runs DHCPv4 and may take a default route from it, in all five outputs', () => {
    for (const renderer of RENDERERS) {
      const nic = model('dhcp', renderer).interfaces[A]!;
      expect(nic, renderer).toMatchObject({ mac: A, dhcp4: true, dhcp4DefaultRoute: true, addresses: [], defaultRoutes: [] });
      expect(model('dhcp', renderer).defaultRoutes.ipv4, renderer).toBe(1);
      // Control: a NIC without ipConfig runs no DHCP.
      expect(model('noIp', renderer).interfaces[A], renderer).toMatchObject({ dhcp4: false, dhcp4DefaultRoute: false });
      expect(model('noIp', renderer).defaultRoutes.total, renderer).toBe(0);
    }
  });

  it('static gateway + DHCP NIC: two default routes; dhcp4-overrides use-routes:false fixes networkd and netplan only', () => {
    expect(defaults('staticAndDhcp')).toEqual({ networkd: 2, sysconfig: 2, 'network-manager': 2, netplan: 2, 'netplan-networkd': 2 });
    // cloud-init 22.4.2 drops use-routes for sysconfig and NetworkManager (network_state._v2_to_v1_ipcfg keeps only
    // route-metric); sysconfig writes DHCLIENT_SET_DEFAULT_ROUTE=no, which RHEL (ifcfg-rh, initscripts) does not read.
    expect(defaults('staticAndDhcpFixed')).toEqual({ networkd: 1, sysconfig: 2, 'network-manager': 2, netplan: 1, 'netplan-networkd': 1 });
    expect(results['staticAndDhcpFixed']!.renderers.networkd!['etc/systemd/network/10-cloud-init-eth0.network']).toContain('[DHCPv4]\nUseRoutes=False');
    expect(results['staticAndDhcpFixed']!.renderers['netplan-networkd']!['run/systemd/network/10-netplan-a.network']).toContain('UseRoutes=false');
    expect(model('staticAndDhcpFixed', 'sysconfig').notes.join('\n')).toContain('DHCLIENT_SET_DEFAULT_ROUTE=no');
  });

  it('two DHCP NICs: two default routes; use-routes:false on the second fixes networkd and netplan only', () => {
    expect(defaults('twoDhcp')).toEqual({ networkd: 2, sysconfig: 2, 'network-manager': 2, netplan: 2, 'netplan-networkd': 2 });
    expect(defaults('twoDhcpFixed')).toEqual({ networkd: 1, sysconfig: 2, 'network-manager': 2, netplan: 1, 'netplan-networkd': 1 });
    expect(model('twoDhcpFixed', 'netplan-networkd').interfaces[A]!.dhcp4DefaultRoute).toBe(true);
    expect(model('twoDhcpFixed', 'netplan-networkd').interfaces[B]!.dhcp4DefaultRoute).toBe(false);
  });

  it('routes[].metric survives only through netplan (cloud-init 22.4.2 v2 parser keeps to/via only)', () => {
    const metrics = Object.fromEntries(RENDERERS.map((r) => [r, model('routeMetric', r).interfaces[B]!.defaultRoutes[0]?.metric]));
    expect(metrics).toEqual({ networkd: undefined, sysconfig: undefined, 'network-manager': undefined, netplan: 50, 'netplan-networkd': 50 });
  });

  it('an IPv6 default route "to: ::/0" becomes ::/64 outside netplan (cloud-init LP#2003562, fixed in 23.1); gateway6 works everywhere', () => {
    const v6 = (doc: 'v6Route' | 'v6Gateway6') => Object.fromEntries(RENDERERS.map((r) => [r, model(doc, r).defaultRoutes.ipv6]));
    expect(v6('v6Route')).toEqual({ networkd: 0, sysconfig: 0, 'network-manager': 0, netplan: 1, 'netplan-networkd': 1 });
    for (const renderer of ['networkd', 'sysconfig', 'network-manager'] as const) {
      expect(model('v6Route', renderer).interfaces[B]!.otherRoutes, renderer).toEqual([{ to: '::/64', via: 'fd00::1' }]);
    }
    expect(v6('v6Gateway6')).toEqual({ networkd: 1, sysconfig: 1, 'network-manager': 1, netplan: 1, 'netplan-networkd': 1 });
    // netplan still honours gateway6 but warns; routes: [{to: ::/0}] draws no warning.
    expect(results['v6Gateway6']!.netplanWarnings.join('\n')).toMatch(/`gateway6` has been deprecated/);
    expect(results['v6Route']!.netplanWarnings.join('\n')).not.toMatch(/deprecated/);
  });

  it('name servers on a DHCP NIC: the NetworkManager renderer drops them, sysconfig puts them in resolv.conf only', () => {
    const dns = Object.fromEntries(RENDERERS.map((r) => [r, model('dhcpDns', r).interfaces[A]!.dns]));
    expect(dns).toEqual({ networkd: ['9.9.9.9'], sysconfig: [], 'network-manager': [], netplan: ['9.9.9.9'], 'netplan-networkd': ['9.9.9.9'] });
    expect(model('dhcpDns', 'sysconfig').dns).toEqual(['9.9.9.9']);
  });

  it('network-config that is not a mapping is reported, not rendered', () => {
    const result = results['notAMapping']!;
    expect(result.error).toMatch(/not load as a YAML mapping/);
    expect(guestNetworks(result)).toEqual({});
  });

  it("user data goes through cloud-init's schema", () => {
    const verdict = (id: keyof typeof USER) => results[`user:${id}`]!.userData!;
    expect(verdict('good')).toEqual({ valid: true, errors: [], deprecations: [], note: null });
    expect(verdict('runcmdNumber')).toMatchObject({ valid: false, errors: ["runcmd: 5 is not of type 'array'"] });
    expect(verdict('badYaml')).toMatchObject({ valid: false });
    expect(verdict('badYaml').errors[0]).toMatch(/not valid yaml/);
    expect(verdict('notMapping')).toMatchObject({ valid: false, errors: ['Cloud-config is not a YAML dict.'] });
    // cloud-init 22.4's schema has no additionalProperties at the top level: unknown keys pass.
    expect(verdict('unknownKey')).toMatchObject({ valid: true, errors: [] });
    expect(verdict('deprecated')).toMatchObject({ valid: true, errors: [] });
    expect(verdict('deprecated').deprecations[0]).toMatch(/^apt_update: DEPRECATED/);
    expect(verdict('script')).toMatchObject({ valid: true, errors: [] });
    expect(verdict('script').note).toMatch(/not #cloud-config/);
    // No user data → no verdict; no network data → no renderer output.
    expect(results['static']!.userData).toBeNull();
    expect(results['user:good']!.renderers).toEqual({});
  });

  it('netplan generate can be turned off per document', () => {
    const [withNetplan, without] = renderGuests([
      { id: 'on', networkData: DOCS.dhcp },
      { id: 'off', networkData: DOCS.dhcp, netplan: false },
    ]);
    expect(Object.keys(withNetplan!.renderers)).toContain('netplan-networkd');
    expect(withNetplan!.netplanMs).toBeGreaterThan(0);
    expect(Object.keys(without!.renderers).sort()).toEqual(['netplan', 'network-manager', 'networkd', 'sysconfig']);
    expect(without!.netplanMs).toBeNull();
  });
});
