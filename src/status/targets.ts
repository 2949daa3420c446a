// Which cluster objects belong to each profile, learnt from what `vmprofile render` generates: the
// VirtualMachine (labelled with its profile), the networks and claims its template names, the
// disks' requested sizes. Pure: rendered objects in, targets out.
import { MANAGED_BY, MANAGED_BY_LABEL, PROFILE_LABEL } from '../expand/meta.js';
import { compareStrings } from '../text.js';

interface TargetNetwork {
  name: string;
  /** The multus networkName as the VM names it ("name" or "namespace/name"); pod networks have none. */
  nadName?: string;
  /** Where KubeVirt looks the NAD up: an unqualified name is in the VM's namespace (kubevirt pkg/network/multus/nad.go). */
  nad?: { namespace: string; name: string };
}

export interface TargetVolume {
  /** The disk's name (the VM volume's). */
  name: string;
  claimName: string;
  /** DataVolume: CDI fills the claim through a DataVolume (standalone or a VM template). */
  source: 'PersistentVolumeClaim' | 'DataVolume';
  /** The size the rendered objects request. */
  size?: string;
}

export interface Target {
  /** namespace/name */
  profile: string;
  namespace: string;
  vmName: string;
  networks: TargetNetwork[];
  volumes: TargetVolume[];
}

type Obj = Record<string, unknown>;
const get = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Obj)[key] : undefined), value);
const list = (value: unknown): Obj[] => (Array.isArray(value) ? value.filter((item): item is Obj => typeof item === 'object' && item !== null) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

const isGenerated = (object: Obj, kind: string) =>
  object['kind'] === kind && get(object, 'metadata', 'labels', MANAGED_BY_LABEL) === MANAGED_BY;

/** Requested storage of a PVC, a DataVolume or a dataVolumeTemplate (spec.storage or spec.pvc). */
function requested(object: unknown): string | undefined {
  return text(get(object, 'spec', 'resources', 'requests', 'storage')) ?? text(get(object, 'spec', 'storage', 'resources', 'requests', 'storage')) ?? text(get(object, 'spec', 'pvc', 'resources', 'requests', 'storage'));
}

/**
 * One target per generated VirtualMachine, sorted by profile. Objects without a namespace go where
 * kubectl would apply them: defaultNamespace.
 */
export function targetsOf(rendered: readonly Obj[], defaultNamespace: string): Target[] {
  const namespaceOf = (object: Obj) => text(get(object, 'metadata', 'namespace')) ?? defaultNamespace;
  const sizes = new Map<string, string | undefined>();
  for (const object of rendered) {
    if (isGenerated(object, 'PersistentVolumeClaim') || isGenerated(object, 'DataVolume')) {
      sizes.set(`${namespaceOf(object)}/${String(get(object, 'metadata', 'name'))}`, requested(object));
    }
  }
  const targets: Target[] = [];
  for (const vm of rendered) {
    if (!isGenerated(vm, 'VirtualMachine')) continue;
    const namespace = namespaceOf(vm);
    const vmName = String(get(vm, 'metadata', 'name'));
    const profileName = text(get(vm, 'metadata', 'labels', PROFILE_LABEL)) ?? vmName;
    const templates = new Map(list(get(vm, 'spec', 'dataVolumeTemplates')).map((template) => [String(get(template, 'metadata', 'name')), template]));
    const podSpec = get(vm, 'spec', 'template', 'spec');
    const networks = list(get(podSpec, 'networks')).map((network): TargetNetwork => {
      const name = String(network['name']);
      const nadName = text(get(network, 'multus', 'networkName'));
      if (nadName === undefined) return { name };
      const [nadNamespace, nad] = nadName.includes('/') ? nadName.split('/', 2) : [namespace, nadName];
      return { name, nadName, nad: { namespace: nadNamespace!, name: nad! } };
    });
    const volumes: TargetVolume[] = [];
    for (const volume of list(get(podSpec, 'volumes'))) {
      const claim = text(get(volume, 'persistentVolumeClaim', 'claimName'));
      const dataVolume = text(get(volume, 'dataVolume', 'name'));
      const claimName = claim ?? dataVolume;
      if (claimName === undefined) continue; // cloud-init and other volumes are no profile disk
      const template = templates.get(claimName);
      volumes.push({
        name: String(volume['name']),
        claimName,
        source: dataVolume !== undefined ? 'DataVolume' : 'PersistentVolumeClaim',
        ...sized(template ? requested(template) : sizes.get(`${namespace}/${claimName}`)),
      });
    }
    targets.push({ profile: `${namespace}/${profileName}`, namespace, vmName, networks, volumes });
  }
  return targets.sort((a, b) => compareStrings(a.profile, b.profile));
}

const sized = (size: string | undefined) => (size === undefined ? {} : { size });

export type Resource = 'virtualmachines' | 'virtualmachineinstances' | 'datavolumes' | 'persistentvolumeclaims' | 'network-attachment-definitions';

export interface ListRequest {
  resource: Resource;
  namespace: string;
}

const RESOURCE_ORDER: Resource[] = ['virtualmachines', 'virtualmachineinstances', 'persistentvolumeclaims', 'datavolumes', 'network-attachment-definitions'];

/**
 * The lists the targets need, one per resource and namespace: a cluster without CDI or Multus is
 * only asked for DataVolumes or NADs when a profile has such disks or networks.
 */
export function listsFor(targets: readonly Target[]): ListRequest[] {
  const wanted = new Map<string, ListRequest>();
  const want = (resource: Resource, namespace: string) => wanted.set(`${resource} ${namespace}`, { resource, namespace });
  for (const target of targets) {
    want('virtualmachines', target.namespace);
    want('virtualmachineinstances', target.namespace);
    if (target.volumes.length > 0) want('persistentvolumeclaims', target.namespace);
    if (target.volumes.some((volume) => volume.source === 'DataVolume')) want('datavolumes', target.namespace);
    for (const network of target.networks) if (network.nad) want('network-attachment-definitions', network.nad.namespace);
  }
  return [...wanted.values()].sort((a, b) => RESOURCE_ORDER.indexOf(a.resource) - RESOURCE_ORDER.indexOf(b.resource) || compareStrings(a.namespace, b.namespace));
}
