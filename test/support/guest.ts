// What a guest's cloud-init makes of our NoCloud data: network-config v2 through cloud-init's own renderers
// (networkd, sysconfig, NetworkManager, netplan, and `netplan generate` for the netplan output) and
// #cloud-config through cloud-init's own schema, all in one Python process (test/support/guest/render.py).
// The parsers below read each renderer's files back into one model per renderer, keyed by MAC.
//
// Needs the Debian packages cloud-init (python3 modules) and netplan.io. Missing in CI (CI set): importing
// this module throws, naming the package to apt-get install. Missing elsewhere: guestToolsAvailable is false,
// so tests can describe.skipIf(!guestToolsAvailable) after printing guestToolsProblem.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const RENDER_PY = fileURLToPath(new URL('./guest/render.py', import.meta.url));

export type RendererName = 'networkd' | 'sysconfig' | 'network-manager' | 'netplan' | 'netplan-networkd';
export const RENDERERS: readonly RendererName[] = ['networkd', 'sysconfig', 'network-manager', 'netplan', 'netplan-networkd'];

export interface GuestInput {
  id: string;
  /** network-config text as it lands in the NoCloud disk (null/undefined: none). */
  networkData?: string | null;
  /** user-data text (null/undefined: none). */
  userData?: string | null;
  /** Run `netplan generate` on the netplan output (default true; ≈8 ms a document). */
  netplan?: boolean;
}

export interface UserDataVerdict {
  valid: boolean;
  errors: string[];
  /** Deprecated keys: cloud-init only warns, so they do not make the data invalid. */
  deprecations: string[];
  note: string | null;
}

