// Property: any valid set of profiles, under any config, renders to objects KubeVirt would accept,
// wired consistently, deterministically, independent of input order, and stable when re-rendered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Obj, generated, renderText, resourceList } from '../support/fixtures.js';
import { PASS_THROUGH, RUNS, TIMEOUT, configArbitrary, profilesArbitrary } from './arbitraries.js';

const input = (profiles: readonly Obj[], config: Obj) => resourceList([...PASS_THROUGH, ...profiles], config);
const key = (o: Obj) => `${o['kind']}|${o['metadata']['namespace'] ?? ''}|${o['metadata']['name']}`;

function checkWiring(objects: Obj[], profiles: readonly Obj[]): void {
  const vms = objects.filter((o) => o['kind'] === 'VirtualMachine');
  expect(vms.map((vm) => vm['metadata']['name']).sort()).toEqual(profiles.map((p) => p['metadata']['name']).sort());
  // Identities and MACs are unique across everything rendered.
  expect(new Set(objects.map(key)).size).toBe(objects.length);
  const macs = vms.flatMap((vm) => (vm['spec']['template']['spec']['domain']['devices']['interfaces'] ?? []).map((i: Obj) => i['macAddress']));
  expect(new Set(macs).size).toBe(macs.length);
  for (const vm of vms) {
    const namespace = vm['metadata']['namespace'] ?? '';
    const spec = vm['spec']['template']['spec'];
    const profile = profiles.find((p) => p['metadata']['name'] === vm['metadata']['name'] && (p['metadata']['namespace'] ?? '') === namespace)!;
    const emitted = (kind: string, name: string) => objects.some((o) => o['kind'] === kind && o['metadata']['name'] === name && (o['metadata']['namespace'] ?? '') === namespace);
    // Every DataVolume, NAD and Secret the VM needs is emitted, or is named by the profile (external).
    const templates = (vm['spec']['dataVolumeTemplates'] ?? []).map((t: Obj) => t['metadata']['name']);
    for (const volume of spec['volumes']) {
      if (volume['dataVolume']) expect(templates.includes(volume['dataVolume']['name']) || emitted('DataVolume', volume['dataVolume']['name'])).toBe(true);
      const noCloud = volume['cloudInitNoCloud'];
      for (const ref of noCloud ? [noCloud['secretRef'], noCloud['networkDataSecretRef']] : []) if (ref) expect(emitted('Secret', ref['name'])).toBe(true);
    }
    const external = new Set((profile['spec']['networks'] ?? []).map((n: Obj) => n['nadName']).filter(Boolean));
    for (const network of spec['networks'] ?? []) {
      if (network['pod']) continue;
      const name = network['multus']['networkName'];
      expect(external.has(name) || emitted('NetworkAttachmentDefinition', name)).toBe(true);
    }
    for (const credential of spec['accessCredentials'] ?? []) expect(credential['sshPublicKey']['source']['secret']['secretName']).toBe(profile['spec']['sshKeySecret']);
    // Cloud-init network data, read as cloud-init reads it, configures exactly the VM's NICs by MAC.
    const interfaces: Obj[] = spec['domain']['devices']['interfaces'] ?? [];
    const noCloud = spec['volumes'].find((v: Obj) => v['cloudInitNoCloud'])['cloudInitNoCloud'];
    const secret = objects.find((o) => o['kind'] === 'Secret' && o['metadata']['name'] === noCloud['networkDataSecretRef']?.['name']);
    const text: string | undefined = noCloud['networkData'] ?? (secret ? Buffer.from(secret['data']['networkdata'], 'base64').toString() : undefined);
    if (interfaces.length === 0) expect(text).toBeUndefined();
    else {
      const networkData = parse(text!, { version: '1.1' }) as Obj;
      expect(networkData['version']).toBe(2);
      const ethernets = Object.entries(networkData['ethernets'] as Obj);
      expect(ethernets.map(([id, e]) => [id, e['match']['macaddress'], e['set-name']])).toEqual(interfaces.map((i, n) => [i['name'], i['macAddress'], `eth${n}`]));
    }
  }
}

