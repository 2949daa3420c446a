// What each profile network needs (SPEC §5.2): its binding, MAC, guest name, and the NAD and node
// bridge it is attached through, with names and settings resolved from the function config.
// Planning never reports problems; plan/checks.ts reads the plans for those.
import type { Config } from '../config/schema.js';
import type { NetworkType, PodBinding, Profile, ProfileNetwork } from '../profile/schema.js';
import { POD_NETWORK_NAME, type PodNetwork, guestInterfaceName, podNetworkOf } from '../profile/semantics.js';
import { macAddress, shortHash } from './identity.js';

const CNI_VERSION = '0.3.1';
const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

type Binding = 'bridge' | 'sriov' | 'macvtap';

/** A NAD this function generates; identical plans (same namespace and name) are one NAD. */
export interface NadPlan {
  name: string;
  namespace: string | undefined;
  cni: Record<string, unknown>;
  annotations: Record<string, string>;
}

/** A node bridge a generated NAD needs; becomes an NNCP. */
export interface BridgePlan {
  name: string;
  type: 'linux-bridge' | 'ovs-bridge';
  uplink: string | undefined;
  /** Whether the uplink came from the profile (so a conflict names the profile field). */
  uplinkFromProfile: boolean;
  /** Only network.defaultUplink gave it: the network follows whatever uplink the bridge has. */
  uplinkIsDefault: boolean;
  /** The profile says the bridge has no uplink on purpose. */
  hostLocal: boolean;
  tagged: boolean;
}

export interface PlannedNetwork {
  network: ProfileNetwork;
  field: string;
  binding: Binding;
  /** multus networkName: a generated NAD's name or the profile's nadName; '' when none can be had. */
  networkName: string;
  nad?: NadPlan;
  bridge?: BridgePlan;
  /** The host NIC a macvtap network sits on. */
  macvtapUplink?: string;
  macAddress: string;
  guestName: string;
  /** The L2 segment, to catch two VMs claiming one static address on it. */
  segment: string;
}

/** The pod network, always the first interface (virtctl ssh and port-forward dial the first one). */
export interface PlannedPodNetwork {
  field: 'spec.podNetwork';
  binding: PodBinding;
  ports: PodNetwork['ports'];
  macAddress: string;
  guestName: string;
}

export function planPodNetwork(profile: Profile, config: Config): PlannedPodNetwork | undefined {
  const pod = podNetworkOf(profile.spec);
  if (!pod) return undefined;
  const { namespace, name } = profile.metadata;
  return { field: 'spec.podNetwork', binding: pod.binding, ports: pod.ports, macAddress: macAddress(config.clusterName, namespace, name, POD_NETWORK_NAME), guestName: guestInterfaceName(0) };
}

const BINDING: Record<NetworkType, Binding> = { bridge: 'bridge', ovs: 'bridge', sriov: 'sriov', macvlan: 'macvtap' };

export function planNetworks(profile: Profile, config: Config): PlannedNetwork[] {
  const first = podNetworkOf(profile.spec) ? 1 : 0;
  return profile.spec.networks.map((network, i) => {
    const planned: PlannedNetwork = {
      network,
      field: `spec.networks[${i}]`,
      binding: BINDING[network.type],
      networkName: '',
      macAddress: (network.macAddress ?? macAddress(config.clusterName, profile.metadata.namespace, profile.metadata.name, network.name)).toLowerCase(),
      guestName: guestInterfaceName(first + i),
      segment: '',
    };
    if (network.nadName) {
      planned.networkName = network.nadName;
      const qualified = network.nadName.includes('/') ? network.nadName : `${profile.metadata.namespace ?? ''}/${network.nadName}`;
      planned.segment = `nad:${qualified}`;
      return planned;
    }
    const generated = planGeneratedNad(profile, network, config);
    if (generated) {
      Object.assign(planned, generated);
      planned.networkName = generated.nad.name;
    }
    return planned;
  });
}

interface GeneratedPlan {
  nad: NadPlan;
  bridge?: BridgePlan;
  macvtapUplink?: string;
  segment: string;
}

