// profile/net.ts: which static addresses and MAC addresses a profile may give its networks, at the
// edges of each rule, with the message the author reads at the field.
import { describe, expect, it } from 'vitest';
import { inSubnet, parseCidr, parseIp } from '../../src/profile/net.js';
import { validateProfile } from '../../src/profile/validate.js';
import { type Obj, profile } from '../support/fixtures.js';

const withNetwork = (network: Obj) => validateProfile(profile('vm1', { networks: [{ name: 'lan', type: 'bridge', ...network }] })).issues;
const withAddress = (address: string) => withNetwork({ ipConfig: { mode: 'static', address } });
const ADDRESS = 'spec.networks[0].ipConfig.address';

describe('static addresses', () => {
  it.each([
    ['an IPv4 host route', '10.0.0.5/32'],
    ['an IPv6 host route', 'fd00::5/128'],
    ['either end of an IPv4 /31 (RFC 3021: no network or broadcast address)', '10.0.0.0/31'],
    ['the upper end of a /31', '10.0.0.1/31'],
    ['a host of a /30', '10.0.0.2/30'],
    ['an IPv6 address in a short prefix', 'fd00::5/24'],
    ['the first address of an IPv6 subnet (IPv6 has no broadcast)', 'fd00::/64'],
  ])('accepts %s: %s', (_, address) => {
    expect(withAddress(address)).toEqual([]);
  });

  it.each([
    ['no prefix length', '10.0.0.5'],
    ['an empty prefix length', '10.0.0.5/'],
    ['no address', '/24'],
    ['an IPv4 prefix above 32', '10.0.0.5/33'],
    ['an IPv6 prefix above 128', 'fd00::5/129'],
    ['letters before the prefix length', '10.0.0.5/x24'],
    ['letters after the prefix length', '10.0.0.5/24x'],
    ['a prefix length of four digits', '10.0.0.5/0024'],
    ['an IPv4 address in a non-canonical form', '10.1/24'],
    ['an IPv6 zone', 'fe80::1%eth0/64'],
  ])('refuses %s: %s', (_, address) => {
    expect(withAddress(address)).toEqual([
      { severity: 'error', field: ADDRESS, message: `${JSON.stringify(address)} is not an address in CIDR form; write it like "192.168.100.10/24"` },
    ]);
  });

  it.each([
    ['the network address of a /24', '10.0.0.0/24'],
    ['the broadcast address of a /24', '10.0.0.255/24'],
    ['the network address of a /30', '10.0.0.0/30'],
    ['the broadcast address of a /30', '10.0.0.3/30'],
  ])('refuses %s: %s', (_, address) => {
    expect(withAddress(address)).toEqual([
      { severity: 'error', field: ADDRESS, message: `${address} is the network or broadcast address of its subnet; give the VM a host address` },
    ]);
  });

  it('tells no subnet from an address of the other family (no exception)', () => {
    expect(inSubnet(parseIp('fd00::1')!, parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(inSubnet(parseIp('10.0.0.1')!, parseCidr('fd00::/8')!)).toBe(false);
    expect(inSubnet(parseIp('10.0.0.1')!, parseCidr('10.0.0.0/8')!)).toBe(true);
  });
});

describe('MAC addresses', () => {
  it.each(['02:aa:bb:cc:dd:ee', '02:AA:BB:CC:DD:EE', '00:00:00:00:00:01', 'fe:00:00:00:00:00'])('accepts %s', (macAddress) => {
    expect(withNetwork({ macAddress })).toEqual([]);
  });

  it.each([
    ['02:00:00', 'must be six hexadecimal octets separated by ":", e.g. "02:5a:1b:00:00:01"'],
    ['02-aa-bb-cc-dd-ee', 'must be six hexadecimal octets separated by ":", e.g. "02:5a:1b:00:00:01"'],
    ['00:00:00:00:00:00', 'is the all-zero address, which no interface may use'],
    ['01:00:5e:00:00:01', 'is a multicast address; a network interface needs a unicast MAC (even first octet)'],
    ['FF:FF:FF:FF:FF:FF', 'is a multicast address; a network interface needs a unicast MAC (even first octet)'],
    ['02:00:00:00:00:00', 'is reserved by KubeVirt for masquerade interfaces'],
  ])('refuses %s', (macAddress, problem) => {
    expect(withNetwork({ macAddress })).toEqual([{ severity: 'error', field: 'spec.networks[0].macAddress', message: `"${macAddress}" ${problem}` }]);
  });
});
