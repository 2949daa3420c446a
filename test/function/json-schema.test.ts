// vmprofile schema: the JSON Schemas and the CRD come from the same zod schemas as validation, so
// editors flag what the function rejects, in words. In-process (src/profile/json-schema.ts), so
// mutation testing covers it; test/function/executable.test.ts checks the binary prints the same.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ajvModule, { type ErrorObject } from 'ajv';
import formatsModule from 'ajv-formats';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readConfig } from '../../src/config/schema.js';
import { editorJsonSchema, profileCrd, profileJsonSchema, structural, withWords } from '../../src/function/json-schema.js';
import { MAC } from '../../src/profile/net.js';
import { validateProfile } from '../../src/profile/validate.js';
import { CONFIG, type Obj, profile } from '../support/fixtures.js';
import { EXAMPLES } from '../support/paths.js';
import { closeUnknownProperties } from '../support/schemas.js';

type Validate = ReturnType<InstanceType<typeof ajvModule.default>['compile']>;

function compile(schema: object): Validate {
  const ajv = new ajvModule.default({ strict: false, allErrors: true });
  formatsModule.default(ajv);
  return ajv.compile(schema);
}

// Generated in each test, not once at load, so that mutation testing (Stryker, perTest coverage)
// knows which tests run the code of src/profile/json-schema.ts. Compiling takes far longer than
// generating, so a validator is compiled once per distinct schema text.
let editor: Obj;
let crd: Obj;
beforeEach(() => {
  editor = editorJsonSchema();
  crd = profileCrd();
});
const compiled = new Map<string, Validate>();
function validator(name: 'editor' | 'profile' | 'crd'): Validate {
  let schema: object = editor;
  if (name === 'profile') schema = profileJsonSchema();
  if (name === 'crd') {
    schema = structuredClone(crd['spec']['versions'][0]['schema']['openAPIV3Schema']);
    closeUnknownProperties(schema);
  }
  const text = JSON.stringify(schema);
  const known = compiled.get(text);
  if (known) return known;
  const validate = compile(schema);
  compiled.set(text, validate);
  return validate;
}

const errorsOf = (validate: Validate, value: unknown): ErrorObject[] => (validate(value) ? [] : (validate.errors ?? []));
const pathsOf = (errors: ErrorObject[]) => errors.map((error) => error.instancePath);

/** Every Kubernetes object under examples/, except the package that is wrong on purpose (a patch or a CI workflow has no kind). */
function exampleManifests(dir = EXAMPLES): { file: string; object: Obj }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.expected' || entry.name === 'invalid-profile' ? [] : exampleManifests(path);
    if (!entry.name.endsWith('.yaml')) return [];
    return parseAllDocuments(readFileSync(path, 'utf8'))
      .map((doc) => ({ file: relative(EXAMPLES, path), object: doc.toJS() as Obj }))
      .filter(({ object }) => typeof object?.['kind'] === 'string');
  });
}
const MANIFESTS = exampleManifests();
const ofKind = (kind: string) => MANIFESTS.filter(({ object }) => object['kind'] === kind);

const net = (extra: Obj) => ({ networks: [{ name: 'n', type: 'bridge', ...extra }] });

