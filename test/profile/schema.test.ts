// profile/schema.ts and validate.ts: single-field rules whose edges validation.test.ts does not reach,
// which objects count as ours, and when the cross-field rules run beside the schema's findings.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/schema.js';
import { isOwnKind } from '../../src/profile/schema.js';
import { validateProfile } from '../../src/profile/validate.js';
import { type Obj, profile } from '../support/fixtures.js';

const issuesOf = (spec: Obj) => validateProfile(profile('vm1', spec)).issues;
const ovs = (trunk: unknown) => issuesOf({ networks: [{ name: 'n', type: 'ovs', trunk }] });
const error = (field: string, message: string) => ({ severity: 'error', field, message });

describe('ovs trunks', () => {
  it.each([
    ['one VLAN', { id: 7 }],
    ['a range', { minID: 100, maxID: 110 }],
  ])('accepts %s', (_, entry) => {
    expect(ovs([entry])).toEqual([]);
  });

  it.each([
    ['nothing', {}],
    ['minID alone', { minID: 2 }],
    ['maxID alone', { maxID: 3 }],
    ['id and minID', { id: 1, minID: 2 }],
    ['id and maxID', { id: 1, maxID: 2 }],
    ['id and a range', { id: 1, minID: 2, maxID: 3 }],
  ])('refuses an entry of %s: it is one VLAN or a range', (_, entry) => {
    expect(ovs([{ id: 9 }, entry])).toEqual([error('spec.networks[0].trunk[1]', 'must be {id: N} for one VLAN or {minID: A, maxID: B} for a range')]);
  });

  it.each([
    { entry: { id: '5' }, field: 'id', message: 'id must be a whole number between 1 and 4094; got the string "5"' },
    { entry: { minID: 1.5, maxID: 3 }, field: 'minID', message: 'minID must be a whole number between 1 and 4094; got 1.5' },
    { entry: { minID: 1, maxID: null }, field: 'maxID', message: 'maxID must be a whole number between 1 and 4094; got null' },
    { entry: { id: 0 }, field: 'id', message: 'VLAN 0 is out of range: VLAN IDs are 1 to 4094' },
    { entry: { minID: 0, maxID: 3 }, field: 'minID', message: 'VLAN 0 is out of range: VLAN IDs are 1 to 4094' },
    { entry: { minID: 1, maxID: 4095 }, field: 'maxID', message: 'VLAN 4095 is out of range: VLAN IDs are 1 to 4094' },
  ])('names the bad VLAN number of $entry', ({ entry, field, message }) => {
    expect(ovs([entry])).toEqual([error(`spec.networks[0].trunk[0].${field}`, message)]);
  });
});

describe('nadName', () => {
  it.each(['', 'lan', 'team-a/lan', 'team.a/lan.v1'])('accepts "%s"', (nadName) => {
    expect(issuesOf({ networks: [{ name: 'n', type: 'bridge', nadName }] })).toEqual([]);
  });

  it.each([
    ['a/b/c', 'has more than one "/"'],
    ['ns/', 'must not be empty'],
    ['Team/lan', 'must consist of lowercase letters, digits, "-" and ".", and start and end with a letter or digit (DNS-1123 subdomain)'],
  ])('refuses "%s", saying why', (nadName, problem) => {
    expect(issuesOf({ networks: [{ name: 'n', type: 'bridge', nadName }] })).toEqual([
      error('spec.networks[0].nadName', `"${nadName}" is not a NetworkAttachmentDefinition reference: write "name" or "namespace/name" (${problem})`),
    ]);
  });
});

describe('maxCpu', () => {
  it.each([
    [2.5, ['must be a whole number of virtual CPUs; got 2.5']],
    ['4', ['must be a whole number of virtual CPUs; got the string "4"']],
    // Only the value is wrong, so the cross-field rule (maxCpu ≥ cpu) speaks too.
    [0, ['must be at least 1 CPU; got 0', 'is 0, below cpu (2); maxCpu is the most CPUs the VM may grow to: raise it or leave it out']],
  ])('refuses %j', (maxCpu, messages) => {
    expect(issuesOf({ maxCpu })).toEqual(messages.map((message) => error('spec.maxCpu', message)));
  });

  it('is compared with cpu even when memory is missing, so one round shows both', () => {
    expect(validateProfile(profile('vm1', { cpu: 4, maxCpu: 2, memory: undefined })).issues.map((i) => i.field)).toEqual(['spec.memory', 'spec.maxCpu']);
  });
});

