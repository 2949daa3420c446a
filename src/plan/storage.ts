// What each profile disk becomes (SPEC §5.3): its object name, whether it boots, where its data
// comes from, and the access and volume modes it gets.
import type { Config } from '../config/schema.js';
import type { Profile, ProfileDisk } from '../profile/schema.js';
import { bootDiskIndex, diskImage } from '../profile/semantics.js';

export interface PlannedDisk {
  disk: ProfileDisk;
  /** The profile field, for messages. */
  field: string;
  /** The seed's PVC naming: <profile>-<disk>; also the DataVolume's or VolumeImportSource's name. */
  claimName: string;
  boot: boolean;
  image: string | undefined;
  /** Undefined: CDI takes it from the StorageProfile (DataVolumes only; a PVC in Git must state it). */
  accessMode: ProfileDisk['accessMode'];
  volumeMode: ProfileDisk['volumeMode'];
}

export function planDisks(profile: Profile, config: Config): PlannedDisk[] {
  const boot = bootDiskIndex(profile.spec);
  const claims = config.storage.mode === 'PersistentVolumeClaims';
  return profile.spec.disks.map((disk, i) => ({
    disk,
    field: `spec.disks[${i}]`,
    claimName: `${profile.metadata.name}-${disk.name}`,
    boot: i === boot,
    image: diskImage(profile.spec, i),
    accessMode: disk.accessMode ?? (claims ? config.storage.accessMode : undefined),
    volumeMode: disk.volumeMode ?? (claims ? config.storage.volumeMode : undefined),
  }));
}
