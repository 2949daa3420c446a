// vmprofile schema: the JSON Schema and CRD come from the same zod schema as validation, so editors
// flag what the function rejects.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ajvModule from 'ajv';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateProfile } from '../../src/profile/validate.js';
import { type Obj, profile } from '../support/fixtures.js';
import { BIN, EXAMPLES } from '../support/paths.js';
import { closeUnknownProperties } from '../support/schemas.js';

const printed = (args: string[]) => {
  const result = spawnSync(BIN, ['schema', ...args], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout;
};
const jsonSchema = JSON.parse(printed([])) as Obj;
const crd = parse(printed(['--crd'])) as Obj;
const ajv = new ajvModule.default({ strict: false, allErrors: true });
formatsModule.default(ajv);
const validateJson = ajv.compile(jsonSchema);
const crdSchema = structuredClone(crd['spec']['versions'][0]['schema']['openAPIV3Schema']);
closeUnknownProperties(crdSchema);
const validateCrd = ajv.compile(crdSchema);

const examples = readdirSync(join(EXAMPLES, 'kustomization/profiles')).map((name) => parse(readFileSync(join(EXAMPLES, 'kustomization/profiles', name), 'utf8')) as Obj);

// Single-field rules: a JSON Schema can say them, so editors flag these as the function does.
const INVALID: [string, Obj][] = [
  ['a name with capitals', profile('Web')],
  ['a name over 63 characters', profile('a'.repeat(64))],
  ['cpu as a string', profile('vm1', { cpu: '2' })],
  ['cpu 0', profile('vm1', { cpu: 0 })],
  ['memory without a unit system', profile('vm1', { memory: '8GB' })],
  ['an unknown network type', profile('vm1', { networks: [{ name: 'n', type: 'vxlan' }] })],
  ['VLAN 0', profile('vm1', { networks: [{ name: 'n', type: 'bridge', vlanId: 0 }] })],
  ['VLAN 4095', profile('vm1', { networks: [{ name: 'n', type: 'bridge', vlanId: 4095 }] })],
  ['a 16-character bridge name', profile('vm1', { networks: [{ name: 'n', type: 'bridge', bridgeName: 'b'.repeat(16) }] })],
  ['a malformed MAC', profile('vm1', { networks: [{ name: 'n', type: 'bridge', macAddress: '02:00:00' }] })],
  ['an unknown ipConfig mode', profile('vm1', { networks: [{ name: 'n', type: 'bridge', ipConfig: { mode: 'auto' } }] })],
  ['a DNS server that is a host name', profile('vm1', { networks: [{ name: 'n', type: 'bridge', ipConfig: { mode: 'dhcp', dnsServers: ['dns.example.com'] } }] })],
  ['a disk without a storage class', profile('vm1', { disks: [{ name: 'd', size: '10Gi' }] })],
  ['a disk name with capitals', profile('vm1', { disks: [{ name: 'Data', size: '10Gi', storageClassName: 'ssd' }] })],
  ['an image with spaces', profile('vm1', { osImage: 'my image' })],
  ['an unknown run strategy', profile('vm1', { startStrategy: { runStrategy: 'Running' } })],
  ['autoStart as a string', profile('vm1', { startStrategy: { autoStart: 'yes' } })],
  ['an unknown spec field', profile('vm1', { gpus: 1 })],
  ['a misspelt nested field', profile('vm1', { networks: [{ name: 'n', type: 'bridge', vlanid: 3 }] })],
  ['a wrong apiVersion', { ...profile(), apiVersion: 'vm.example.com/v1' }],
];

describe('vmprofile schema', () => {
  it('prints a draft-07 JSON Schema with an $id and field descriptions for editors', () => {
    expect(jsonSchema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(jsonSchema['$id']).toMatch(/^https:\/\//);
    expect(jsonSchema['properties']['spec']['properties']['memory']['description']).toMatch(/at least 512Mi/);
  });

  it('accepts the example profiles, as the function does', () => {
    for (const example of [...examples, profile()]) {
      expect(validateProfile(example).issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(validateJson(example), JSON.stringify(validateJson.errors)).toBe(true);
      expect(validateCrd(example), JSON.stringify(validateCrd.errors)).toBe(true);
    }
  });

  it.each(INVALID)('rejects %s, as the function does', (_, invalid) => {
    expect(validateProfile(invalid).issues.filter((i) => i.severity === 'error').length).toBeGreaterThan(0);
    expect(validateJson(invalid)).toBe(false);
  });

  it('prints a CustomResourceDefinition with a structural schema', () => {
    expect(crd['apiVersion']).toBe('apiextensions.k8s.io/v1');
    expect(crd['metadata']['name']).toBe('virtualmachineprofiles.vm.example.com');
    expect(crd['spec']['names']).toMatchObject({ kind: 'VirtualMachineProfile', plural: 'virtualmachineprofiles', shortNames: ['vmprofile', 'vmp'] });
    const version = crd['spec']['versions'][0];
    expect(version).toMatchObject({ name: 'v1alpha1', served: true, storage: true });
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Obj;
      for (const forbidden of ['$schema', '$id', 'const', 'propertyNames', 'anyOf']) expect(schema, path).not.toHaveProperty(forbidden);
      if (schema['properties']) {
        expect(schema['type'], path).toBe('object');
        expect(schema, path).not.toHaveProperty('additionalProperties');
      }
      for (const [key, child] of Object.entries(schema)) walk(child, `${path}.${key}`);
    };
    walk(version.schema.openAPIV3Schema, 'openAPIV3Schema');
    expect(version.schema.openAPIV3Schema.properties.metadata).toEqual({ type: 'object' });
  });
});