export interface GuestResult {
  id: string;
  /** Files each renderer wrote, by path relative to the guest's root ("etc/...", "run/..."). */
  renderers: Partial<Record<RendererName, Record<string, string>>>;
  /** A renderer that raised: in a guest, cloud-init's network stage would fail. */
  rendererErrors: Partial<Record<RendererName, string>>;
  /** cloud-init's WARNING/ERROR log lines while handling this document (e.g. a skipped invalid command). */
  warnings: string[];
  userData: UserDataVerdict | null;
  netplanMs: number | null;
  /** What `netplan generate` warned about (cloud-init 22.4 writes the file 0644: "Permissions … too open"). */
  netplanWarnings: string[];
  /** The document as a whole did not get through (network-config not a mapping, …). */
  error: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// Finding the tools.

interface Probe {
  python?: string;
  cloudInit?: string;
  netplan?: string | null;
  netplanGenerator?: string | null;
  problem?: string;
}

function probeTools(): Probe {
  const candidates = [process.env['GUEST_PYTHON'], '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  const tried: string[] = [];
  for (const python of [...new Set(candidates)]) {
    if (python.startsWith('/') && !existsSync(python)) continue;
    const run = spawnSync(python, [RENDER_PY], { input: '', encoding: 'utf8', timeout: 60_000 });
    const first = run.stdout?.split('\n')[0] ?? '';
    let ready: { ready?: boolean; cloudInit?: string; netplan?: string | null; netplanGenerator?: string | null; error?: string } = {};
    try {
      ready = JSON.parse(first);
    } catch {
      tried.push(`${python}: ${run.error?.message ?? (run.stderr?.trim().split('\n').pop() || 'no answer')}`);
      continue;
    }
    if (!ready.ready) {
      tried.push(`${python}: ${ready.error}`);
      continue;
    }
    const probe: Probe = { python, cloudInit: ready.cloudInit, netplan: ready.netplan, netplanGenerator: ready.netplanGenerator };
    if (!ready.netplan || !ready.netplanGenerator) {
      probe.problem = 'netplan generate is missing: apt-get install netplan.io';
    }
    return probe;
  }
  return { problem: `cloud-init's python modules could not be loaded (apt-get install cloud-init); tried ${tried.join('; ')}` };
}

const probe = probeTools();

/** False when cloud-init or netplan is missing outside CI (in CI, importing this module throws instead). */
export const guestToolsAvailable: boolean = probe.problem === undefined;
/** Why the guest tools are unavailable, with the Debian package to install. */
export const guestToolsProblem: string | undefined = probe.problem;
/** The cloud-init version that renders (a guest's own version may render differently). */
export const guestCloudInitVersion: string | undefined = probe.cloudInit;

if (probe.problem !== undefined && process.env['CI']) {
  throw new Error(`guest rendering tools: ${probe.problem}`);
}

// ---------------------------------------------------------------------------------------------------------
// Rendering.

/** Renders every input in one Python process; results come back in input order. */
export function renderGuests(inputs: readonly GuestInput[]): GuestResult[] {
  if (probe.python === undefined || probe.problem !== undefined) {
    throw new Error(`guest rendering tools: ${probe.problem}`);
  }
  if (inputs.length === 0) return [];
  const stdin = inputs
    .map((input) =>
      JSON.stringify({ id: input.id, networkData: input.networkData ?? null, userData: input.userData ?? null, netplan: input.netplan !== false }),
    )
    .join('\n');
  const run = spawnSync(probe.python, [RENDER_PY], {
    input: stdin + '\n',
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    timeout: 30 * 60_000,
  });
  if (run.error) throw new Error(`render.py did not run: ${run.error.message}`);
  const lines = run.stdout.split('\n').filter((line) => line.trim() !== '');
  const [ready, ...rest] = lines;
  if (ready === undefined || !JSON.parse(ready).ready) {
    throw new Error(`render.py did not start (exit ${run.status}): ${ready ?? ''}\n${run.stderr}`);
  }
  if (rest.length !== inputs.length) {
    throw new Error(`render.py answered ${rest.length} of ${inputs.length} documents (exit ${run.status}):\n${run.stderr.slice(-4000)}`);
  }
  return rest.map((line, i) => {
    const result = JSON.parse(line) as GuestResult;
    if (result.id !== inputs[i]!.id) throw new Error(`render.py answered ${result.id} where ${inputs[i]!.id} was expected`);
    return result;
  });
}

export function renderGuest(input: GuestInput): GuestResult {
  return renderGuests([input])[0]!;
}

// ---------------------------------------------------------------------------------------------------------
// One model per renderer.

export interface GuestRoute {
  to: string;
  via?: string;
  metric?: number;
}

export interface GuestDefaultRoute {
  via: string;
  metric?: number;
}

export interface GuestInterface {
  /** Lowercase MAC; "name:<ifname>" when the files name no MAC. */
  mac: string;
  /** The interface name the configuration sets or requires (undefined: the files name none). */
  name?: string;
  /** CIDR. */
  addresses: string[];
  dhcp4: boolean;
  dhcp6: boolean;
  dns: string[];
  /** Static default routes (0.0.0.0/0 and ::/0, or a bare gateway). */
  defaultRoutes: GuestDefaultRoute[];
  otherRoutes: GuestRoute[];
  /** DHCPv4 runs and nothing stops it from installing the DHCP server's router as a default route. */
  dhcp4DefaultRoute: boolean;
  dhcp4RouteMetric?: number;
  /** Files that configure this interface. */
  files: string[];
}

export interface GuestNetwork {
  renderer: RendererName;
  interfaces: Record<string, GuestInterface>;
  /** Resolver-wide name servers (sysconfig's etc/resolv.conf). */
  dns: string[];
  /** Default routes the guest would end with: static ones, plus one per DHCPv4 NIC whose router is not suppressed. */
  defaultRoutes: { ipv4: number; ipv6: number; total: number };
  /** Things a renderer wrote that the model does not use but a reader should know (ignored keys, …). */
  notes: string[];
}

const isV6 = (address: string) => address.includes(':');
const DEFAULT_DESTINATIONS = new Set(['0.0.0.0/0', '::/0', 'default', '0.0.0.0', '::']);

function blank(mac: string): GuestInterface {
  return { mac, addresses: [], dhcp4: false, dhcp6: false, dns: [], defaultRoutes: [], otherRoutes: [], dhcp4DefaultRoute: false, files: [] };
}

function finish(renderer: RendererName, interfaces: Record<string, GuestInterface>, dns: string[], notes: string[]): GuestNetwork {
  let ipv4 = 0;
  let ipv6 = 0;
  for (const iface of Object.values(interfaces)) {
    for (const route of iface.defaultRoutes) {
      if (isV6(route.via)) ipv6++;
      else ipv4++;
    }
    if (iface.dhcp4 && iface.dhcp4DefaultRoute) ipv4++;
  }
  return { renderer, interfaces, dns, defaultRoutes: { ipv4, ipv6, total: ipv4 + ipv6 }, notes };
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isInteger(n) ? n : undefined;
}

function addRoute(iface: GuestInterface, to: string | undefined, via: string | undefined, metric: number | undefined) {
  if (to === undefined || DEFAULT_DESTINATIONS.has(to)) {
    if (via !== undefined) iface.defaultRoutes.push(metric === undefined ? { via } : { via, metric });
    return;
  }
  const route: GuestRoute = { to };
  if (via !== undefined) route.via = via;
  if (metric !== undefined) route.metric = metric;
  iface.otherRoutes.push(route);
}

/** systemd's parse_boolean (also what NetworkManager accepts for booleans). */
function bool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(v)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(v)) return false;
  return undefined;
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

// --- INI (systemd units, NetworkManager keyfiles) ---------------------------------------------------------

interface IniSection {
  name: string;
  entries: [string, string][];
}

export function parseIni(text: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = { name: header[1]!, entries: [] };
      sections.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || current === undefined) continue;
    current.entries.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return sections;
}

