// The plan of one render: per profile its networks and disks, and the NADs and node bridges shared
// across profiles. Pure: profiles and config in, plan out; problems are checks.ts's job.
import type { Config } from '../config/schema.js';
import type { Profile } from '../profile/schema.js';
import { compareProfiles } from '../profile/semantics.js';
import { type BridgeUse, type NodeBridge, mergeBridges } from './bridges.js';
import { type NadPlan, type PlannedNetwork, type PlannedPodNetwork, planNetworks, planPodNetwork } from './network.js';
import { type PlannedDisk, planDisks } from './storage.js';

export interface ProfilePlan {
  profile: Profile;
  /** The first interface when present. */
  pod: PlannedPodNetwork | undefined;
  networks: PlannedNetwork[];
  disks: PlannedDisk[];
}

interface SharedNad {
  plan: NadPlan;
  /** Sorted, deduplicated. */
  owners: Profile[];
  /** The first profile network that needs it, for messages. */
  field: string;
}

export interface Plan {
  /** Sorted by namespace and name. */
  profiles: ProfilePlan[];
  nads: SharedNad[];
  /** Empty when the config leaves node networking to someone else (nodeNetwork.generate: false). */
  bridgeUses: BridgeUse[];
  bridges: NodeBridge[];
}

export function planRender(profiles: readonly Profile[], config: Config): Plan {
  const planned = [...profiles].sort(compareProfiles).map((profile) => ({ profile, pod: planPodNetwork(profile, config), networks: planNetworks(profile, config), disks: planDisks(profile, config) }));
  const nads = new Map<string, SharedNad>();
  const bridgeUses: BridgeUse[] = [];
  for (const { profile, networks } of planned) {
    for (const net of networks) {
      if (net.nad) {
        const key = `${net.nad.namespace ?? ''}/${net.nad.name}`;
        const entry = nads.get(key);
        if (!entry) nads.set(key, { plan: net.nad, owners: [profile], field: net.field });
        else if (entry.owners.at(-1) !== profile) entry.owners.push(profile);
      }
      if (net.bridge && config.nodeNetwork.generate) bridgeUses.push({ profile, field: net.field, plan: net.bridge });
    }
  }
  return { profiles: planned, nads: [...nads.values()], bridgeUses, bridges: mergeBridges(bridgeUses) };
}
