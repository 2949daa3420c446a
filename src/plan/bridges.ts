// Node bridges across all profiles of a render (SPEC §5.4): one per bridge name, shared by every
// profile that uses it. The first use decides the bridge's type, the first explicit uplink (profile
// or network.uplinks) its uplink, else network.defaultUplink unless a use keeps the bridge on the node;
// checks.ts reports the uses that disagree.
import type { Profile } from '../profile/schema.js';
import { compareStrings } from '../text.js';
import type { BridgePlan } from './network.js';

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
  /** Sorted, deduplicated; uses of another type are not owners. */
  owners: Profile[];
  tagged: boolean;
  untagged: boolean;
  /** The uses that decided the type and the uplink. */
  typeUse: BridgeUse;
  uplinkUse: BridgeUse | undefined;
}

/** Uses must come sorted by profile. Bridges come sorted by name. */
export function mergeBridges(uses: readonly BridgeUse[]): NodeBridge[] {
  const bridges = new Map<string, NodeBridge>();
  const hostLocal = new Set<NodeBridge>();
  for (const use of uses) {
    const { plan, profile } = use;
    let bridge = bridges.get(plan.name);
    if (!bridge) {
      bridge = { name: plan.name, type: plan.type, uplink: undefined, owners: [], tagged: false, untagged: false, typeUse: use, uplinkUse: undefined };
      bridges.set(plan.name, bridge);
    }
    if (plan.type !== bridge.type) continue;
    const explicitOverDefault = !plan.uplinkIsDefault && bridge.uplinkUse?.plan.uplinkIsDefault === true;
    if (plan.uplink !== undefined && (bridge.uplinkUse === undefined || explicitOverDefault)) {
      bridge.uplink = plan.uplink;
      bridge.uplinkUse = use;
    }
    if (plan.hostLocal) hostLocal.add(bridge);
    if (bridge.owners.at(-1) !== profile) bridge.owners.push(profile);
    if (plan.tagged) bridge.tagged = true;
    else bridge.untagged = true;
  }
  // The default uplink never overrides a use that keeps the bridge on the node.
  for (const bridge of hostLocal) {
    if (bridge.uplinkUse?.plan.uplinkIsDefault) {
      bridge.uplink = undefined;
      bridge.uplinkUse = undefined;
    }
  }
  return [...bridges.values()].sort((a, b) => compareStrings(a.name, b.name));
}