const values = (sections: IniSection[], section: string | string[], key: string): string[] => {
  const names = Array.isArray(section) ? section : [section];
  return sections.filter((s) => names.includes(s.name)).flatMap((s) => s.entries.filter(([k]) => k === key).map(([, v]) => v));
};
const last = (sections: IniSection[], section: string | string[], key: string): string | undefined => values(sections, section, key).pop();

// --- systemd-networkd (.network + .link) ------------------------------------------------------------------

/** cloud-init's networkd renderer (etc/systemd/network) or netplan's output (run/systemd/network). */
export function parseNetworkd(files: Record<string, string>, renderer: RendererName = 'networkd'): GuestNetwork {
  const interfaces: Record<string, GuestInterface> = {};
  const notes: string[] = [];
  const keyOf = (sections: IniSection[]) => {
    const mac = last(sections, 'Match', 'MACAddress') ?? last(sections, 'Match', 'PermanentMACAddress');
    if (mac) return mac.toLowerCase();
    const name = last(sections, 'Match', 'Name') ?? last(sections, 'Link', 'Name');
    return `name:${name ?? '?'}`;
  };
  const entry = (key: string) => (interfaces[key] ??= blank(key));

  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('.link')) continue;
    const sections = parseIni(text);
    const iface = entry(keyOf(sections));
    iface.files.push(path);
    const name = last(sections, 'Link', 'Name');
    if (name) iface.name = name;
  }
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('.network')) continue;
    const sections = parseIni(text);
    const iface = entry(keyOf(sections));
    iface.files.push(path);
    iface.name ??= last(sections, 'Match', 'Name');
    const dhcp = (last(sections, 'Network', 'DHCP') ?? 'no').toLowerCase();
    iface.dhcp4 = ['yes', 'ipv4', 'true', 'both', 'v4'].includes(dhcp);
    iface.dhcp6 = ['yes', 'ipv6', 'true', 'both', 'v6'].includes(dhcp);
    iface.addresses.push(...values(sections, 'Network', 'Address'), ...values(sections, 'Address', 'Address'));
    iface.dns.push(...values(sections, 'Network', 'DNS').flatMap((v) => v.split(/\s+/).filter(Boolean)));
    for (const gateway of values(sections, 'Network', 'Gateway')) addRoute(iface, undefined, gateway, undefined);
    for (const section of sections.filter((s) => s.name === 'Route')) {
      const get = (key: string) => section.entries.filter(([k]) => k === key).map(([, v]) => v).pop();
      addRoute(iface, get('Destination'), get('Gateway'), int(get('Metric')));
    }
    // [DHCP] is the old name of [DHCPv4] (netplan 0.106 still writes it). UseGateway= defaults to UseRoutes=.
    const dhcpSections = ['DHCPv4', 'DHCP'];
    const useRoutes = bool(last(sections, dhcpSections, 'UseRoutes'));
    const useGateway = bool(last(sections, dhcpSections, 'UseGateway'));
    iface.dhcp4DefaultRoute = iface.dhcp4 && (useGateway ?? useRoutes ?? true);
    const metric = int(last(sections, dhcpSections, 'RouteMetric'));
    if (metric !== undefined) iface.dhcp4RouteMetric = metric;
  }
  return finish(renderer, interfaces, [], notes);
}

