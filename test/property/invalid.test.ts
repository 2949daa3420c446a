// Property: a valid input with one field broken (wrong type, out of range, missing, duplicated,
// unknown) never crashes: exit 1, an error result at exactly that field, every item echoed unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Obj, renderText, resourceList } from '../support/fixtures.js';
import { PASS_THROUGH, RUNS, TIMEOUT, configArbitrary, profilesArbitrary } from './arbitraries.js';

type Mutation = (profile: Obj, word: string) => string | undefined;

const SPEC_FIELDS = ['cpu', 'memory', 'instancetype', 'preference', 'podNetwork', 'services', 'osImage', 'sshKeySecret', 'hostname', 'firmwareUUID', 'networks', 'disks', 'highAvailability', 'startStrategy', 'cloudInit'];
const NETWORK_FIELDS = ['name', 'type', 'nadName', 'vlanId', 'bridgeName', 'macAddress', 'uplink', 'ipConfig'];

function someNetwork(profile: Obj, pick: (count: number) => number): number | undefined {
  const count = profile['spec']['networks']?.length ?? 0;
  return count === 0 ? undefined : pick(count);
}

/** Each breaks one thing and says where the error must point (undefined: not applicable here). */
const MUTATIONS: Record<string, Mutation> = {
  'cpu of the wrong type': (p) => ((p['spec']['cpu'] = 'two'), 'spec.cpu'),
  'cpu out of range': (p) => ((p['spec']['cpu'] = 0), 'spec.cpu'),
  'memory of the wrong type': (p) => ((p['spec']['memory'] = 8), 'spec.memory'),
  'memory below the minimum': (p) => ((p['spec']['memory'] = '100Mi'), 'spec.memory'),
  'cpu missing': (p) => (p['spec']['instancetype'] ? undefined : (delete p['spec']['cpu'], 'spec.cpu')),
  'memory missing': (p) => (p['spec']['instancetype'] ? undefined : (delete p['spec']['memory'], 'spec.memory')),
  'an unknown spec field': (p, word) => (SPEC_FIELDS.includes(word) ? undefined : ((p['spec'][word] = 1), `spec.${word}`)),
  'networks of the wrong type': (p) => ((p['spec']['networks'] = 'mgmt'), 'spec.networks'),
  'a VLAN out of range': (p) => {
    const i = someNetwork(p, (n) => n - 1);
    if (i === undefined || p['spec']['networks'][i]['nadName']) return undefined;
    p['spec']['networks'][i]['vlanId'] = 5000;
    return `spec.networks[${i}].vlanId`;
  },
  'an unknown network type': (p) => {
    const i = someNetwork(p, () => 0);
    if (i === undefined) return undefined;
    p['spec']['networks'][i]['type'] = 'vxlan';
    return `spec.networks[${i}].type`;
  },
  'a network without a name': (p) => {
    const i = someNetwork(p, (n) => n - 1);
    if (i === undefined) return undefined;
    delete p['spec']['networks'][i]['name'];
    return `spec.networks[${i}].name`;
  },
  'a duplicate network name': (p) => {
    const networks = p['spec']['networks'] ?? [];
    if (networks.length < 2) return undefined;
    networks[networks.length - 1]['name'] = networks[0]['name'];
    return `spec.networks[${networks.length - 1}].name`;
  },
  'an unknown network field': (p, word) => {
    const i = someNetwork(p, () => 0);
    if (i === undefined || NETWORK_FIELDS.includes(word)) return undefined;
    p['spec']['networks'][i][word] = 'x';
    return `spec.networks[${i}].${word}`;
  },
  'a disk size of the wrong type': (p) => {
    if (!p['spec']['disks']?.length) return undefined;
    p['spec']['disks'][0]['size'] = 10;
    return 'spec.disks[0].size';
  },
  'a disk without a storage class': (p) => {
    const disks = p['spec']['disks'] ?? [];
    // An existing claim (claimName) has no storage class to miss.
    if (disks.length === 0 || disks[disks.length - 1]['claimName']) return undefined;
    delete disks[disks.length - 1]['storageClassName'];
    return `spec.disks[${disks.length - 1}].storageClassName`;
  },
  'a duplicate disk name': (p) => {
    const disks = p['spec']['disks'] ?? [];
    if (disks.length < 2) return undefined;
    disks[1]['name'] = disks[0]['name'];
    return 'spec.disks[1].name';
  },
  'an unknown run strategy': (p) => ((p['spec']['startStrategy'] = { ...p['spec']['startStrategy'], runStrategy: 'Running' }), 'spec.startStrategy.runStrategy'),
  'autoStart of the wrong type': (p) => ((p['spec']['startStrategy'] = { autoStart: 'yes' }), 'spec.startStrategy.autoStart'),
  'an invalid name': (p) => ((p['metadata']['name'] = 'Bad_Name'), 'metadata.name'),
  'antiAffinity of the wrong type': (p) => ((p['spec']['highAvailability'] = { ...p['spec']['highAvailability'], antiAffinity: 'true' }), 'spec.highAvailability.antiAffinity'),
};

describe('invalid profiles (property)', () => {
  it('end in exit 1, an error at the broken field, and the input echoed unchanged; never a crash', () => {
    const applied = new Set<string>();
    fc.assert(
      fc.property(profilesArbitrary, configArbitrary, fc.nat(), fc.constantFrom(...Object.keys(MUTATIONS)), fc.stringMatching(/^[a-z][a-zA-Z]{2,9}$/), (profiles, config, which, mutation, word) => {
        const broken = structuredClone(profiles);
        const target = broken[which % broken.length]!;
        const path = MUTATIONS[mutation]!(target, word);
        fc.pre(path !== undefined);
        applied.add(mutation);
        const items = [...PASS_THROUGH, ...broken];
        const out = renderText(resourceList(items, config));
        expect(out.exitCode).toBe(1);
        expect(out.stderr).not.toMatch(/internal error|\n\s+at /);
        expect(out.errors.map((e) => e['field']?.['path'])).toContain(path);
        const result = out.errors.find((e) => e['field']?.['path'] === path)!;
        expect(result['resourceRef']['name']).toBe(target['metadata']['name']);
        expect(out.items).toEqual(items);
      }),
      { numRuns: RUNS },
    );
    // Most mutations need a profile of a certain shape; enough of them must have been tried.
    expect(applied.size).toBeGreaterThanOrEqual(Math.min(Object.keys(MUTATIONS).length, 12));
  }, TIMEOUT);
});
