// The profile's Services (seed 004, `virtctl expose virtualmachine`), reaching the VM through its
// pod network.
import type { Profile, ProfileService } from '../profile/schema.js';
import { PROFILE_LABEL, ownedMetadata } from './meta.js';
import type { Service } from './types.js';

// KubeVirt puts this label on every virt-launcher pod (pkg/virt-controller/services/template.go,
// podLabels[v1.AppLabel] = "virt-launcher"), on every version. With the template's own profile label
// it selects exactly this VM's launcher pod: CDI's importer pods carry the PVC's labels
// (import-controller.go "add any labels from pvc to the importer pod"), so the profile label alone
// would also select a disk import in progress.
const LAUNCHER_LABEL = { 'kubevirt.io': 'virt-launcher' };

/** Everything the API server would default is written out, so Argo CD sees no drift. */
export function service(profile: Profile, spec: ProfileService): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: ownedMetadata(profile, spec.name),
    spec: {
      type: spec.type ?? 'ClusterIP',
      selector: { ...LAUNCHER_LABEL, [PROFILE_LABEL]: profile.metadata.name },
      ports: spec.ports.map((port) => ({
        ...(port.name ? { name: port.name } : {}),
        protocol: port.protocol ?? 'TCP',
        port: port.port,
        targetPort: port.targetPort ?? port.port,
        ...(port.nodePort !== undefined ? { nodePort: port.nodePort } : {}),
      })),
    },
  };
}