// --- sysconfig (ifcfg-*, route-*, route6-*) ---------------------------------------------------------------

function shellVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!.trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) value = value.slice(1, -1);
    vars[m[1]!] = value;
  }
  return vars;
}

function maskToPrefix(mask: string): number | undefined {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  const bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : undefined;
}

/**
 * cloud-init's sysconfig renderer, read as RHEL reads it (NetworkManager's ifcfg-rh plugin, or initscripts):
 * DEFROUTE=no keeps DHCP from installing a default route; DHCLIENT_SET_DEFAULT_ROUTE is a SUSE key that
 * ifcfg-rh does not know (absent from its well-known keys), so it suppresses nothing here (it is noted).
 */
export function parseSysconfig(files: Record<string, string>): GuestNetwork {
  const interfaces: Record<string, GuestInterface> = {};
  const notes: string[] = [];
  const byDevice = new Map<string, GuestInterface>();
  let dns: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const file = basename(path);
    if (path.endsWith('etc/resolv.conf')) {
      dns = text.split('\n').flatMap((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1] ?? []);
      continue;
    }
    if (!file.startsWith('ifcfg-')) continue;
    const vars = shellVars(text);
    const device = vars['DEVICE'] ?? file.slice('ifcfg-'.length);
    const key = vars['HWADDR'] ? vars['HWADDR'].toLowerCase() : `name:${device}`;
    const iface = (interfaces[key] ??= blank(key));
    iface.files.push(path);
    iface.name = device;
    byDevice.set(device, iface);
    const bootproto = (vars['BOOTPROTO'] ?? 'none').toLowerCase();
    iface.dhcp4 = bootproto === 'dhcp' || bootproto === 'bootp';
    iface.dhcp6 = bool(vars['DHCPV6C']) === true;
    for (const [name, value] of Object.entries(vars)) {
      const m = /^IPADDR(\d*)$/.exec(name);
      if (!m) continue;
      const prefix = int(vars[`PREFIX${m[1]}`]) ?? (vars[`NETMASK${m[1]}`] ? maskToPrefix(vars[`NETMASK${m[1]}`]!) : undefined);
      iface.addresses.push(prefix === undefined ? value : `${value}/${prefix}`);
    }
    if (vars['IPV6ADDR']) iface.addresses.push(vars['IPV6ADDR']);
    if (vars['IPV6ADDR_SECONDARIES']) iface.addresses.push(...vars['IPV6ADDR_SECONDARIES'].split(/\s+/).filter(Boolean));
    iface.dns.push(...Object.keys(vars).filter((k) => /^DNS\d+$/.test(k)).sort().map((k) => vars[k]!));
    const defroute = bool(vars['DEFROUTE']);
    const metric = int(vars['IPV4_ROUTE_METRIC']) ?? int(vars['METRIC']);
    if (vars['GATEWAY'] && defroute !== false) addRoute(iface, undefined, vars['GATEWAY'], metric);
    if (vars['IPV6_DEFAULTGW'] && bool(vars['IPV6_DEFROUTE']) !== false) addRoute(iface, undefined, vars['IPV6_DEFAULTGW'].split('%')[0], int(vars['IPV6_ROUTE_METRIC']));
    iface.dhcp4DefaultRoute = iface.dhcp4 && defroute !== false;
    if (iface.dhcp4 && metric !== undefined) iface.dhcp4RouteMetric = metric;
    if (vars['DHCLIENT_SET_DEFAULT_ROUTE'] !== undefined) {
      notes.push(`${file}: DHCLIENT_SET_DEFAULT_ROUTE=${vars['DHCLIENT_SET_DEFAULT_ROUTE']} (a SUSE key; RHEL's ifcfg-rh and initscripts read DEFROUTE)`);
    }
    if (vars['METRIC'] !== undefined && vars['IPV4_ROUTE_METRIC'] === undefined) {
      notes.push(`${file}: METRIC=${vars['METRIC']} (NetworkManager's ifcfg-rh reads IPV4_ROUTE_METRIC, not METRIC)`);
    }
  }
  for (const [path, text] of Object.entries(files)) {
    const file = basename(path);
    const m = /^route(6?)-(.+)$/.exec(file);
    if (!m) continue;
    const iface = byDevice.get(m[2]!);
    if (!iface) {
      notes.push(`${file}: no ifcfg-${m[2]}`);
      continue;
    }
    iface.files.push(path);
    if (m[1] === '') {
      const vars = shellVars(text);
      for (const name of Object.keys(vars)) {
        const n = /^ADDRESS(\d+)$/.exec(name)?.[1];
        if (n === undefined) continue;
        const prefix = int(vars[`PREFIX${n}`]) ?? (vars[`NETMASK${n}`] ? maskToPrefix(vars[`NETMASK${n}`]!) : undefined);
        addRoute(iface, `${vars[name]}/${prefix ?? 32}`, vars[`GATEWAY${n}`], int(vars[`METRIC${n}`]));
      }
      // The "ip route" line format is also valid in route-*.
      for (const line of text.split('\n')) routeLine(iface, line);
    } else {
      for (const line of text.split('\n')) routeLine(iface, line);
    }
  }
  return finish('sysconfig', interfaces, dns, notes);
}

