// Cloud-init NoCloud data (SPEC §5.1): network-config v2 matched by MAC, and #cloud-config user data.
// Both are built as YAML documents by a serializer, so no profile value can change their structure.
import { Document, Scalar, parseDocument } from 'yaml';
import type { PlannedNetwork, PlannedPodNetwork } from '../plan/network.js';
import { parseCidr } from '../profile/net.js';
import type { Profile } from '../profile/schema.js';
import { CLOUD_INIT_DISK, POD_NETWORK_NAME, hostnameOf } from '../profile/semantics.js';
import { ownedMetadata } from './meta.js';
import type { Secret, Volume } from './types.js';

/** KubeVirt's webhook limit for inline userData / networkData. */
const INLINE_LIMIT_BYTES = 2048;

// PyYAML (cloud-init) reads YAML 1.1: "02:00:00:00:00:01" would be a base-60 number, "no" a boolean.
const YAML_OPTIONS = { version: '1.1', lineWidth: 0 } as const;

function quoted(value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

export function networkData(pod: PlannedPodNetwork | undefined, networks: readonly PlannedNetwork[]): string | undefined {
  if (!pod && networks.length === 0) return undefined;
  const routed = defaultRouteNetwork(pod, networks);
  const ethernets: Record<string, unknown> = {};
  if (pod) {
    // KubeVirt's DHCP server hands the guest its address behind the pod IP; our network data
    // replaces the image's own DHCP fallback, so it must ask for it.
    const entry: Record<string, unknown> = { match: { macaddress: quoted(pod.macAddress) }, 'set-name': pod.guestName, dhcp4: true };
    if (routed !== pod) entry['dhcp4-overrides'] = { 'use-routes': false };
    ethernets[POD_NETWORK_NAME] = entry;
  }
  for (const planned of networks) {
    const ip = planned.network.ipConfig;
    const entry: Record<string, unknown> = {
      match: { macaddress: quoted(planned.macAddress) },
      'set-name': planned.guestName,
    };
    if (ip?.mode === 'dhcp') {
      entry['dhcp4'] = true;
      // One default route: only the routed network's DHCP server may set it. networkd and netplan
      // honour this; cloud-init's sysconfig and NetworkManager renderers drop it (docs/profile.md "Guest networking").
      if (planned !== routed) entry['dhcp4-overrides'] = { 'use-routes': false };
    }
    if (ip?.mode === 'static' && ip.address !== undefined) {
      entry['addresses'] = [ip.address];
      // gateway4/gateway6, not a route to ::/0: cloud-init before 23.1 turns ::/0 into ::/64 in
      // every renderer but netplan (canonical/cloud-init#1973); profile rules allow one per family.
      if (ip.gateway !== undefined) entry[parseCidr(ip.address)?.family === 'ipv6' ? 'gateway6' : 'gateway4'] = ip.gateway;
    }
    if (ip?.dnsServers && ip.dnsServers.length > 0) entry['nameservers'] = { addresses: [...ip.dnsServers] };
    ethernets[planned.network.name] = entry;
  }
  // NoCloud network-config has no top-level "network:" key.
  return new Document({ version: 2, ethernets }, YAML_OPTIONS).toString(YAML_OPTIONS);
}

/** The network whose gateway the guest routes IPv4 through: a static gateway, else the pod network, else the first DHCP network. */
function defaultRouteNetwork(pod: PlannedPodNetwork | undefined, networks: readonly PlannedNetwork[]): PlannedNetwork | PlannedPodNetwork | undefined {
  const hasIpv4Gateway = (planned: PlannedNetwork) => {
    const ip = planned.network.ipConfig;
    return ip?.mode === 'static' && ip.gateway !== undefined && parseCidr(ip.address ?? '')?.family === 'ipv4';
  };
  return networks.find(hasIpv4Gateway) ?? pod ?? networks.find((planned) => planned.network.ipConfig?.mode === 'dhcp');
}

/**
 * #cloud-config with the hostname. A user-supplied #cloud-config (validated by profile/rules.ts) is
 * kept, comments too, and gets the hostname unless it sets one; other user data (scripts, MIME)
 * passes as is, and KubeVirt's meta-data carries the hostname.
 */
export function userData(profile: Profile): string {
  const hostname = hostnameOf(profile);
  const own = profile.spec.cloudInit?.userData;
  if (own !== undefined && !/^#cloud-config[ \t]*\r?\n/.test(own)) return own;
  const doc = own === undefined ? undefined : parseDocument(own, { version: '1.1' });
  if (doc === undefined || doc.contents === null) return '#cloud-config\n' + new Document({ hostname }, YAML_OPTIONS).toString(YAML_OPTIONS);
  if (!doc.has('hostname')) doc.set('hostname', hostname);
  return doc.toString(YAML_OPTIONS);
}

export interface CloudInit {
  volume: Volume;
  /** Holds the data that exceeds KubeVirt's inline limit. */
  secret?: Secret;
}

function cloudInitSecretName(profile: Profile): string {
  return `${profile.metadata.name}-cloudinit`;
}

export function cloudInit(profile: Profile, user: string, network: string | undefined): CloudInit {
  const data: Record<string, string> = {};
  const source: NonNullable<Volume['cloudInitNoCloud']> = {};
  const secretRef = { name: cloudInitSecretName(profile) };
  if (Buffer.byteLength(user) > INLINE_LIMIT_BYTES) {
    data['userdata'] = Buffer.from(user).toString('base64');
    // The Go field is UserDataSecretRef; its JSON name is secretRef.
    source.secretRef = secretRef;
  } else {
    source.userData = user;
  }
  if (network !== undefined) {
    if (Buffer.byteLength(network) > INLINE_LIMIT_BYTES) {
      data['networkdata'] = Buffer.from(network).toString('base64');
      source.networkDataSecretRef = secretRef;
    } else {
      source.networkData = network;
    }
  }
  const volume: Volume = { name: CLOUD_INIT_DISK, cloudInitNoCloud: source };
  if (Object.keys(data).length === 0) return { volume };
  return {
    volume,
    secret: { apiVersion: 'v1', kind: 'Secret', metadata: ownedMetadata(profile, secretRef.name), type: 'Opaque', data },
  };
}
