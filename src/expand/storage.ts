// The objects that hold each profile disk (SPEC §5.3), as planned: a PVC filled by CDI's
// VolumeImportSource populator, a standalone DataVolume, or a VM dataVolumeTemplate.
import type { Config } from '../config/schema.js';
import type { DiskSource, PlannedDisk } from '../plan/storage.js';
import type { Profile } from '../profile/schema.js';
import { ownedMetadata } from './meta.js';
import type { DataVolume, DataVolumeSpec, DataVolumeTemplateSpec, PersistentVolumeClaim, VolumeImportSource } from './types.js';

/** http(s) URLs import over HTTP; anything else is a registry image (containerDisk layout). */
function importSource(source: DiskSource): NonNullable<DataVolumeSpec['source']> {
  if (source.kind !== 'image') return { blank: {} };
  const image = source.image;
  if (/^https?:\/\//.test(image)) return { http: { url: image } };
  if (/^(docker|oci-archive):\/\//.test(image)) return { registry: { url: image } };
  return { registry: { url: `docker://${image}` } };
}

const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';

/** On whatever holds a disk's data: neither Argo CD nor Flux prunes or deletes it. */
export function dataProtection(config: Config): Record<string, string> {
  return config.storage.protectFromPrune ? { [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false', [FLUX_PRUNE]: 'disabled' } : {};
}

/** The populator's source; editing it later changes nothing on a filled PVC. */
export function volumeImportSource(profile: Profile, planned: PlannedDisk): VolumeImportSource {
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'VolumeImportSource',
    metadata: ownedMetadata(profile, planned.claimName),
    spec: { source: importSource(planned.source) },
  };
}

/**
 * A PVC in Git whose only field that may change is its size (Kubernetes allows growing it). Access
 * and volume mode are stated, not left to CDI's StorageProfile webhook, which would also inflate the
 * size on creation and make every later sync a refused shrink.
 */
export function persistentVolumeClaim(profile: Profile, planned: PlannedDisk, config: Config): PersistentVolumeClaim {
  const metadata = ownedMetadata(profile, planned.claimName);
  const annotations = dataProtection(config);
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata,
    spec: {
      accessModes: [planned.accessMode!],
      volumeMode: planned.volumeMode!,
      storageClassName: planned.disk.storageClassName!,
      resources: { requests: { storage: planned.disk.size! } },
      dataSourceRef: { apiGroup: 'cdi.kubevirt.io', kind: 'VolumeImportSource', name: planned.claimName },
    },
  };
}

/** A DataSource is referenced (CDI resolves it to the golden image's current PVC or snapshot); the rest are sources. */
function dataVolumeSource(source: DiskSource): Pick<DataVolumeSpec, 'source' | 'sourceRef'> {
  if (source.kind === 'dataSource') return { sourceRef: { kind: 'DataSource', name: source.name, ...(source.namespace ? { namespace: source.namespace } : {}) } };
  if (source.kind === 'clone') return { source: { pvc: { name: source.name, namespace: source.namespace! } } };
  return { source: importSource(source) };
}

function dataVolumeSpec(planned: PlannedDisk): DataVolumeSpec {
  return {
    ...dataVolumeSource(planned.source),
    // spec.storage (not spec.pvc): CDI fills access and volume mode from the StorageProfile.
    storage: {
      ...(planned.accessMode ? { accessModes: [planned.accessMode] } : {}),
      ...(planned.volumeMode ? { volumeMode: planned.volumeMode } : {}),
      storageClassName: planned.disk.storageClassName!,
      resources: { requests: { storage: planned.disk.size! } },
    },
  };
}

// CDI 1.55–1.56 garbage-collected finished DVs, so Argo CD re-created them and failed.
const DELETE_AFTER_COMPLETION = 'cdi.kubevirt.io/storage.deleteAfterCompletion';

export function dataVolume(profile: Profile, planned: PlannedDisk, config: Config): DataVolume {
  const metadata = ownedMetadata(profile, planned.claimName);
  metadata.annotations = { [DELETE_AFTER_COMPLETION]: 'false', ...dataProtection(config) };
  return { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata, spec: dataVolumeSpec(planned) };
}

export function dataVolumeTemplate(profile: Profile, planned: PlannedDisk): DataVolumeTemplateSpec {
  const { labels } = ownedMetadata(profile, planned.claimName);
  return { metadata: { name: planned.claimName, labels }, spec: dataVolumeSpec(planned) };
}
