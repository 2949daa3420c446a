// IP and MAC address parsing for profile validation and cloud-init rendering.
import ipaddr from 'ipaddr.js';

type IpFamily = 'ipv4' | 'ipv6';

interface Cidr {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
  family: IpFamily;
}

/** Only the canonical textual forms cloud-init and netplan accept (no "0x7f.1" style IPv4). */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes('%') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || !/^[0-9]{1,3}$/.test(text.slice(slash + 1))) return undefined;
  const address = parseIp(text.slice(0, slash));
  if (!address) return undefined;
  const prefix = Number(text.slice(slash + 1));
  const family = address.kind();
  if (prefix > (family === 'ipv4' ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

export function inSubnet(ip: ipaddr.IPv4 | ipaddr.IPv6, cidr: Cidr): boolean {
  if (ip.kind() !== cidr.family) return false;
  // match() is typed per family; the kinds are equal here.
  return (ip as ipaddr.IPv4).match(cidr.address as ipaddr.IPv4, cidr.prefix);
}

/** For an IPv4 subnet of /30 or wider: is this its network or broadcast address? */
export function isNetworkOrBroadcast(cidr: Cidr): boolean {
  if (cidr.family !== 'ipv4' || cidr.prefix > 30) return false;
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr.address.toString() + '/' + cidr.prefix).toString();
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(cidr.address.toString() + '/' + cidr.prefix).toString();
  const own = cidr.address.toString();
  return own === network || own === broadcast;
}

export const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

export function macAddressProblem(text: string): string | undefined {
  if (!MAC.test(text)) return 'must be six hexadecimal octets separated by ":", e.g. "02:5a:1b:00:00:01"';
  // (The reserved addresses below are all digits, so the case of the letters does not matter.)
  if (parseInt(text.slice(0, 2), 16) & 1) return 'is a multicast address; a network interface needs a unicast MAC (even first octet)';
  if (text === '00:00:00:00:00:00') return 'is the all-zero address, which no interface may use';
  if (text === '02:00:00:00:00:00') return 'is reserved by KubeVirt for masquerade interfaces';
  return undefined;
}