// What the generated cases exercised; asserted at the end so the generator cannot silently degenerate.
function features(objects: Obj[]): string[] {
  const seen = new Set<string>(objects.map((o) => o['kind']));
  for (const vm of objects.filter((o) => o['kind'] === 'VirtualMachine')) {
    const spec = vm['spec']['template']['spec'];
    for (const i of spec['domain']['devices']['interfaces'] ?? []) seen.add(i['binding'] ? 'macvtap' : i['sriov'] ? 'sriov' : i['masquerade'] ? 'masquerade' : i['passtBinding'] ? 'passt' : 'bridge binding');
    if (vm['spec']['instancetype']) seen.add('instancetype');
    if (spec['domain']['devices']['autoattachPodInterface'] === false) seen.add('no network');
    for (const volume of spec['volumes']) if (volume['persistentVolumeClaim'] && !objects.some((o) => o['kind'] === 'PersistentVolumeClaim' && o['metadata']['name'] === volume['persistentVolumeClaim']['claimName'])) seen.add('existing claim');
    if (vm['spec']['dataVolumeTemplates']) seen.add('dataVolumeTemplates');
    for (const dv of [...objects.filter((o) => o['kind'] === 'DataVolume').map((o) => o['spec']), ...(vm['spec']['dataVolumeTemplates'] ?? []).map((t: Obj) => t['spec'])]) {
      if (dv['sourceRef']) seen.add('DataSource');
      if (dv['source']?.['pvc']) seen.add('clone');
    }
    if (spec['affinity']) seen.add('anti-affinity');
    seen.add(`runStrategy ${vm['spec']['runStrategy']}`);
  }
  return [...seen];
}

describe('valid profiles (property)', () => {
  it('render with exit 0 into accepted, consistently wired objects; deterministically, in any order, and stably', () => {
    const exercised = new Set<string>();
    fc.assert(
      fc.property(profilesArbitrary, configArbitrary, fc.infiniteStream(fc.nat()), (profiles, config, randomness) => {
        // render() checks every generated object against the upstream schemas and the webhooks.
        const first = renderText(input(profiles, config));
        expect(first.errors, first.stderr).toEqual([]);
        expect(first.exitCode).toBe(0);
        // Warnings only (kustomize shows them); the summary line closes them.
        for (const line of first.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^\[warning\] |^vmprofile: \d+ warnings?; rendered$/);
        const objects = generated(first);
        checkWiring(objects, profiles);
        for (const feature of features(objects)) exercised.add(feature);
        // Pass-through items come back as they were.
        for (const item of PASS_THROUGH) expect(first.items).toContainEqual(item);

        expect(renderText(input(profiles, config)).stdout).toBe(first.stdout);
        const order = [...profiles].sort(() => (randomness.next().value % 3) - 1);
        expect(generated(renderText(input(order, config)))).toEqual(objects);
        const again = renderText(resourceList(first.items, config));
        expect(again.stdout).toBe(renderText(resourceList(again.items, config)).stdout);
        expect(again.items).toEqual(first.items);
      }),
      { numRuns: RUNS },
    );
    expect([...exercised].sort()).toEqual(
      expect.arrayContaining(['DataVolume', 'NetworkAttachmentDefinition', 'NodeNetworkConfigurationPolicy', 'Secret', 'Service', 'VirtualMachine', 'anti-affinity', 'bridge binding', 'masquerade', 'passt', 'no network', 'instancetype', 'existing claim', 'DataSource', 'clone', 'dataVolumeTemplates', 'macvtap', 'sriov', 'runStrategy Always', 'runStrategy Halted', 'runStrategy Manual', 'runStrategy Once', 'runStrategy RerunOnFailure']),
    );
  }, TIMEOUT);
});
