// CDI DataVolumes, one per profile disk (SPEC §5.3), standalone or as VM dataVolumeTemplates.
import type { Config } from '../config/schema.js';
import type { PlannedDisk } from '../plan/storage.js';
import type { Profile } from '../profile/schema.js';
import { ownedMetadata } from './meta.js';
import type { DataVolume, DataVolumeSpec, DataVolumeTemplateSpec } from './types.js';

/** http(s) URLs import over HTTP; anything else is a registry image (containerDisk layout). */
function dataVolumeSource(image: string | undefined): DataVolumeSpec['source'] {
  if (image === undefined) return { blank: {} };
  if (/^https?:\/\//.test(image)) return { http: { url: image } };
  if (/^(docker|oci-archive):\/\//.test(image)) return { registry: { url: image } };
  return { registry: { url: `docker://${image}` } };
}

function dataVolumeSpec({ disk, image }: PlannedDisk): DataVolumeSpec {
  return {
    source: dataVolumeSource(image),
    // spec.storage (not spec.pvc): CDI fills access and volume mode from the StorageProfile.
    storage: {
      ...(disk.accessMode ? { accessModes: [disk.accessMode] } : {}),
      ...(disk.volumeMode ? { volumeMode: disk.volumeMode } : {}),
      storageClassName: disk.storageClassName,
      resources: { requests: { storage: disk.size } },
    },
  };
}

const DELETE_AFTER_COMPLETION = 'cdi.kubevirt.io/storage.deleteAfterCompletion';
const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

export function dataVolume(profile: Profile, planned: PlannedDisk, config: Config): DataVolume {
  const metadata = ownedMetadata(profile, planned.dataVolumeName);
  // CDI 1.55–1.61 garbage-collected finished DVs, so Argo CD re-created them and failed; a Git
  // mistake must never delete a disk either.
  metadata.annotations = {
    [DELETE_AFTER_COMPLETION]: 'false',
    ...(config.storage.protectFromPrune ? { [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false' } : {}),
  };
  return { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata, spec: dataVolumeSpec(planned) };
}

export function dataVolumeTemplate(profile: Profile, planned: PlannedDisk): DataVolumeTemplateSpec {
  const { labels } = ownedMetadata(profile, planned.dataVolumeName);
  return { metadata: { name: planned.dataVolumeName, labels }, spec: dataVolumeSpec(planned) };
}
