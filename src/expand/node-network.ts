// Node bridges → NMState NodeNetworkConfigurationPolicies, one per bridge across all profiles
// (SPEC §5.4). Profiles that demand different settings for one bridge are an error naming both.
import type { Config } from '../config/schema.js';
import { type OwnedIssue, error, warning } from '../issues.js';
import type { Profile } from '../profile/schema.js';
import { compareStrings, profileKey, sharedMetadata } from './meta.js';
import { type BridgePlan, nameToken } from './network.js';
import type { NmstateInterface, NodeNetworkConfigurationPolicy } from './types.js';

export interface BridgeUse {
  profile: Profile;
  /** The profile network that needs the bridge, e.g. "spec.networks[0]". */
  field: string;
  plan: BridgePlan;
}

export interface NodeBridge {
  name: string;
  type: BridgePlan['type'];
  uplink: string | undefined;
  /** Sorted, deduplicated. */
  owners: Profile[];
  tagged: boolean;
  untagged: boolean;
}

/** Uses must come sorted by profile; the first use of a bridge decides, later ones must agree. */
export function mergeBridges(uses: readonly BridgeUse[]): { bridges: NodeBridge[]; issues: OwnedIssue<Profile>[] } {
  const issues: OwnedIssue<Profile>[] = [];
  const bridges = new Map<string, NodeBridge & { typeUse: BridgeUse; uplinkUse?: BridgeUse }>();
  for (const use of uses) {
    const { plan, profile, field } = use;
    let bridge = bridges.get(plan.name);
    if (!bridge) {
      bridge = { name: plan.name, type: plan.type, uplink: undefined, owners: [], tagged: false, untagged: false, typeUse: use };
      bridges.set(plan.name, bridge);
    }
    if (plan.type !== bridge.type) {
      issues.push({
        owner: profile,
        ...error(`${field}.type`, `node bridge "${plan.name}" is a ${bridge.type} for ${where(bridge.typeUse)} but this network needs a ${plan.type}; a node bridge has one type, so use another bridgeName`),
      });
      continue;
    }
    if (plan.uplink !== undefined) {
      if (bridge.uplinkUse === undefined) {
        bridge.uplink = plan.uplink;
        bridge.uplinkUse = use;
      } else if (bridge.uplink !== plan.uplink) {
        issues.push({
          owner: profile,
          ...error(
            plan.uplinkFromProfile ? `${field}.uplink` : `${field}.bridgeName`,
            `node bridge "${plan.name}" is attached to ${bridge.uplink} for ${where(bridge.uplinkUse)} but to ${plan.uplink} here; one bridge has one uplink`,
          ),
        });
      }
    }
    if (bridge.owners.at(-1) !== profile) bridge.owners.push(profile);
    if (plan.tagged) bridge.tagged = true;
    else bridge.untagged = true;
  }

  // A NIC can be the port of one bridge only.
  const byUplink = new Map<string, NodeBridge>();
  const merged = [...bridges.values()].sort((a, b) => compareStrings(a.name, b.name));
  for (const bridge of merged) {
    if (bridge.uplink === undefined) continue;
    const other = byUplink.get(bridge.uplink);
    if (!other) {
      byUplink.set(bridge.uplink, bridge);
      continue;
    }
    for (const use of uses.filter((u) => u.plan.name === bridge.name)) {
      issues.push({
        owner: use.profile,
        ...error(`${use.field}.bridgeName`, `node NIC ${bridge.uplink} would be the uplink of both "${other.name}" and "${bridge.name}"; a NIC can be the port of one bridge only`),
      });
    }
  }
  return { bridges: merged.map(({ name, type, uplink, owners, tagged, untagged }) => ({ name, type, uplink, owners, tagged, untagged })), issues };
}

export function bridgeWithoutUplinkWarnings(uses: readonly BridgeUse[], bridges: readonly NodeBridge[]): OwnedIssue<Profile>[] {
  const unlinked = new Set(bridges.filter((bridge) => bridge.uplink === undefined).map((bridge) => bridge.name));
  return uses
    .filter((use) => unlinked.has(use.plan.name))
    .map((use) => ({
      owner: use.profile,
      ...warning(
        use.field,
        `node bridge "${use.plan.name}" has no uplink NIC, so it carries no traffic off the node; set network.uplinks or network.defaultUplink in the function config, or uplink on this network`,
      ),
    }));
}

function where(use: BridgeUse): string {
  return `${profileKey(use.profile)} ${use.field}`;
}

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
