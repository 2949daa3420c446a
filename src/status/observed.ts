// What `vmprofile status` reads from the cluster, as the API server returns it. Only the fields the
// status rules read are typed; every one is optional, since objects may be half-written by their
// controllers. Shapes from upstream:
//   kubevirt/kubevirt staging/src/kubevirt.io/api/core/v1/types.go (VirtualMachineStatus,
//     VirtualMachineCondition, VirtualMachineInstanceStatus, VirtualMachineInstanceNetworkInterface)
//   kubevirt/containerized-data-importer staging/src/kubevirt.io/containerized-data-importer-api/
//     pkg/apis/core/v1beta1/types.go (DataVolumeStatus, DataVolumeCondition)
//   kubernetes core/v1 PersistentVolumeClaim; Multus NetworkAttachmentDefinition (metadata only).
// (@kubevirt-ui/kubevirt-api's condition types lack lastTransitionTime, hence these.)

interface ObservedMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
}

/** KubeVirt's and CDI's conditions; metav1.Time fields are `null` when unset (+nullable). */
export interface ObservedCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string | null;
}

export interface ObservedVirtualMachine {
  apiVersion?: string;
  kind?: string;
  metadata: ObservedMeta;
  spec?: {
    runStrategy?: string;
    running?: boolean;
    template?: {
      spec?: {
        networks?: { name: string; multus?: { networkName: string }; pod?: Record<string, unknown> }[];
        domain?: { devices?: { interfaces?: { name: string; macAddress?: string }[] } };
      };
    };
  };
  status?: {
    printableStatus?: string;
    ready?: boolean;
    created?: boolean;
    runStrategy?: string;
    conditions?: ObservedCondition[];
    startFailure?: { consecutiveFailCount?: number; retryAfterTimestamp?: string | null; lastFailedVMIUID?: string } | null;
  };
}

interface ObservedInterface {
  /** The network's name in the VM spec. */
  name?: string;
  /** The name inside the guest (from the guest agent). */
  interfaceName?: string;
  ipAddress?: string;
  ipAddresses?: string[];
  mac?: string;
  /** "domain", "guest-agent", "multus-status", comma-separated. */
  infoSource?: string;
  podInterfaceName?: string;
  linkState?: string;
  queueCount?: number;
}

export interface ObservedVirtualMachineInstance {
  apiVersion?: string;
  kind?: string;
  metadata: ObservedMeta;
  status?: {
    phase?: string;
    nodeName?: string;
    reason?: string;
    conditions?: ObservedCondition[];
    interfaces?: ObservedInterface[];
  };
}

export interface ObservedDataVolume {
  apiVersion?: string;
  kind?: string;
  metadata: ObservedMeta;
  status?: {
    phase?: string;
    /** "45.20%", or "N/A" when not available. */
    progress?: string;
    restartCount?: number;
    claimName?: string;
    conditions?: ObservedCondition[];
  };
}

export interface ObservedClaim {
  apiVersion?: string;
  kind?: string;
  metadata: ObservedMeta;
  spec?: { resources?: { requests?: { storage?: string } }; storageClassName?: string; volumeName?: string };
  status?: { phase?: string; capacity?: { storage?: string }; accessModes?: string[] };
}

interface ObservedNetworkAttachmentDefinition {
  apiVersion?: string;
  kind?: string;
  metadata: ObservedMeta;
}

/** Everything read, across namespaces. */
export interface ClusterObjects {
  virtualMachines: ObservedVirtualMachine[];
  virtualMachineInstances: ObservedVirtualMachineInstance[];
  dataVolumes: ObservedDataVolume[];
  persistentVolumeClaims: ObservedClaim[];
  networkAttachmentDefinitions: ObservedNetworkAttachmentDefinition[];
}
