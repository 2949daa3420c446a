// Shapes of the objects we emit. KubeVirt and CDI types come from @kubevirt-ui/kubevirt-api, core
// types from @kubernetes/client-node; both are type-only imports (nothing loads at run time).
// Multus and NMState publish no TypeScript types, so theirs are written out from their CRDs.
import type { V1ObjectMeta, V1PersistentVolumeClaim, V1Secret, V1Service } from '@kubernetes/client-node';
import type { V1beta1DataVolume, V1beta1DataVolumeSpec } from '@kubevirt-ui/kubevirt-api/containerized-data-importer/models/index.js';
import type {
  V1CPU,
  V1DataVolumeTemplateSpec,
  V1Disk,
  V1Interface,
  V1Network,
  V1VirtualMachine,
  V1Volume,
} from '@kubevirt-ui/kubevirt-api/kubevirt/models/index.js';

// The generated KubeVirt/CDI types use TypeScript enums; Literal turns them into the string unions
// they stand for, so plain strings type-check.
type Literal<T> = T extends string
  ? `${T}`
  : T extends readonly (infer U)[]
    ? Literal<U>[]
    : T extends object
      ? { [K in keyof T]: Literal<T[K]> }
      : T;

export type ObjectMeta = Pick<V1ObjectMeta, 'name' | 'namespace' | 'labels' | 'annotations'> & { name: string };

export type VirtualMachine = Omit<Literal<V1VirtualMachine>, 'metadata' | 'status'> & {
  apiVersion: 'kubevirt.io/v1';
  kind: 'VirtualMachine';
  metadata: ObjectMeta;
};

export type DataVolume = Omit<Literal<V1beta1DataVolume>, 'metadata' | 'status'> & {
  apiVersion: 'cdi.kubevirt.io/v1beta1';
  kind: 'DataVolume';
  metadata: ObjectMeta;
};

export type Secret = Omit<V1Secret, 'metadata'> & { apiVersion: 'v1'; kind: 'Secret'; metadata: ObjectMeta };

export type Service = Omit<V1Service, 'metadata' | 'status'> & { apiVersion: 'v1'; kind: 'Service'; metadata: ObjectMeta };

export type PersistentVolumeClaim = Omit<V1PersistentVolumeClaim, 'metadata' | 'status'> & {
  apiVersion: 'v1';
  kind: 'PersistentVolumeClaim';
  metadata: ObjectMeta;
};

/** CDI's populator source (CDI crds_generated.go, "volumeimportsource"); the source is a DataVolume's. */
export interface VolumeImportSource {
  apiVersion: 'cdi.kubevirt.io/v1beta1';
  kind: 'VolumeImportSource';
  metadata: ObjectMeta;
  spec: { source: DataVolumeSpec['source'] };
}

export interface NetworkAttachmentDefinition {
  apiVersion: 'k8s.cni.cncf.io/v1';
  kind: 'NetworkAttachmentDefinition';
  metadata: ObjectMeta;
  /** config is a CNI configuration serialized as a JSON string. */
  spec: { config: string };
}

export interface NmstateInterface {
  name: string;
  type: 'linux-bridge' | 'ovs-bridge';
  state: 'up';
  ipv4?: { enabled: false };
  ipv6?: { enabled: false };
  bridge: {
    options: { stp: { enabled: false } } | { stp: false };
    port: { name: string; vlan?: Record<string, unknown> }[];
  };
}

export interface NodeNetworkConfigurationPolicy {
  apiVersion: 'nmstate.io/v1';
  kind: 'NodeNetworkConfigurationPolicy';
  metadata: ObjectMeta;
  spec: {
    nodeSelector?: Record<string, string>;
    desiredState: { interfaces: NmstateInterface[] };
  };
}

export type GeneratedObject =
  | VirtualMachine
  | DataVolume
  | PersistentVolumeClaim
  | VolumeImportSource
  | Secret
  | Service
  | NetworkAttachmentDefinition
  | NodeNetworkConfigurationPolicy;

export type DataVolumeTemplateSpec = Literal<V1DataVolumeTemplateSpec>;
export type DataVolumeSpec = Literal<V1beta1DataVolumeSpec>;
export type Cpu = Literal<V1CPU>;
export type Disk = Literal<V1Disk>;
// passtBinding is core since KubeVirt 1.8 (the kubevirt-api types predate it; schema: kubevirt.io_v1_virtualmachine.json).
export type Interface = Literal<V1Interface> & { passtBinding?: object };
export type Network = Literal<V1Network>;
export type Volume = Literal<V1Volume>;