function routeLine(iface: GuestInterface, raw: string) {
  const line = raw.trim();
  if (line === '' || line.startsWith('#') || /^[A-Z_]+\d*=/.test(line)) return;
  const words = line.split(/\s+/);
  const at = (word: string) => {
    const i = words.indexOf(word);
    return i >= 0 ? words[i + 1] : undefined;
  };
  addRoute(iface, words[0], at('via'), int(at('metric')));
}

// --- NetworkManager keyfiles ------------------------------------------------------------------------------

/** cloud-init's network-manager renderer (etc/NetworkManager/system-connections/*.nmconnection). */
export function parseNetworkManager(files: Record<string, string>): GuestNetwork {
  const interfaces: Record<string, GuestInterface> = {};
  const notes: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('.nmconnection')) continue;
    const sections = parseIni(text);
    const mac = last(sections, ['ethernet', '802-3-ethernet'], 'mac-address');
    const ifname = last(sections, 'connection', 'interface-name');
    const key = mac ? mac.toLowerCase() : `name:${ifname ?? basename(path)}`;
    const iface = (interfaces[key] ??= blank(key));
    iface.files.push(path);
    if (ifname) iface.name = ifname;
    for (const family of ['ipv4', 'ipv6'] as const) {
      const get = (k: string) => last(sections, family, k);
      const method = get('method');
      if (method === undefined) continue;
      const never = bool(get('never-default')) === true;
      if (family === 'ipv4') iface.dhcp4 = method === 'auto';
      else iface.dhcp6 = method === 'auto' || method === 'dhcp';
      const routeMetric = int(get('route-metric'));
      const section = sections.filter((s) => s.name === family).flatMap((s) => s.entries);
      for (const [k, v] of section) {
        if (/^addresse?s?\d*$/.test(k)) {
          // addressN=ip/prefix[,gateway] (the gateway form is legacy).
          for (const item of v.split(';').filter(Boolean)) {
            const [address, gateway] = item.split(',');
            iface.addresses.push(address!);
            if (gateway && !never) addRoute(iface, undefined, gateway, routeMetric);
          }
        } else if (/^routes?\d*$/.test(k)) {
          for (const item of v.split(';').filter(Boolean)) {
            const [to, via, metric] = item.split(',');
            // NetworkManager never installs a manual route to the default destination on a never-default profile.
            if (never && to !== undefined && DEFAULT_DESTINATIONS.has(to)) continue;
            addRoute(iface, to, via || undefined, int(metric) ?? routeMetric);
          }
        }
      }
      const gateway = get('gateway');
      if (gateway && !never) addRoute(iface, undefined, gateway, routeMetric);
      iface.dns.push(...(get('dns') ?? '').split(';').filter(Boolean));
      if (family === 'ipv4') {
        iface.dhcp4DefaultRoute = iface.dhcp4 && !never;
        if (routeMetric !== undefined) iface.dhcp4RouteMetric = routeMetric;
        if (bool(get('ignore-auto-routes')) === true) notes.push(`${basename(path)}: ignore-auto-routes drops DHCP's classless routes, not its default route`);
      }
    }
  }
  return finish('network-manager', interfaces, [], notes);
}

