// Proof by the consumer: the network data and user data of every VM that the examples, the unit
// cases below and a property sample generate go through cloud-init's own renderers (networkd,
// sysconfig, NetworkManager, netplan) and `netplan generate`, and cloud-init's own user-data schema,
// in one Python process. Each address, gateway, DNS server and DHCP wish must land on the NIC with
// that network's MAC, and networkd/netplan guests must end with one default route per family.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Obj, configWith, documents, profile, render } from '../support/fixtures.js';
import { type GuestNetwork, type GuestResult, type RendererName, guestNetworks, guestToolsAvailable, guestToolsProblem, renderGuests } from '../support/guest.js';
import { EXAMPLES } from '../support/paths.js';
import { configArbitrary, profilesArbitrary } from '../property/arbitraries.js';

if (!guestToolsAvailable) console.warn(`SKIPPED test/guest: ${guestToolsProblem}`);

interface Case {
  id: string;
  vm: Obj;
  /** The profile's networks, by name. */
  networks: Map<string, Obj>;
  networkData?: string;
  userData?: string;
}

/** The NoCloud data of each VM among these objects, inline or from its Secret. */
function casesOf(source: string, objects: readonly Obj[], profiles: readonly Obj[]): Case[] {
  const secrets = new Map(objects.filter((o) => o['kind'] === 'Secret').map((o) => [`${o['metadata']['namespace'] ?? ''}/${o['metadata']['name']}`, o]));
  return objects
    .filter((o) => o['kind'] === 'VirtualMachine')
    .map((vm) => {
      const { namespace, name } = vm['metadata'];
      const noCloud = vm['spec']['template']['spec']['volumes'].find((v: Obj) => v['cloudInitNoCloud'])['cloudInitNoCloud'];
      const secret = secrets.get(`${namespace ?? ''}/${noCloud.secretRef?.name ?? noCloud.networkDataSecretRef?.name}`);
      const fromSecret = (key: string) => (secret ? Buffer.from(secret['data'][key], 'base64').toString() : undefined);
      const own = profiles.find((p) => p['metadata']['name'] === name && (p['metadata']['namespace'] ?? undefined) === (namespace ?? undefined))!;
      return {
        id: `${source} ${namespace ? `${namespace}/` : ''}${name}`,
        vm,
        networks: new Map([
          // The pod network asks for DHCP (KubeVirt's DHCP server behind masquerade or passt).
          ...(vm['spec']['template']['spec']['networks'] ?? []).filter((n: Obj) => n['pod']).map((n: Obj) => [n['name'], { name: n['name'], ipConfig: { mode: 'dhcp' } }] as const),
          ...(own['spec']['networks'] ?? []).map((n: Obj) => [n['name'], n] as const),
        ]),
        networkData: noCloud.networkData ?? (noCloud.networkDataSecretRef ? fromSecret('networkdata') : undefined),
        userData: noCloud.userData ?? (noCloud.secretRef ? fromSecret('userdata') : undefined),
      };
    });
}

function exampleCases(): Case[] {
  const out: Case[] = [];
  const dirs = ['kustomization', 'kustomize-generator', 'reach-and-size', 'argocd/vms-kustomize', 'kpt/render-vms', 'kpt/eval-configmap'];
  for (const dir of dirs) {
    const root = join(EXAMPLES, dir);
    const all = listYaml(root).flatMap((path) => documents(readFileSync(path, 'utf8')));
    const profiles = all.filter((o) => o?.['kind'] === 'VirtualMachineProfile');
    const configs = all.filter((o) => o?.['kind'] === 'VirtualMachineProfileConfig' || (o?.['kind'] === 'ConfigMap' && o?.['metadata']?.['annotations']?.['config.kubernetes.io/local-config']));
    const rendered = render(profiles, configs[0] ?? configWith({}));
    expect(rendered.errors, `${dir}: ${rendered.stderr}`).toEqual([]);
    out.push(...casesOf(`examples/${dir}`, rendered.items, profiles));
  }
  return out;
}