/** The NAD to generate, or undefined when the config lacks what it needs (checks.ts says what). */
function planGeneratedNad(profile: Profile, network: ProfileNetwork, config: Config): GeneratedPlan | undefined {
  const namespace = profile.metadata.namespace;
  const vlan = network.vlanId;
  const vlanSuffix = vlan === undefined ? '' : `-vlan${vlan}`;
  switch (network.type) {
    case 'bridge':
    case 'ovs': {
      const isOvs = network.type === 'ovs';
      const bridgeName = network.bridgeName ?? (isOvs ? config.network.defaultOvsBridge : config.network.defaultBridge) ?? defaultBridgeName(network.name);
      const hostLocal = network.hostLocal === true;
      // A host-local bridge takes no default uplink; an explicit one is a contradiction checks.ts reports.
      const uplink = hostLocal ? undefined : (network.uplink ?? config.network.uplinks[bridgeName] ?? config.network.defaultUplink);
      const trunk = network.trunk;
      const portSuffix = trunk ? `-trunk-${shortHash(JSON.stringify(trunk))}` : vlanSuffix;
      const name = `${network.type}-${nameToken(bridgeName)}${portSuffix}`;
      const cni: Record<string, unknown> = { cniVersion: CNI_VERSION, name, type: network.type, bridge: bridgeName };
      if (vlan !== undefined) cni['vlan'] = vlan;
      const annotations: Record<string, string> = {};
      if (isOvs) {
        if (trunk) cni['trunk'] = trunk.map((entry) => ({ ...entry }));
        annotations[RESOURCE_NAME_ANNOTATION] = `ovs-cni.network.kubevirt.io/${bridgeName}`;
      } else {
        // Bridge CNI v1.3-v1.7 keep the bridge's default VLAN 1 on a VLAN port unless told not to,
        // so the VM would see the native VLAN's traffic (containernetworking/plugins#1181, #667).
        if (vlan !== undefined) cni['preserveDefaultVlan'] = false;
        // VMs bring their own addresses; the pod side of the veth carries none (KubeVirt's examples).
        cni['macspoofchk'] = true;
        cni['disableContainerInterface'] = true;
        if (config.network.bridgeMarker) annotations[RESOURCE_NAME_ANNOTATION] = `bridge.network.kubevirt.io/${bridgeName}`;
      }
      return {
        nad: { name, namespace, cni, annotations },
        bridge: {
          name: bridgeName,
          type: isOvs ? 'ovs-bridge' : 'linux-bridge',
          uplink,
          uplinkFromProfile: network.uplink !== undefined,
          uplinkIsDefault: uplink !== undefined && network.uplink === undefined && config.network.uplinks[bridgeName] === undefined,
          hostLocal,
          tagged: vlan !== undefined || trunk !== undefined,
        },
        segment: `${network.type}:${bridgeName}:${trunk ? name : (vlan ?? 0)}`,
      };
    }
    case 'sriov': {
      const resourceName = config.network.sriovResourceName;
      if (!resourceName) return undefined;
      const name = `sriov${vlanSuffix}`;
      const cni: Record<string, unknown> = { cniVersion: CNI_VERSION, name, type: 'sriov' };
      if (vlan !== undefined) cni['vlan'] = vlan;
      return {
        nad: { name, namespace, cni, annotations: { [RESOURCE_NAME_ANNOTATION]: resourceName } },
        segment: `sriov:${resourceName}:${vlan ?? 0}`,
      };
    }
    case 'macvlan': {
      const uplink = network.uplink ?? config.network.macvtapUplink;
      if (!uplink) return undefined;
      const name = `macvtap-${nameToken(uplink)}`;
      return {
        nad: {
          name,
          namespace,
          cni: { cniVersion: CNI_VERSION, name, type: 'macvtap' },
          annotations: { [RESOURCE_NAME_ANNOTATION]: config.network.macvtapResources[uplink] ?? `macvtap.network.kubevirt.io/${uplink}` },
        },
        macvtapUplink: uplink,
        segment: `macvtap:${uplink}`,
      };
    }
  }
}

/** br-<network>, shortened with a hash to the 15-character interface-name limit. */
function defaultBridgeName(networkName: string): string {
  const plain = `br-${networkName}`;
  return plain.length <= 15 ? plain : `br-${networkName.slice(0, 6)}-${shortHash(networkName, 5)}`;
}

/** An interface name as part of a DNS label; a hash keeps cleaned or ambiguous names distinct. */
export function nameToken(interfaceName: string): string {
  const clean = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(interfaceName) && !/-vlan[0-9]+$/.test(interfaceName);
  if (clean) return interfaceName;
  // Interface names start with a letter or digit (fields.ts): only the end can be a "-" after cleaning.
  const cleaned = interfaceName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '');
  return `${cleaned}-${shortHash(interfaceName)}`;
}
