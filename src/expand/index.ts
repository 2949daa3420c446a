// Building every object of one render from its plan: per-profile objects, then the NADs and NNCPs
// the profiles share. Pure, and problem-free: plan/checks.ts has judged the plan already.
import type { Config } from '../config/schema.js';
import type { Plan } from '../plan/index.js';
import type { Profile } from '../profile/schema.js';
import { compareStrings } from '../text.js';
import { cloudInit, networkData, userData } from './cloud-init.js';
import { networkAttachmentDefinition } from './network.js';
import { nodeNetworkConfigurationPolicy } from './node-network.js';
import { service } from './service.js';
import { dataVolume, persistentVolumeClaim, volumeImportSource } from './storage.js';
import type { GeneratedObject } from './types.js';
import { virtualMachine } from './vm.js';

export interface Generated {
  object: GeneratedObject;
  /** The profiles this object is generated for, sorted. */
  owners: Profile[];
  /** The profile field the object comes from, for messages. */
  field: string;
}

const KIND_ORDER = [
  'NodeNetworkConfigurationPolicy',
  'NetworkAttachmentDefinition',
  'Secret',
  'VolumeImportSource',
  'PersistentVolumeClaim',
  'DataVolume',
  'VirtualMachine',
  'Service',
];

/** In canonical order: NNCPs, NADs, Secrets, disks (import sources before their PVCs), VMs, Services; then namespace, name. */
export function expand(plan: Plan, config: Config): Generated[] {
  const objects: Generated[] = [];
  for (const { profile, pod, networks, disks } of plan.profiles) {
    const init = cloudInit(profile, userData(profile), networkData(pod, networks));
    for (const disk of disks) {
      const add = (object: GeneratedObject) => objects.push({ object, owners: [profile], field: disk.field });
      if (disk.holder === 'data-volume') add(dataVolume(profile, disk, config));
      if (disk.holder === 'populated-claim') {
        add(volumeImportSource(profile, disk));
        add(persistentVolumeClaim(profile, disk, config));
      }
    }
    if (init.secret) objects.push({ object: init.secret, owners: [profile], field: 'spec.cloudInit' });
    objects.push({ object: virtualMachine({ profile, config, pod, networks, disks, cloudInit: init }), owners: [profile], field: 'metadata.name' });
    profile.spec.services.forEach((spec, i) => objects.push({ object: service(profile, spec), owners: [profile], field: `spec.services[${i}]` }));
  }
  for (const { plan: nad, owners, field } of plan.nads) objects.push({ object: networkAttachmentDefinition(nad, owners), owners, field });
  for (const bridge of plan.bridges) objects.push({ object: nodeNetworkConfigurationPolicy(bridge, config), owners: bridge.owners, field: 'spec.networks' });
  return objects.sort(compareGenerated);
}

function compareGenerated(a: Generated, b: Generated): number {
  return (
    KIND_ORDER.indexOf(a.object.kind) - KIND_ORDER.indexOf(b.object.kind) ||
    compareStrings(a.object.metadata.namespace ?? '', b.object.metadata.namespace ?? '') ||
    compareStrings(a.object.metadata.name, b.object.metadata.name)
  );
}
