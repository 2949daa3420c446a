// Multus NetworkAttachmentDefinitions and the VM's interfaces and networks (SPEC §5.2), from the
// planned networks.
import type { NadPlan, PlannedNetwork, PlannedPodNetwork } from '../plan/network.js';
import { POD_NETWORK_NAME } from '../profile/semantics.js';
import type { Profile } from '../profile/schema.js';
import { sharedMetadata } from './meta.js';
import type { Interface, Network, NetworkAttachmentDefinition } from './types.js';

export function networkAttachmentDefinition(plan: NadPlan, owners: readonly Profile[]): NetworkAttachmentDefinition {
  const metadata = sharedMetadata(plan.name, plan.namespace, owners);
  metadata.annotations = { ...plan.annotations, ...metadata.annotations };
  // A serializer, never string concatenation: nothing in a profile can change the JSON's structure.
  return { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata, spec: { config: JSON.stringify(plan.cni) } };
}

export function vmInterface(planned: PlannedNetwork): Interface {
  const binding: Partial<Interface> =
    planned.binding === 'macvtap' ? { binding: { name: 'macvtap' } } : planned.binding === 'sriov' ? { sriov: {} } : { bridge: {} };
  return { name: planned.network.name, ...binding, macAddress: planned.macAddress };
}

export function vmNetwork(planned: PlannedNetwork): Network {
  return { name: planned.network.name, multus: { networkName: planned.networkName } };
}

/** masquerade (or passt) NATs the pod IP to the guest, which runs DHCP on it; passtBinding is core since KubeVirt 1.8. */
export function podInterface(pod: PlannedPodNetwork): Interface {
  const binding: Partial<Interface> = pod.binding === 'passt' ? { passtBinding: {} } : { masquerade: {} };
  const ports = pod.ports?.map((port) => ({ ...(port.name ? { name: port.name } : {}), port: port.port, protocol: port.protocol ?? 'TCP' }));
  return { name: POD_NETWORK_NAME, ...binding, macAddress: pod.macAddress, ...(ports ? { ports } : {}) };
}

export function podNetwork(): Network {
  return { name: POD_NETWORK_NAME, pod: {} };
}
