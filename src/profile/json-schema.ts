// The profile's JSON Schema (for editors: yaml-language-server, IDEs) and CustomResourceDefinition,
// both derived from the zod schema the function validates with, so they cannot drift from it.
// Rules that relate several fields (uniqueness, contradictions) are the function's alone.
import * as z from 'zod';
import { PROFILE_API_VERSION, PROFILE_GROUP, PROFILE_KIND, profileSchema } from './schema.js';

type Schema = Record<string, unknown>;

const SCHEMA_ID = 'https://vm.example.com/schemas/virtualmachineprofile-v1alpha1.json';

export function profileJsonSchema(): Schema {
  const generated = z.toJSONSchema(profileSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Schema;
  const { $schema, ...rest } = generated;
  return { $schema, $id: SCHEMA_ID, title: PROFILE_KIND, ...rest };
}

/** A Kubernetes structural schema: what apiextensions.k8s.io/v1 accepts from a JSON Schema. */
function structural(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structural);
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = {};
  const options = (node as Schema)['anyOf'];
  if (Array.isArray(options) && (node as Schema)['type'] === undefined) {
    // A field of two forms (true | {...}, a name | {name, kind}, a port number | name): the API
    // server has no union, so it keeps the value and the function validates it.
    const types = new Set(options.map((option) => (option as Schema)['type']));
    const intOrString = types.size === 2 && types.has('string') && (types.has('integer') || types.has('number'));
    out[intOrString ? 'x-kubernetes-int-or-string' : 'x-kubernetes-preserve-unknown-fields'] = true;
  }
  for (const [key, value] of Object.entries(node as Schema)) {
    if (['$schema', '$id', 'title', 'propertyNames', 'anyOf', 'if', 'then', 'not'].includes(key)) continue;
    // properties and additionalProperties are mutually exclusive there; unknown fields are pruned anyway.
    if (key === 'additionalProperties' && (node as Schema)['properties']) continue;
    if (key === 'const') {
      out['enum'] = [value];
      continue;
    }
    out[key] = structural(value);
  }
  return out;
}

export function profileCrd(): Schema {
  const openAPIV3Schema = structural(profileJsonSchema()) as Schema;
  // Only name and generateName may be constrained under metadata; the API server validates the rest.
  (openAPIV3Schema['properties'] as Schema)['metadata'] = { type: 'object' };
  const [group, version] = PROFILE_API_VERSION.split('/') as [string, string];
  const plural = `${PROFILE_KIND.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${PROFILE_GROUP}` },
    spec: {
      group,
      names: { kind: PROFILE_KIND, listKind: `${PROFILE_KIND}List`, plural, singular: PROFILE_KIND.toLowerCase(), shortNames: ['vmprofile', 'vmp'] },
      scope: 'Namespaced',
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema } }],
    },
  };
}
