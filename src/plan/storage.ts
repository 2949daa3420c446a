// What each profile disk becomes (SPEC §5.3): its claim's name, whether it boots, where its data
// comes from, which object holds it in the configured storage mode, and its access and volume modes.
import type { Config } from '../config/schema.js';
import type { Profile, ProfileDisk } from '../profile/schema.js';
import { bootDiskIndex, diskImage } from '../profile/semantics.js';

export type DiskSource =
  | { kind: 'image'; image: string }
  | { kind: 'blank' }
  | { kind: 'dataSource'; name: string; namespace: string | undefined }
  | { kind: 'clone'; name: string; namespace: string | undefined }
  | { kind: 'claim' };

/**
 * populated-claim: a PVC filled by CDI's VolumeImportSource populator; data-volume: a standalone
 * DataVolume; template: a VM dataVolumeTemplate; claim: an existing PVC nothing is generated for.
 * CDI's populators cannot clone from another namespace or a DataSource (CDI
 * pkg/controller/populators/clone-populator.go validateCrossNamespace; no DataSource populator), so
 * in PersistentVolumeClaims mode those disks are DataVolumes, which CDI resolves and authorises.
 */
type DiskHolder = 'populated-claim' | 'data-volume' | 'template' | 'claim';

export interface PlannedDisk {
  disk: ProfileDisk;
  /** The profile field, for messages. */
  field: string;
  /** The seed's PVC naming: <profile>-<disk> (also the DataVolume's or VolumeImportSource's), or an existing claim. */
  claimName: string;
  boot: boolean;
  source: DiskSource;
  holder: DiskHolder;
  /** Undefined: CDI takes it from the StorageProfile (DataVolumes only; a PVC in Git must state it), or an existing claim's. */
  accessMode: ProfileDisk['accessMode'];
  volumeMode: ProfileDisk['volumeMode'];
}

function sourceOf(profile: Profile, index: number): DiskSource {
  const disk = profile.spec.disks[index]!;
  if (disk.claimName !== undefined) return { kind: 'claim' };
  if (disk.dataSource) return { kind: 'dataSource', name: disk.dataSource.name, namespace: disk.dataSource.namespace };
  if (disk.clone) return { kind: 'clone', name: disk.clone.name, namespace: disk.clone.namespace ?? profile.metadata.namespace };
  const image = diskImage(profile.spec, index);
  return image === undefined ? { kind: 'blank' } : { kind: 'image', image };
}

function holderOf(source: DiskSource, config: Config): DiskHolder {
  if (source.kind === 'claim') return 'claim';
  switch (config.storage.mode) {
    case 'DataVolumeTemplates':
      return 'template';
    case 'DataVolumes':
      return 'data-volume';
    case 'PersistentVolumeClaims':
      return source.kind === 'image' || source.kind === 'blank' ? 'populated-claim' : 'data-volume';
  }
}

export function planDisks(profile: Profile, config: Config): PlannedDisk[] {
  const boot = bootDiskIndex(profile.spec);
  const claims = config.storage.mode === 'PersistentVolumeClaims';
  return profile.spec.disks.map((disk, i) => {
    const source = sourceOf(profile, i);
    const existing = source.kind === 'claim';
    return {
      disk,
      field: `spec.disks[${i}]`,
      claimName: disk.claimName ?? `${profile.metadata.name}-${disk.name}`,
      boot: i === boot,
      source,
      holder: holderOf(source, config),
      accessMode: existing ? undefined : (disk.accessMode ?? (claims ? config.storage.accessMode : undefined)),
      volumeMode: existing ? undefined : (disk.volumeMode ?? (claims ? config.storage.volumeMode : undefined)),
    };
  });
}