// Single-field rules a JSON Schema can say, with where it says it (ajv's instancePath). `crd: false`:
// what the CRD's structural schema cannot say (metadata is the API server's; no anyOf of formats).
const INVALID: { name: string; value: Obj; at: string; crd?: false }[] = [
  { name: 'a name with capitals', value: profile('Web'), at: '/metadata/name', crd: false },
  { name: 'a name over 63 characters', value: profile('a'.repeat(64)), at: '/metadata/name', crd: false },
  { name: 'cpu as a string', value: profile('vm1', { cpu: '2' }), at: '/spec/cpu' },
  { name: 'cpu 0', value: profile('vm1', { cpu: 0 }), at: '/spec/cpu' },
  { name: 'memory without a unit system', value: profile('vm1', { memory: '8GB' }), at: '/spec/memory' },
  { name: 'an unknown network type', value: profile('vm1', net({ type: 'vxlan' })), at: '/spec/networks/0/type' },
  { name: 'VLAN 0', value: profile('vm1', net({ vlanId: 0 })), at: '/spec/networks/0/vlanId' },
  { name: 'VLAN 4095', value: profile('vm1', net({ vlanId: 4095 })), at: '/spec/networks/0/vlanId' },
  { name: 'a 16-character bridge name', value: profile('vm1', net({ bridgeName: 'b'.repeat(16) })), at: '/spec/networks/0/bridgeName' },
  { name: 'a malformed MAC', value: profile('vm1', net({ macAddress: '02:00:00' })), at: '/spec/networks/0/macAddress' },
  { name: 'an unknown ipConfig mode', value: profile('vm1', net({ ipConfig: { mode: 'auto' } })), at: '/spec/networks/0/ipConfig/mode' },
  { name: 'a DNS server that is a host name', value: profile('vm1', net({ ipConfig: { mode: 'dhcp', dnsServers: ['dns.example.com'] } })), at: '/spec/networks/0/ipConfig/dnsServers/0', crd: false },
  { name: 'a disk without a storage class', value: profile('vm1', { disks: [{ name: 'd', size: '10Gi' }] }), at: '/spec/disks/0', crd: false },
  { name: 'a disk name with capitals', value: profile('vm1', { disks: [{ name: 'Data', size: '10Gi', storageClassName: 'ssd' }] }), at: '/spec/disks/0/name' },
  { name: 'a storage class with capitals', value: profile('vm1', { disks: [{ name: 'd', size: '10Gi', storageClassName: 'SSD' }] }), at: '/spec/disks/0/storageClassName' },
  { name: 'an image with spaces', value: profile('vm1', { osImage: 'my image' }), at: '/spec/osImage' },
  { name: 'a firmware UUID that is none', value: profile('vm1', { firmwareUUID: 'not-a-uuid' }), at: '/spec/firmwareUUID' },
  { name: 'an unknown run strategy', value: profile('vm1', { startStrategy: { runStrategy: 'Running' } }), at: '/spec/startStrategy/runStrategy' },
  { name: 'autoStart as a string', value: profile('vm1', { startStrategy: { autoStart: 'yes' } }), at: '/spec/startStrategy/autoStart' },
  { name: 'an unknown spec field', value: profile('vm1', { gpus: 1 }), at: '/spec' },
  { name: 'a misspelt nested field', value: profile('vm1', net({ vlanid: 3 })), at: '/spec/networks/0' },
  { name: 'a wrong apiVersion', value: { ...profile(), apiVersion: 'vm.example.com/v1' }, at: '/apiVersion' },
  { name: 'no spec', value: { apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', metadata: { name: 'vm1' } }, at: '' },
];

const config = (spec: Obj) => ({ ...CONFIG, spec });
const INVALID_CONFIGS: { name: string; value: Obj; at: string }[] = [
  { name: 'a misspelt setting', value: config({ network: { defaultUplnk: 'eth1' } }), at: '/spec/network' },
  { name: 'an uplink with a "/"', value: config({ network: { defaultUplink: 'eth/1' } }), at: '/spec/network/defaultUplink' },
  { name: 'a bridge name over 15 characters in uplinks', value: config({ network: { uplinks: { ['b'.repeat(16)]: 'eth1' } } }), at: '/spec/network/uplinks' },
  { name: 'an unknown storage mode', value: config({ storage: { mode: 'Block' } }), at: '/spec/storage/mode' },
  { name: 'a boolean written as a string', value: config({ keepProfiles: 'yes' }), at: '/spec/keepProfiles' },
  { name: 'a profile field', value: config({ cpu: 2 }), at: '/spec' },
  { name: 'a wrong apiVersion', value: { ...CONFIG, apiVersion: 'vm.example.com/v1' }, at: '/apiVersion' },
];

describe('vmprofile schema (the editor schema)', () => {
  it('is draft-07 with an $id, a title per kind and field descriptions for hover', () => {
    expect(editor['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(editor['$id']).toBe('https://vm.example.com/schemas/vmprofile-v1alpha1.json');
    expect(editor['title']).toBe('vmprofile (VirtualMachineProfile, VirtualMachineProfileConfig)');
    expect(editor['description']).toBe(
      "vmprofile's vm.example.com/v1alpha1 objects: a VirtualMachineProfile or the function's VirtualMachineProfileConfig, chosen by kind; objects of other kinds are not checked.",
    );
    const definitions = editor['definitions'] as Obj;
    expect(Object.keys(definitions)).toEqual(['VirtualMachineProfile', 'VirtualMachineProfileConfig']);
    expect(definitions['VirtualMachineProfile']['title']).toBe('VirtualMachineProfile');
    expect(definitions['VirtualMachineProfile']['properties']['spec']['properties']['memory']['description']).toMatch(/at least 512Mi/);
    expect(definitions['VirtualMachineProfileConfig']['title']).toBe('VirtualMachineProfileConfig');
    expect(definitions['VirtualMachineProfileConfig']['description']).toMatch(/^The function config of vmprofile/);
    expect(definitions['VirtualMachineProfileConfig']['properties']['spec']['properties']['network']['properties']['defaultUplink']['description']).toMatch(/^Node NIC of bridges/);
    // Nested $id or $schema would change what "#/definitions/…" means inside a definition.
    expect(JSON.stringify(definitions)).not.toMatch(/"\$(id|schema)"/);
  });

  it('accepts every example manifest: profiles and configs checked as such, other kinds left alone', () => {
    expect(ofKind('VirtualMachineProfile').length).toBeGreaterThanOrEqual(10);
    expect(ofKind('VirtualMachineProfileConfig').length).toBeGreaterThanOrEqual(5);
    for (const { file, object } of MANIFESTS) expect(errorsOf(validator('editor'), object), file).toEqual([]);
    for (const { file, object } of [...ofKind('VirtualMachineProfile'), { file: 'fixture', object: profile() }]) {
      expect(validateProfile(object).issues.filter((i) => i.severity === 'error'), file).toEqual([]);
      expect(errorsOf(validator('profile'), object), file).toEqual([]);
      expect(errorsOf(validator('crd'), object), file).toEqual([]);
    }
    for (const { file, object } of ofKind('VirtualMachineProfileConfig')) expect(readConfig(object).issues, file).toEqual([]);
  });

  it.each(INVALID)('rejects $name at $at, as the function does', ({ value, at, crd: crdSays }) => {
    expect(validateProfile(value).issues.filter((i) => i.severity === 'error').length).toBeGreaterThan(0);
    expect(pathsOf(errorsOf(validator('profile'), value))).toContain(at);
    expect(pathsOf(errorsOf(validator('editor'), value))).toContain(at);
    if (crdSays !== false) expect(pathsOf(errorsOf(validator('crd'), value))).toContain(at);
  });

  it.each(INVALID_CONFIGS)('rejects a config with $name at $at, as the function does', ({ value, at }) => {
    expect(readConfig(value).issues.length).toBeGreaterThan(0);
    expect(pathsOf(errorsOf(validator('editor'), value))).toContain(at);
  });

  it('picks the schema by kind: a config is no profile, a profile no config', () => {
    const profileWithConfigSpec = { ...profile(), spec: CONFIG.spec };
    const configWithProfileSpec = { ...CONFIG, spec: profile()['spec'] };
    expect(pathsOf(errorsOf(validator('editor'), profileWithConfigSpec))).toContain('/spec');
    expect(errorsOf(validator('editor'), profileWithConfigSpec).map((e) => e.params)).toContainEqual({ missingProperty: 'cpu' });
    expect(errorsOf(validator('editor'), configWithProfileSpec).map((e) => e.params)).toContainEqual({ additionalProperty: 'cpu' });
  });

  it('leaves objects of other kinds alone, however they look', () => {
    const foreign: Obj[] = [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'Not_A_DNS_Name' }, spec: { cpu: 'many' } },
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', spec: { anything: true } },
      { apiVersion: 'other.example.com/v1', kind: 'Profile', spec: { cpu: 'many' } },
      { apiVersion: 'v1', kind: 'ConfigMap', data: { 'network.defaultUplink': 'eth1' } },
      { kind: 'Secret', metadata: { name: 'no-api-version' }, spec: { cpu: 'many' } },
    ];
    for (const object of foreign) expect(errorsOf(validator('editor'), object), object['kind']).toEqual([]);
  });

  it('checks look-alikes of a profile as a profile, so the kind or apiVersion is flagged', () => {
    const cases: [Obj, string][] = [
      [{ ...profile(), kind: 'VirtualMachineProfiles' }, '/kind'],
      [{ ...profile(), kind: 'virtualMachineprofile' }, '/kind'],
      [{ ...profile(), kind: 'Widget' }, '/kind'],
      [{ ...profile(), apiVersion: 'vm.exmaple.com/v1alpha1' }, '/apiVersion'],
      // Only the kind says "profile" here: each word's first letter in either case.
      [{ ...profile(), apiVersion: 'vm.exmaple.com/v1alpha1', kind: 'virtualmachineProfiles' }, '/kind'],
      [{ ...profile(), apiVersion: 'v1', kind: 'VirtualMachineprofile' }, '/kind'],
      [{ ...CONFIG, apiVersion: 'vm.exmaple.com/v1alpha1' }, '/apiVersion'],
      // A document being written, before its kind: the profile's fields are suggested and required.
      [{ metadata: { name: 'vm1' } }, ''],
    ];
    for (const [object, at] of cases) expect(pathsOf(errorsOf(validator('editor'), object)), JSON.stringify(object)).toContain(at);
    const kindErrors = errorsOf(validator('editor'), { ...profile(), kind: 'VirtualMachineProfiles' }).filter((e) => e.instancePath === '/kind');
    expect(kindErrors.map((e) => e.params)).toEqual([{ allowedValue: 'VirtualMachineProfile' }]);
    // Without a kind, as a profile (which needs a spec), not as a config (which does not).
    expect(errorsOf(validator('editor'), { apiVersion: 'vm.example.com/v1alpha1', metadata: { name: 'vm1' } }).map((e) => e.params)).toContainEqual({ missingProperty: 'spec' });
  });
});

describe('editor messages in words (yaml-language-server shows patternErrorMessage instead of the pattern)', () => {
  /** Every node of the schema with its JSON pointer-ish path, except the kind conditions (never reported). */
  function nodes(node: unknown, path: string, out: [string, Obj][] = []): [string, Obj][] {
    if (Array.isArray(node)) node.forEach((child, i) => nodes(child, `${path}/${i}`, out));
    else if (typeof node === 'object' && node !== null) {
      out.push([path, node as Obj]);
      for (const [key, child] of Object.entries(node)) if (key !== 'if') nodes(child, `${path}/${key}`, out);
    }
    return out;
  }

  it('gives every pattern and format an editor reports a sentence, not a regular expression', () => {
    const checked = nodes(editor, '#').filter(([, node]) => typeof node['pattern'] === 'string' || typeof node['format'] === 'string');
    expect(checked.length).toBeGreaterThanOrEqual(25);
    for (const [path, node] of checked) {
      const words = node['patternErrorMessage'] ?? node['errorMessage'];
      expect(words, path).toMatch(/^[A-Z][^^$\\]*\.$/);
      if (node['pattern']) expect(words, path).not.toContain(node['pattern']);
    }
  });

  it('says what to write for names, quantities, images, addresses, UUIDs and interface names', () => {
    const profileDef = (editor['definitions'] as Obj)['VirtualMachineProfile']['properties'];
    const spec = profileDef['spec']['properties'];
    const network = spec['networks']['items']['properties'];
    const disk = spec['disks']['items']['properties'];
    const settings = (editor['definitions'] as Obj)['VirtualMachineProfileConfig']['properties']['spec']['properties']['network']['properties'];
    expect(profileDef['metadata']['properties']['name']['patternErrorMessage']).toBe(
      'Not a valid profile name: use lowercase letters, digits and "-", starting and ending with a letter or digit (a DNS-1123 label).',
    );
    expect(disk['storageClassName']['patternErrorMessage']).toBe(
      'Not valid as a StorageClass name: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (a DNS-1123 subdomain).',
    );
    expect(disk['size']['patternErrorMessage']).toBe('Not a Kubernetes quantity: write the disk size like "8Gi" or "512Mi".');
    expect(spec['osImage']['patternErrorMessage']).toBe('Neither a registry image reference (registry.example.com/os:tag) nor an http(s)://, docker:// or oci-archive:// URL.');
    expect(spec['firmwareUUID']['patternErrorMessage']).toBe('Not a UUID such as "5d307ca9-b3ef-428c-8861-06e72d69f223".');
    expect(network['macAddress']['patternErrorMessage']).toBe('Not a MAC address: write six hexadecimal octets separated by ":", e.g. "02:5a:1b:00:00:01".');
    expect(network['ipConfig']['properties']['gateway']['anyOf'].map((branch: Obj) => branch['errorMessage'])).toEqual([
      'Not an IPv4 or IPv6 address, such as 192.168.100.1 or fd00::1.',
      'Not an IPv4 or IPv6 address, such as 192.168.100.1 or fd00::1.',
    ]);
    expect(settings['defaultUplink']['patternErrorMessage']).toBe(
      'Not a valid uplink interface name: use letters, digits, ".", "_" and "-", starting with a letter or digit (a Linux interface name).',
    );
    expect(profileDef['kind']['errorMessage']).toBe("vmprofile's kinds are VirtualMachineProfile and VirtualMachineProfileConfig.");
    // Two patterns on one string (allOf): each branch carries the words of the field.
    const service = spec['services']['items']['properties'];
    expect(service['name']['allOf'].map((branch: Obj) => branch['patternErrorMessage'])).toEqual(Array(2).fill(
      'Not a valid Service name: use lowercase letters, digits and "-", starting with a letter and ending with a letter or digit (a DNS-1035 label).',
    ));
    expect(service['ports']['items']['properties']['name']['patternErrorMessage']).toBe(
      'Not a port name: lowercase letters, digits and single "-", at least one letter, starting and ending with a letter or digit.',
    );
  });
});

describe('words for patterns, node by node', () => {
  it('keeps a pattern\'s own words, adds known ones, and leaves an unknown pattern and pattern-less nodes alone', () => {
    expect(withWords({ pattern: MAC.source, patternErrorMessage: 'Own words.' })).toEqual({ pattern: MAC.source, patternErrorMessage: 'Own words.' });
    expect(withWords({ pattern: MAC.source })).toEqual({ pattern: MAC.source, patternErrorMessage: expect.stringMatching(/^Not a MAC address/) });
    expect(withWords({ type: 'string', format: 'uuid', pattern: '^u$' })).toMatchObject({ patternErrorMessage: expect.stringMatching(/^Not a UUID/) });
    expect(withWords({ type: 'string', pattern: '^zz$' })).not.toHaveProperty('patternErrorMessage');
    expect(withWords({ type: 'string', format: 'uuid' })).not.toHaveProperty('patternErrorMessage');
    expect(withWords([{ pattern: MAC.source }, 'text', 3, null])).toEqual([{ pattern: MAC.source, patternErrorMessage: expect.any(String) }, 'text', 3, null]);
  });

  it('gives the branches of a field\'s allOf the field\'s words, and nothing else below it', () => {
    const field = { type: 'string', patternErrorMessage: 'Field words.', allOf: [{ pattern: '^a' }, { pattern: '^b', patternErrorMessage: 'Own.' }] };
    expect(withWords(field)).toEqual({ ...field, allOf: [{ pattern: '^a', patternErrorMessage: 'Field words.' }, { pattern: '^b', patternErrorMessage: 'Own.' }] });
    const object = { type: 'object', patternErrorMessage: 'Object words.', properties: { name: { pattern: '^a' } }, items: [{ pattern: '^b' }] };
    expect(withWords(object)).toEqual(object);
  });
});

describe('structural schemas, node by node', () => {
  it('keeps the JSONSchemaProps keys, const as enum, and field names that look like keywords', () => {
    expect(
      structural({
        $schema: 'x', $id: 'y', title: 'T', type: 'object', description: 'd', required: ['const'],
        properties: { const: { type: 'string', const: 'c', patternErrorMessage: 'W.' }, title: { type: 'string', default: null }, anyOf: { type: 'integer', minimum: 1 } },
        propertyNames: { pattern: '^a' }, if: {}, then: {}, else: {}, allOf: [], not: {}, definitions: {},
      }),
    ).toEqual({
      type: 'object', description: 'd', required: ['const'],
      properties: { const: { type: 'string', enum: ['c'] }, title: { type: 'string', default: null }, anyOf: { type: 'integer', minimum: 1 } },
    });
  });

  it('drops additionalProperties beside properties, keeps it for maps, and walks items', () => {
    expect(structural({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false })).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(structural({ type: 'object', additionalProperties: { type: 'string', title: 'v' } })).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(structural({ type: 'array', items: [{ type: 'string', title: 't' }, 'x', null] })).toEqual({ type: 'array', items: [{ type: 'string' }, 'x', null] });
  });

  it('keeps a field of two forms for the function to validate: int-or-string where it is one, else unknown fields kept', () => {
    const union = (...types: string[]) => structural({ description: 'u', anyOf: types.map((type) => ({ type })) });
    expect(union('string', 'integer')).toEqual({ 'x-kubernetes-int-or-string': true, description: 'u' });
    expect(union('number', 'string')).toEqual({ 'x-kubernetes-int-or-string': true, description: 'u' });
    expect(union('string', 'integer', 'boolean')).toEqual({ 'x-kubernetes-preserve-unknown-fields': true, description: 'u' });
    expect(union('integer', 'object')).toEqual({ 'x-kubernetes-preserve-unknown-fields': true, description: 'u' });
    expect(union('string', 'object')).toEqual({ 'x-kubernetes-preserve-unknown-fields': true, description: 'u' });
    expect(union('boolean', 'object')).toEqual({ 'x-kubernetes-preserve-unknown-fields': true, description: 'u' });
    // A typed node with anyOf (formats of one string) keeps its type and loses the anyOf.
    expect(structural({ type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] })).toEqual({ type: 'string' });
  });
});

// The keys of apiextensions.k8s.io/v1 JSONSchemaProps that a structural schema may hold (no $ref,
// definitions, patternProperties, dependencies, additionalItems or id).
const JSON_SCHEMA_PROPS = new Set([
  'description', 'type', 'format', 'title', 'default', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength',
  'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'enum', 'maxProperties', 'minProperties', 'required', 'items', 'allOf',
  'oneOf', 'anyOf', 'not', 'properties', 'additionalProperties', 'example', 'externalDocs', 'nullable',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
]);

describe('vmprofile schema --crd', () => {
  let version: Obj;
  let schema: Obj;
  beforeEach(() => {
    version = crd['spec']['versions'][0];
    schema = version['schema']['openAPIV3Schema'];
  });

  it('names the kind, its group, version and short names', () => {
    expect(crd['apiVersion']).toBe('apiextensions.k8s.io/v1');
    expect(crd['kind']).toBe('CustomResourceDefinition');
    expect(crd['metadata']['name']).toBe('virtualmachineprofiles.vm.example.com');
    expect(crd['spec']['group']).toBe('vm.example.com');
    expect(crd['spec']['scope']).toBe('Namespaced');
    expect(crd['spec']['names']).toEqual({
      kind: 'VirtualMachineProfile',
      listKind: 'VirtualMachineProfileList',
      plural: 'virtualmachineprofiles',
      singular: 'virtualmachineprofile',
      shortNames: ['vmprofile', 'vmp'],
    });
    expect(version).toMatchObject({ name: 'v1alpha1', served: true, storage: true });
  });

  it('has a structural schema: JSONSchemaProps keys only, objects typed, no editor messages', () => {
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const props = node as Obj;
      for (const key of Object.keys(props)) expect(JSON_SCHEMA_PROPS, `${path}.${key}`).toContain(key);
      for (const forbidden of ['anyOf', 'title']) expect(props, path).not.toHaveProperty(forbidden);
      if (props['properties']) {
        expect(props['type'], path).toBe('object');
        expect(props, path).not.toHaveProperty('additionalProperties');
        for (const [field, child] of Object.entries(props['properties'] as Obj)) walk(child, `${path}.${field}`);
      }
      for (const key of ['items', 'additionalProperties']) if (props[key] !== undefined) walk(props[key], `${path}.${key}`);
    };
    walk(schema, 'openAPIV3Schema');
  });

  it('keeps every field of the profile, its enums and value types, and leaves metadata to the API server', () => {
    const profileSpec = (profileJsonSchema()['properties'] as Obj)['spec'];
    expect(Object.keys(schema['properties'])).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(schema['properties']['spec']['properties'])).toEqual(Object.keys(profileSpec['properties']));
    expect(schema['required']).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(schema['properties']['kind']).toEqual({ type: 'string', enum: ['VirtualMachineProfile'] });
    expect(schema['properties']['metadata']).toEqual({ type: 'object' });
    expect(schema['properties']['spec']['properties']['cpu']).toMatchObject({ type: 'integer', minimum: 1 });
    const network = schema['properties']['spec']['properties']['networks']['items'];
    expect(network['properties']['type']['enum']).toEqual(['bridge', 'macvlan', 'sriov', 'ovs']);
    expect(network['properties']['ipConfig']['properties']['gateway']).toEqual({ type: 'string', description: expect.stringMatching(/^Default route/) });
    // Fields of two forms: the API server keeps them, the function validates them.
    expect(schema['properties']['spec']['properties']['instancetype']).toEqual({ 'x-kubernetes-preserve-unknown-fields': true, description: expect.any(String) });
    expect(schema['properties']['spec']['properties']['services']['items']['properties']['ports']['items']['properties']['targetPort']).toMatchObject({ 'x-kubernetes-int-or-string': true });
    expect(JSON.stringify(schema)).not.toMatch(/"(anyOf|allOf|if|then|else|not|patternErrorMessage|errorMessage)":/);
    // A map of labels keeps its value type (no properties, so additionalProperties is allowed).
    expect(schema['properties']['spec']['properties']['highAvailability']['properties']['nodeSelector']['additionalProperties']).toEqual({ type: 'string' });
  });
});
