// The KubeVirt VirtualMachine (SPEC §5.1).
import type { Config } from '../config/schema.js';
import { isOrchestratorAnnotation } from '../kube.js';
import { firmwareSerial, firmwareUuid } from '../plan/identity.js';
import type { PlannedNetwork, PlannedPodNetwork } from '../plan/network.js';
import type { PlannedDisk } from '../plan/storage.js';
import type { Profile } from '../profile/schema.js';
import { CLOUD_INIT_DISK, antiAffinityGroupOf, instancetypeOf, preferenceOf, runStrategyOf } from '../profile/semantics.js';
import type { CloudInit } from './cloud-init.js';
import { ANTI_AFFINITY_GROUP_LABEL, PROFILE_LABEL, ownedMetadata } from './meta.js';
import { podInterface, podNetwork, vmInterface, vmNetwork } from './network.js';
import { dataProtection, dataVolumeTemplate } from './storage.js';
import type { Cpu, Disk, Volume, VirtualMachine } from './types.js';

function inheritedAnnotations(profile: Profile): Record<string, string> | undefined {
  const entries = Object.entries(profile.metadata.annotations ?? {}).filter(([key]) => !isOrchestratorAnnotation(key));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** KubeVirt waits for a DataVolume (or template) to be populated; claims are mounted as they are. */
function diskVolume(planned: PlannedDisk): Volume {
  const name = planned.disk.name;
  return planned.holder === 'populated-claim' || planned.holder === 'claim'
    ? { name, persistentVolumeClaim: { claimName: planned.claimName } }
    : { name, dataVolume: { name: planned.claimName } };
}

/** Sockets hotplug under KubeVirt's LiveUpdate; cores (and any other topology change) need a restart. */
function cpuTopology(cpu: number, spec: Profile['spec'], config: Config): Cpu {
  if (config.vm.cpuTopology === 'cores') return { cores: cpu };
  return { sockets: cpu, cores: 1, threads: 1, ...(spec.maxCpu ? { maxSockets: spec.maxCpu } : {}) };
}

/** CPUs and memory, unless an instancetype sets them (KubeVirt rejects both: pkg/instancetype/apply). */
function sizing(spec: Profile['spec'], config: Config) {
  if (instancetypeOf(spec)) return {};
  // rules.ts requires cpu and memory without an instancetype.
  return {
    cpu: cpuTopology(spec.cpu!, spec, config),
    memory: { guest: spec.memory!, ...(spec.maxMemory ? { maxGuest: spec.maxMemory } : {}) },
  };
}

function matchers(spec: Profile['spec']) {
  const instancetype = instancetypeOf(spec);
  const preference = preferenceOf(spec);
  // The kind is written out: KubeVirt would otherwise fill it in, which Argo CD shows as drift.
  return { ...(instancetype ? { instancetype: { ...instancetype } } : {}), ...(preference ? { preference: { ...preference } } : {}) };
}

interface VirtualMachineParts {
  profile: Profile;
  config: Config;
  pod: PlannedPodNetwork | undefined;
  networks: readonly PlannedNetwork[];
  disks: readonly PlannedDisk[];
  cloudInit: CloudInit;
}

export function virtualMachine({ profile, config, pod, networks, disks, cloudInit }: VirtualMachineParts): VirtualMachine {
  const { spec, metadata: source } = profile;
  const ha = spec.highAvailability;
  const annotations = inheritedAnnotations(profile);

  const metadata = ownedMetadata(profile, source.name);
  metadata.labels = { ...source.labels, ...metadata.labels };

  // VM labels do not reach the virt-launcher pod; the template's do (anti-affinity selects on them).
  const templateLabels: Record<string, string> = { ...source.labels, [PROFILE_LABEL]: source.name };
  if (ha?.antiAffinity) templateLabels[ANTI_AFFINITY_GROUP_LABEL] = antiAffinityGroupOf(profile);

  const diskDevices: Disk[] = disks.map((planned) => ({
    name: planned.disk.name,
    ...(planned.boot ? { bootOrder: 1 } : {}),
    disk: { bus: 'virtio' },
  }));
  diskDevices.push({ name: CLOUD_INIT_DISK, disk: { bus: 'virtio' } });
  const volumes: Volume[] = disks.map(diskVolume);
  volumes.push(cloudInit.volume);

  const interfaces = [...(pod ? [podInterface(pod)] : []), ...networks.map(vmInterface)];
  const vmNetworks = [...(pod ? [podNetwork()] : []), ...networks.map(vmNetwork)];
  const templates = disks.filter((planned) => planned.holder === 'template');
  const templateMode = templates.length > 0;
  // With templates the VM owns its disks: deleting it deletes them.
  const vmAnnotations = { ...annotations, ...(templateMode ? dataProtection(config) : {}) };
  if (Object.keys(vmAnnotations).length > 0) metadata.annotations = vmAnnotations;
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata,
    spec: {
      // Always runStrategy, never the deprecated spec.running (both set is rejected).
      runStrategy: runStrategyOf(spec),
      ...matchers(spec),
      ...(templateMode ? { dataVolumeTemplates: templates.map((planned) => dataVolumeTemplate(profile, planned)) } : {}),
      template: {
        metadata: { labels: templateLabels, ...(annotations ? { annotations } : {}) },
        spec: {
          ...(spec.hostname ? { hostname: spec.hostname } : {}),
          domain: {
            ...sizing(spec, config),
            // KubeVirt otherwise writes random values into the spec at creation: drift in Argo CD.
            firmware: {
              uuid: spec.firmwareUUID ?? firmwareUuid(config.clusterName, source.namespace, source.name),
              serial: firmwareSerial(config.clusterName, source.namespace, source.name),
            },
            devices: {
              disks: diskDevices,
              // Without any interface KubeVirt would attach the pod network with bridge binding.
              ...(interfaces.length > 0 ? { interfaces } : { autoattachPodInterface: false }),
            },
          },
          ...(vmNetworks.length > 0 ? { networks: vmNetworks } : {}),
          ...(ha?.nodeSelector && Object.keys(ha.nodeSelector).length > 0 ? { nodeSelector: { ...ha.nodeSelector } } : {}),
          ...(ha?.tolerations && ha.tolerations.length > 0 ? { tolerations: ha.tolerations.map((t) => ({ ...t })) } : {}),
          ...(ha?.antiAffinity
            ? {
                affinity: {
                  podAntiAffinity: {
                    // Preferred, not required: a required rule can leave no node to migrate to.
                    preferredDuringSchedulingIgnoredDuringExecution: [
                      {
                        weight: 100,
                        podAffinityTerm: {
                          labelSelector: { matchLabels: { [ANTI_AFFINITY_GROUP_LABEL]: templateLabels[ANTI_AFFINITY_GROUP_LABEL]! } },
                          topologyKey: 'kubernetes.io/hostname',
                        },
                      },
                    ],
                  },
                },
              }
            : {}),
          evictionStrategy: ha?.evictionStrategy ?? config.vm.evictionStrategy,
          ...(spec.sshKeySecret
            ? {
                accessCredentials: [
                  { sshPublicKey: { source: { secret: { secretName: spec.sshKeySecret } }, propagationMethod: { noCloud: {} } } },
                ],
              }
            : {}),
          volumes,
        },
      },
    },
  };
}
