// NMState NodeNetworkConfigurationPolicies, one per node bridge across all profiles (SPEC §5.4).
import type { Config } from '../config/schema.js';
import type { NodeBridge } from '../plan/bridges.js';
import { nameToken } from '../plan/network.js';
import { sharedMetadata } from './meta.js';
import type { NmstateInterface, NodeNetworkConfigurationPolicy } from './types.js';

// kubernetes-nmstate trunks VLANs 2-4094 on a linux-bridge port without a vlan key; untagged VM ports
// sit in VLAN 1, so they need VLAN 1 as the native VLAN, or no VLAN filtering at all.
function linuxBridgePortVlan(bridge: NodeBridge): Record<string, unknown> | undefined {
  if (!bridge.untagged) return undefined;
  if (!bridge.tagged) return {};
  return { mode: 'trunk', 'enable-native': true, tag: 1, 'trunk-tags': [{ 'id-range': { min: 2, max: 4094 } }] };
}

export function nodeNetworkConfigurationPolicy(bridge: NodeBridge, config: Config): NodeNetworkConfigurationPolicy {
  const port = bridge.uplink === undefined ? [] : [{ name: bridge.uplink }];
  let iface: NmstateInterface;
  if (bridge.type === 'linux-bridge') {
    const vlan = linuxBridgePortVlan(bridge);
    iface = {
      name: bridge.name,
      type: 'linux-bridge',
      state: 'up',
      ipv4: { enabled: false },
      ipv6: { enabled: false },
      bridge: { options: { stp: { enabled: false } }, port: port.map((p) => (vlan ? { ...p, vlan } : p)) },
    };
  } else {
    iface = { name: bridge.name, type: 'ovs-bridge', state: 'up', bridge: { options: { stp: false }, port } };
  }
  const nodeSelector = config.nodeNetwork.nodeSelector;
  return {
    apiVersion: 'nmstate.io/v1',
    kind: 'NodeNetworkConfigurationPolicy',
    metadata: sharedMetadata(nameToken(bridge.name), undefined, bridge.owners),
    spec: {
      ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector: { ...nodeSelector } } : {}),
      desiredState: { interfaces: [iface] },
    },
  };
}
