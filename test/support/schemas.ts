// Validates generated objects against the upstream JSON schemas in ../shared/schemas, with unknown
// properties rejected (the schemas README: add additionalProperties: false wherever a node lists
// properties and does not preserve unknown fields), and pins apiVersion/kind per file.
import { readFileSync } from 'node:fs';
import ajvModule, { type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { requireShared } from './paths.js';

// Both are CommonJS modules whose class/function is their `default` export.
const Ajv = ajvModule.default;
const addFormats = formatsModule.default;

const FILES: Record<string, string> = {
  'kubevirt.io/v1 VirtualMachine': 'kubevirt.io_v1_virtualmachine.json',
  'cdi.kubevirt.io/v1beta1 DataVolume': 'cdi.kubevirt.io_v1beta1_datavolume.json',
  'k8s.cni.cncf.io/v1 NetworkAttachmentDefinition': 'k8s.cni.cncf.io_v1_networkattachmentdefinition.json',
  'nmstate.io/v1 NodeNetworkConfigurationPolicy': 'nmstate.io_v1_nodenetworkconfigurationpolicy.json',
  'v1 Secret': 'core_v1_secret.json',
  'v1 ConfigMap': 'core_v1_configmap.json',
  'v1 Service': 'core_v1_service.json',
  'v1 PersistentVolumeClaim': 'core_v1_persistentvolumeclaim.json',
  'cdi.kubevirt.io/v1beta1 VolumeImportSource': 'cdi.kubevirt.io_v1beta1_volumeimportsource.json',
};

export function closeUnknownProperties(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(closeUnknownProperties);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema['properties'] && schema['additionalProperties'] === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    schema['additionalProperties'] = false;
  }
  Object.values(schema).forEach(closeUnknownProperties);
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(key: string): ValidateFunction | undefined {
  const file = FILES[key];
  if (!file) return undefined;
  const cached = compiled.get(file);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(requireShared() + file, 'utf8')) as object;
  closeUnknownProperties(schema);
  const validate = ajv.compile(schema);
  compiled.set(file, validate);
  return validate;
}

/** Problems with one object, as readable lines; empty when it is valid. */
export function schemaProblems(object: unknown): string[] {
  const { apiVersion, kind, metadata } = (object ?? {}) as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
  const key = `${apiVersion} ${kind}`;
  const validate = validatorFor(key);
  if (!validate) return [`no upstream schema for ${key} (an unexpected apiVersion/kind)`];
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) => `${kind}/${metadata?.name}: ${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}