// --- netplan YAML -----------------------------------------------------------------------------------------

/** cloud-init's netplan renderer (etc/netplan/50-cloud-init.yaml), read with netplan's own scalar rules. */
export function parseNetplan(files: Record<string, string>): GuestNetwork {
  const interfaces: Record<string, GuestInterface> = {};
  const notes: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith('.yaml') && !path.endsWith('.yml')) continue;
    // netplan reads every scalar as a string (libyaml, no implicit types): "failsafe" does the same.
    const doc = (parseYaml(text, { schema: 'failsafe' }) ?? {}) as Record<string, any>;
    const network = (doc['network'] ?? doc) as Record<string, any>;
    const ethernets = (network['ethernets'] ?? {}) as Record<string, any>;
    for (const [id, eth] of Object.entries(ethernets)) {
      const mac: string | undefined = eth?.match?.macaddress;
      const key = mac ? mac.toLowerCase() : `name:${eth?.['set-name'] ?? id}`;
      const iface = (interfaces[key] ??= blank(key));
      iface.files.push(path);
      iface.name = eth?.['set-name'] ?? eth?.match?.name ?? id;
      iface.dhcp4 = bool(eth?.dhcp4) === true;
      iface.dhcp6 = bool(eth?.dhcp6) === true;
      iface.addresses.push(...((eth?.addresses ?? []) as unknown[]).map(String));
      iface.dns.push(...((eth?.nameservers?.addresses ?? []) as unknown[]).map(String));
      if (eth?.gateway4) addRoute(iface, undefined, String(eth.gateway4), undefined);
      if (eth?.gateway6) addRoute(iface, undefined, String(eth.gateway6), undefined);
      for (const route of (eth?.routes ?? []) as Record<string, string>[]) {
        addRoute(iface, route['to'], route['via'], int(route['metric']));
      }
      const overrides = (eth?.['dhcp4-overrides'] ?? {}) as Record<string, string>;
      iface.dhcp4DefaultRoute = iface.dhcp4 && bool(overrides['use-routes']) !== false;
      const metric = int(overrides['route-metric']);
      if (metric !== undefined) iface.dhcp4RouteMetric = metric;
    }
  }
  return finish('netplan', interfaces, [], notes);
}

// --- dispatch ---------------------------------------------------------------------------------------------

/** The model of one renderer's output, or undefined when that renderer wrote nothing (or raised). */
export function guestNetwork(result: GuestResult, renderer: RendererName): GuestNetwork | undefined {
  const files = result.renderers[renderer];
  if (files === undefined) return undefined;
  switch (renderer) {
    case 'networkd':
      return parseNetworkd(files, 'networkd');
    case 'netplan-networkd':
      return parseNetworkd(files, 'netplan-networkd');
    case 'sysconfig':
      return parseSysconfig(files);
    case 'network-manager':
      return parseNetworkManager(files);
    case 'netplan':
      return parseNetplan(files);
  }
}

export function guestNetworks(result: GuestResult): Partial<Record<RendererName, GuestNetwork>> {
  const out: Partial<Record<RendererName, GuestNetwork>> = {};
  for (const renderer of RENDERERS) {
    const model = guestNetwork(result, renderer);
    if (model !== undefined) out[renderer] = model;
  }
  return out;
}
