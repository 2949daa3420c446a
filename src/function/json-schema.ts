// JSON Schemas for editors (yaml-language-server, IDEs) and the profile's CustomResourceDefinition,
// all derived from the zod schemas the function validates with, so they cannot drift from them.
// Rules that relate several fields (uniqueness, contradictions) are the function's alone.
import * as z from 'zod';
import { CONFIG_KIND, configObjectSchema } from '../config/schema.js';
import { PORT_NAME_PATTERN } from '../profile/names.js';
import { MAC } from '../profile/net.js';
import { PROFILE_API_VERSION, PROFILE_GROUP, PROFILE_KIND, profileSchema } from '../profile/schema.js';

type Schema = Record<string, unknown>;

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const SCHEMA_ID = 'https://vm.example.com/schemas/vmprofile-v1alpha1.json';

// Words for the patterns the field builders (fields.ts) do not set themselves: zod's own formats, the
// MAC address and port names. yaml-language-server shows them instead of the raw pattern.
const FORMAT_WORDS: Record<string, string> = { uuid: 'Not a UUID such as "5d307ca9-b3ef-428c-8861-06e72d69f223".' };
const PATTERN_WORDS: Record<string, string> = {
  [MAC.source]: 'Not a MAC address: write six hexadecimal octets separated by ":", e.g. "02:5a:1b:00:00:01".',
  [PORT_NAME_PATTERN]: 'Not a port name: lowercase letters, digits and single "-", at least one letter, starting and ending with a letter or digit.',
};

/** A zod schema as draft-07 JSON Schema (the input side: fields with defaults are optional), every pattern with words. */
function toJsonSchema(schema: z.ZodType): Schema {
  const { $schema: _, ...generated } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Schema;
  return withWords(generated) as Schema;
}

/**
 * Every pattern with its words: its own, the ones above for a known pattern or format, else those of
 * the field whose allOf holds it (`inherited`: two regexes on one string). Exported for tests.
 */
export function withWords(node: unknown, inherited?: unknown): unknown {
  if (Array.isArray(node)) return node.map((child) => withWords(child, inherited));
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = withWords(value, key === 'allOf' ? (node as Schema)['patternErrorMessage'] : undefined);
  if (typeof out['pattern'] !== 'string') return out;
  const words = out['patternErrorMessage'] ?? PATTERN_WORDS[out['pattern']] ?? FORMAT_WORDS[out['format'] as string] ?? inherited;
  return words === undefined ? out : { ...out, patternErrorMessage: words };
}

/** The VirtualMachineProfile alone: what the CRD is made from. */
export function profileJsonSchema(): Schema {
  return { $schema: DRAFT_07, title: PROFILE_KIND, ...toJsonSchema(profileSchema) };
}

const ref = (kind: string) => ({ $ref: `#/definitions/${kind}` });

/**
 * What `vmprofile schema` prints: one schema for every YAML document of a file, which picks the
 * schema by the document's kind. Editors apply one schema to every document of a file (a file glob)
 * or to the document a modeline heads, so a file may mix profiles, the config and other objects:
 * - kind VirtualMachineProfileConfig: the config;
 * - kind VirtualMachineProfile, a kind that looks like it (VirtualMachineProfiles, virtualMachineProfile),
 *   any kind of our API group, or no kind yet (a new file): the profile, whose kind and apiVersion
 *   then say what is wrong;
 * - any other object: not checked.
 */
export function editorJsonSchema(): Schema {
  const profile = toJsonSchema(profileSchema);
  const properties = profile['properties'] as Record<string, Schema>;
  properties['kind'] = { ...properties['kind'], errorMessage: `vmprofile's kinds are ${PROFILE_KIND} and ${CONFIG_KIND}.` };
  const kindIs = (kind: string) => ({ required: ['kind'], properties: { kind: { const: kind } } });
  const looksLikeProfile = {
    anyOf: [
      // Also true without a kind: "properties" only constrains the keys that are there.
      { properties: { kind: { pattern: `^${lookAlikePattern(PROFILE_KIND)}` } } },
      { required: ['apiVersion'], properties: { apiVersion: { type: 'string', pattern: `^${PROFILE_GROUP.replaceAll('.', '\\.')}/` } } },
    ],
  };
  return {
    $schema: DRAFT_07,
    $id: SCHEMA_ID,
    title: `vmprofile (${PROFILE_KIND}, ${CONFIG_KIND})`,
    description: `vmprofile's ${PROFILE_API_VERSION} objects: a ${PROFILE_KIND} or the function's ${CONFIG_KIND}, chosen by kind; objects of other kinds are not checked.`,
    definitions: { [PROFILE_KIND]: { title: PROFILE_KIND, ...profile }, [CONFIG_KIND]: { title: CONFIG_KIND, ...toJsonSchema(configObjectSchema) } },
    if: kindIs(CONFIG_KIND),
    then: ref(CONFIG_KIND),
    else: { if: looksLikeProfile, then: ref(PROFILE_KIND) },
  };
}

/** "VirtualMachineProfile" → "[Vv]irtual[Mm]achine[Pp]rofile": each word's first letter in either case. */
function lookAlikePattern(kind: string): string {
  return kind.replace(/[A-Z]/g, (letter) => `[${letter}${letter.toLowerCase()}]`);
}

// The keys of apiextensions.k8s.io/v1 JSONSchemaProps a structural schema may use here; anything
// else (editor messages, $id, title) is left out, because the API server refuses unknown fields.
const CRD_KEYS = new Set(['type', 'description', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'pattern', 'format', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'default', 'nullable']);

/** A Kubernetes structural schema: what apiextensions.k8s.io/v1 accepts from a JSON Schema. Exported for tests. */
export function structural(node: unknown, inProperties = false): unknown {
  if (Array.isArray(node)) return node.map((child) => structural(child));
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
    // Under properties the keys are field names, not schema keywords.
    if (inProperties) {
      out[key] = structural(value);
      continue;
    }
    if (key === 'const') {
      out['enum'] = [value];
      continue;
    }
    if (!CRD_KEYS.has(key)) continue;
    // properties and additionalProperties are mutually exclusive there; unknown fields are pruned anyway.
    if (key === 'additionalProperties' && (node as Schema)['properties']) continue;
    out[key] = structural(value, key === 'properties');
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