function listYaml(root: string): string[] {
  return readdirSync(root)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => {
      const path = join(root, name);
      if (statSync(path).isDirectory()) return name === 'generated' ? [] : listYaml(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

const bridged = (name: string, vlanId: number, ipConfig?: Obj, extra: Obj = {}) => ({ name, type: 'bridge', bridgeName: 'br-data', vlanId, ...(ipConfig ? { ipConfig } : {}), ...extra });

/** Shapes the unit tests use, and the combinations the default-route rule is about. */
const UNIT: Obj[] = [
  profile('static-dns', { networks: [bridged('mgmt', 10, { mode: 'static', address: '192.168.100.10/24', gateway: '192.168.100.1', dnsServers: ['8.8.8.8', '8.8.4.4'] })] }),
  profile('static-and-dhcp', { networks: [bridged('mgmt', 10, { mode: 'static', address: '192.168.100.12/24', gateway: '192.168.100.1' }), bridged('biz', 20, { mode: 'dhcp', dnsServers: ['10.0.0.53'] })] }),
  profile('dhcp-first', { networks: [bridged('biz', 20, { mode: 'dhcp' }), bridged('mgmt', 10, { mode: 'static', address: '192.168.100.11/24', gateway: '192.168.100.1' })] }),
  profile('two-dhcp', { networks: [bridged('a', 20, { mode: 'dhcp' }), bridged('b', 21, { mode: 'dhcp' }), bridged('l2', 22)] }),
  profile('dual-stack', { networks: [bridged('v4', 30, { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' }), bridged('v6', 31, { mode: 'static', address: 'fd00::5/64', gateway: 'fd00::1', dnsServers: ['fd00::53'] }), bridged('d', 32, { mode: 'dhcp' })] }),
  profile('no-gateway', { networks: [bridged('a', 40, { mode: 'static', address: '10.1.0.5/16' }), bridged('b', 41, { mode: 'dhcp' })] }),
  profile('pod-only', {}),
  profile('pod-and-static-gateway', { podNetwork: true, networks: [bridged('mgmt', 60, { mode: 'static', address: '192.168.60.10/24', gateway: '192.168.60.1' })] }),
  profile('pod-and-dhcp', { podNetwork: { binding: 'passt', ports: [{ name: 'ssh', port: 22 }] }, networks: [bridged('biz', 61, { mode: 'dhcp' }), bridged('l2', 62)] }),
  profile('own-cloud-config', { networks: [bridged('a', 50, { mode: 'dhcp' })], cloudInit: { userData: '#cloud-config\npackages: [nginx]\nruncmd:\n  - [systemctl, enable, --now, nginx]\n' } }),
];

function unitCases(): Case[] {
  const rendered = render(UNIT);
  expect(rendered.errors, rendered.stderr).toEqual([]);
  return casesOf('unit', rendered.items, UNIT);
}

// A fixed seed, so CI checks the same sample every run (FUZZ_SEED varies it by hand).
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261121);
const SAMPLE = Number(process.env['GUEST_SAMPLE'] ?? 40);

function propertyCases(): Case[] {
  return fc.sample(fc.tuple(profilesArbitrary, configArbitrary), { seed: SEED, numRuns: SAMPLE }).flatMap(([profiles, config], i) => {
    const rendered = render(profiles, config);
    expect(rendered.errors, rendered.stderr).toEqual([]);
    return casesOf(`property #${i} (seed ${SEED})`, rendered.items, profiles);
  });
}

// The renderers whose output honours dhcp4-overrides: use-routes: false (docs/profile.md "Guest networking").
const ONE_DEFAULT_ROUTE: RendererName[] = ['networkd', 'netplan', 'netplan-networkd'];

/** What the guest must end up with on the NIC of one profile network. */
function checkNetwork(model: GuestNetwork, mac: string, guestName: string, network: Obj, where: string): void {
  const iface = model.interfaces[mac];
  expect(iface, `${where}: no interface with MAC ${mac}`).toBeDefined();
  // NetworkManager keyfiles match by MAC only; the others also name the interface.
  if (model.renderer !== 'network-manager') expect(iface!.name, where).toBe(guestName);
  const ip = network['ipConfig'];
  if (ip?.mode === 'static') {
    expect(iface!.addresses, where).toContain(ip.address);
    expect(iface!.dhcp4, where).toBe(false);
    if (ip.gateway) expect(iface!.defaultRoutes.map((r) => r.via), where).toContain(ip.gateway);
  } else if (ip?.mode === 'dhcp') {
    expect(iface!.dhcp4, where).toBe(true);
    expect(iface!.addresses, where).toEqual([]);
  } else {
    expect(iface!.addresses, where).toEqual([]);
    expect(iface!.dhcp4, where).toBe(false);
  }
  // cloud-init's NetworkManager renderer drops name servers of a DHCP NIC (docs/profile.md); sysconfig writes
  // them to resolv.conf for every NIC.
  const dns: string[] = ip?.dnsServers ?? [];
  if (dns.length > 0 && !(model.renderer === 'network-manager' && ip.mode === 'dhcp')) {
    const seen = [...iface!.dns, ...model.dns];
    for (const server of dns) expect(seen, `${where}: DNS ${server}`).toContain(server);
  }
}

describe.skipIf(!guestToolsAvailable)('guest network and user data, through cloud-init itself', () => {
  let cases: Case[] = [];
  let results = new Map<string, GuestResult>();

  beforeAll(() => {
    cases = [...exampleCases(), ...unitCases(), ...propertyCases()];
    // netplan generate for the examples and unit cases, and every other property case.
    const inputs = cases.map((c, i) => ({ id: c.id, networkData: c.networkData ?? null, userData: c.userData ?? null, netplan: !c.id.startsWith('property') || i % 2 === 0 }));
    results = new Map(renderGuests(inputs).map((result) => [result.id, result]));
  }, 120_000);

  it('covers the examples, the unit shapes and a property sample', () => {
    expect(cases.filter((c) => c.id.startsWith('examples/')).length).toBeGreaterThanOrEqual(8);
    expect(cases.filter((c) => c.networkData !== undefined).length).toBeGreaterThan(30);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('every renderer puts each address, gateway, DNS server and DHCP wish on the NIC with that network\'s MAC', () => {
    for (const c of cases) {
      const result = results.get(c.id)!;
      expect(result.error, c.id).toBeNull();
      expect(result.rendererErrors, c.id).toEqual({});
      if (c.networkData === undefined) continue;
      const models = guestNetworks(result);
      const interfaces: Obj[] = c.vm['spec']['template']['spec']['domain']['devices']['interfaces'];
      for (const [renderer, model] of Object.entries(models)) {
        interfaces.forEach((iface, i) => checkNetwork(model!, iface['macAddress'], `eth${i}`, c.networks.get(iface['name'])!, `${c.id} [${renderer}] ${iface['name']}`));
      }
    }
  });

  it('networkd and netplan guests end with one default route per family, through the chosen NIC', () => {
    let withDhcpAndGateway = 0;
    for (const c of cases) {
      if (c.networkData === undefined) continue;
      const ips = [...c.networks.values()].map((n) => n['ipConfig']).filter(Boolean);
      const v4Gateway = ips.find((ip) => ip.mode === 'static' && ip.gateway && !ip.gateway.includes(':'));
      const dhcp = ips.some((ip) => ip.mode === 'dhcp');
      const wantV4 = v4Gateway || dhcp ? 1 : 0;
      const wantV6 = ips.some((ip) => ip.mode === 'static' && ip.gateway?.includes(':')) ? 1 : 0;
      if (v4Gateway && dhcp) withDhcpAndGateway++;
      const models = guestNetworks(results.get(c.id)!);
      // The NIC that must carry the IPv4 default route: the static gateway's, else the first DHCP one.
      const interfaces: Obj[] = c.vm['spec']['template']['spec']['domain']['devices']['interfaces'];
      const routed = (v4Gateway && interfaces.find((i) => c.networks.get(i['name'])!['ipConfig'] === v4Gateway)) || interfaces.find((i) => c.networks.get(i['name'])!['ipConfig']?.mode === 'dhcp');
      for (const renderer of ONE_DEFAULT_ROUTE) {
        const model = models[renderer];
        if (!model) continue; // netplan generate ran on a sample only
        expect(model.defaultRoutes, `${c.id} [${renderer}]`).toMatchObject({ ipv4: wantV4, ipv6: wantV6 });
        const carriers = Object.values(model.interfaces).filter((iface) => iface.dhcp4DefaultRoute || iface.defaultRoutes.some((r) => !r.via.includes(':')));
        expect(carriers.map((iface) => iface.mac), `${c.id} [${renderer}]`).toEqual(routed ? [routed['macAddress']] : []);
      }
      // Every renderer: at most one static default route per family.
      for (const [renderer, model] of Object.entries(models)) {
        const statics = Object.values(model!.interfaces).flatMap((iface) => iface.defaultRoutes.map((r) => r.via));
        expect(statics.filter((via) => !via.includes(':')).length, `${c.id} [${renderer}]`).toBeLessThanOrEqual(1);
        expect(statics.filter((via) => via.includes(':')).length, `${c.id} [${renderer}]`).toBeLessThanOrEqual(1);
      }
    }
    expect(withDhcpAndGateway).toBeGreaterThanOrEqual(3);
  });

  it('cloud-init\'s schema accepts every #cloud-config user data', () => {
    let checked = 0;
    for (const c of cases) {
      const verdict = results.get(c.id)!.userData;
      if (!c.userData?.startsWith('#cloud-config')) continue;
      expect(verdict?.valid, `${c.id}: ${verdict?.errors.join('; ')}`).toBe(true);
      checked++;
    }
    expect(checked).toBe(cases.filter((c) => c.userData?.startsWith('#cloud-config')).length);
    expect(checked).toBeGreaterThan(20);
  });
});
