// Multus NetworkAttachmentDefinitions and the VM's interfaces and networks (SPEC §5.2), from the
// planned networks.
import type { NadPlan, PlannedNetwork } from '../plan/network.js';
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