describe('which objects are ours', () => {
  it.each<[string, unknown, boolean]>([
    ['a profile', { apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile' }, true],
    ['a profile of another version of the group', { apiVersion: 'vm.example.com/v2', kind: 'VirtualMachineProfile' }, true],
    ['another group\'s kind of the same name', { apiVersion: 'vm.example.org/v1alpha1', kind: 'VirtualMachineProfile' }, false],
    ['a group that only starts like ours', { apiVersion: 'vm.example.com.evil/v1', kind: 'VirtualMachineProfile' }, false],
    ['another kind of the group', { apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachine' }, false],
    ['a kind without apiVersion', { kind: 'VirtualMachineProfile' }, false],
    ['null', null, false],
    ['nothing', undefined, false],
    ['a string', 'VirtualMachineProfile', false],
    ['a number', 7, false],
  ])('%s: %s', (_, value, ours) => {
    expect(isOwnKind(value, 'VirtualMachineProfile')).toBe(ours);
  });

  it('refuses a functionConfig of another group, even of our kind name', () => {
    const config = { apiVersion: 'vm.example.org/v1alpha1', kind: 'VirtualMachineProfileConfig', metadata: { name: 'c' }, spec: {} };
    expect(readConfig(config).issues).toMatchObject([{ severity: 'error' }]);
    expect(readConfig({ ...config, apiVersion: 'vm.example.com/v1alpha1' }).issues).toEqual([]);
  });
});

describe('cross-field rules beside schema findings', () => {
  const contradiction = { runStrategy: 'Manual', autoStart: true };

  it('run when every finding is about a value, so one round shows everything', () => {
    expect(issuesOf({ memory: '8GB', maxCpu: 0, startStrategy: contradiction }).map((i) => i.field)).toEqual([
      'spec.maxCpu',
      'spec.memory',
      'spec.maxCpu',
      'spec.startStrategy.autoStart',
    ]);
  });

  it.each([
    { memory: '8GB', maxMemory: '8193Mi', errors: [['spec.memory', '"8GB" is not a Kubernetes quantity; write it like "8Gi" or "512Mi"'], ['spec.maxMemory', '8193Mi is not a multiple of 2Mi, which KubeVirt requires when maxMemory is set; use whole Gi or an even number of Mi']] },
    { memory: '2Gi', maxMemory: '8GB', errors: [['spec.maxMemory', '"8GB" is not a Kubernetes quantity; write it like "8Gi" or "512Mi"']] },
  ])('leave an unreadable memory quantity to the schema ($memory, maxMemory $maxMemory)', ({ memory, maxMemory, errors }) => {
    expect(issuesOf({ memory, maxMemory }).map((i) => [i.field, i.message])).toEqual(errors);
  });

  it('do not run beside a two-form field of neither form', () => {
    expect(issuesOf({ podNetwork: 3, startStrategy: contradiction }).map((i) => i.field)).toEqual(['spec.podNetwork']);
  });

  it('do not judge a disk whose fields hold values outside their choices', () => {
    const disks = [{ name: 'system', size: '20Gi', storageClassName: 'ssd', accessMode: 'ReadWriteSometimes' }];
    expect(issuesOf({ disks }).map((i) => i.field)).toEqual(['spec.disks[0].accessMode']);
  });

  it('report a spec that is not a mapping, or a document that is null, as such', () => {
    expect(validateProfile(null).issues).toEqual([{ severity: 'error', field: '', message: 'must be a mapping; got null' }]);
    expect(validateProfile({ ...profile('vm1', {}), spec: 'cpu: 2' }).issues).toEqual([{ severity: 'error', field: 'spec', message: 'must be a mapping; got the string "cpu: 2"' }]);
  });

  it('do not run when any field has the wrong type, even beside value findings', () => {
    expect(issuesOf({ memory: '8GB', networks: 'mgmt', startStrategy: contradiction }).map((i) => i.field)).toEqual(['spec.memory', 'spec.networks']);
    expect(issuesOf({ cpu: 'two', memory: '8GB', startStrategy: contradiction }).map((i) => i.field)).toEqual(['spec.cpu', 'spec.memory']);
  });
});
