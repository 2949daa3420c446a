// What each profile disk becomes (SPEC §5.3): its object name, whether it boots, where its data
// comes from.
import type { Profile, ProfileDisk } from '../profile/schema.js';
import { bootDiskIndex, diskImage } from '../profile/semantics.js';

export interface PlannedDisk {
  disk: ProfileDisk;
  /** The seed's PVC naming: <profile>-<disk>. */
  dataVolumeName: string;
  boot: boolean;
  image: string | undefined;
}

export function planDisks(profile: Profile): PlannedDisk[] {
  const boot = bootDiskIndex(profile.spec);
  return profile.spec.disks.map((disk, i) => ({
    disk,
    dataVolumeName: `${profile.metadata.name}-${disk.name}`,
    boot: i === boot,
    image: diskImage(profile.spec, i),
  }));
}
