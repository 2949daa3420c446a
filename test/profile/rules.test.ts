// profile/rules.ts: single-profile rules whose edges no row of validation.test.ts reaches. Each test
// shows the case that must pass beside the case that must fail.
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profile/validate.js';
import { type Obj, profile } from '../support/fixtures.js';

const issuesOf = (spec: Obj = {}, metadata: Obj = {}) => validateProfile(profile('vm1', spec, metadata)).issues.map(({ severity, field, message }) => ({ severity, field, message }));
const net = (extra: Obj) => ({ name: 'n', type: 'bridge', ...extra });

describe('reserved KubeVirt labels', () => {
  // virt-api's restrictedVmiLabels: only KubeVirt's own service accounts may set these on a VMI.
  it.each(['kubevirt.io/created-by', 'kubevirt.io/migrationJobUID', 'kubevirt.io/nodeName', 'kubevirt.io/migrationTargetNodeName', 'kubevirt.io/schedulable', 'kubevirt.io/install-strategy'])(
    'refuses %s, which would get the VM rejected when it starts',
    (label) => {
      expect(issuesOf({}, { labels: { app: 'web', [label]: 'x' } })).toEqual([
        { severity: 'error', field: `metadata.labels["${label}"]`, message: 'is reserved for KubeVirt itself: a VM whose template carries it is rejected; remove the label' },
      ]);
    },
  );

  it('allows other kubevirt.io labels users put on templates', () => {
    expect(issuesOf({}, { labels: { 'kubevirt.io/domain': 'web', 'kubevirt.io/size': 'small' } })).toEqual([]);
  });
});

describe('networks', () => {
  it('refuses bridgeName on a macvlan network, which sits on a host NIC, not a bridge', () => {
    expect(issuesOf({ networks: [net({ type: 'macvlan', bridgeName: 'br1' })] })).toEqual([
      { severity: 'error', field: 'spec.networks[0].bridgeName', message: 'bridgeName applies to bridge and ovs networks only; remove it from this macvlan network' },
    ]);
    expect(issuesOf({ networks: [net({ type: 'macvlan', uplink: 'eth2' })] })).toEqual([]);
  });

  it('accepts br_data as a bridge name: Linux allows "_" in interface names', () => {
    expect(issuesOf({ networks: [net({ bridgeName: 'br_data' })] })).toEqual([]);
    expect(issuesOf({ networks: [net({ bridgeName: 'br/data' })] })).toMatchObject([{ severity: 'error', field: 'spec.networks[0].bridgeName' }]);
  });

  it('warns about nothing on existing-NAD networks that set only what still applies', () => {
    const networks = [
      { name: 'a', type: 'bridge', nadName: 'lan-a', macAddress: '02:00:00:00:00:0a', ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: '10.0.0.1' } },
      { name: 'b', type: 'ovs', nadName: 'team/ovs-b', ipConfig: { mode: 'dhcp' } },
      { name: 'c', type: 'sriov', nadName: 'sriov-c' },
      { name: 'd', type: 'macvlan', nadName: 'macvtap-d' },
    ];
    expect(issuesOf({ networks })).toEqual([]);
  });

  it('warns once per field an existing NAD makes pointless', () => {
    const fields = { vlanId: 5, bridgeName: 'br1', uplink: 'eth3', hostLocal: false };
    expect(issuesOf({ networks: [net({ nadName: 'lan', ...fields })] }).map(({ severity, field }) => [severity, field])).toEqual(
      Object.keys(fields).map((field) => ['warning', `spec.networks[0].${field}`]),
    );
  });
});

describe('tolerations', () => {
  it('allows an empty key only with operator Exists (a toleration of every taint)', () => {
    expect(issuesOf({ highAvailability: { tolerations: [{ operator: 'Exists' }, { key: '', operator: 'Exists', effect: 'NoSchedule' }] } })).toEqual([]);
    const refused = { severity: 'error', message: 'must be Exists when the key is empty (a toleration of every taint)' };
    expect(issuesOf({ highAvailability: { tolerations: [{ operator: 'Equal', value: 'x' }, { effect: 'NoSchedule' }] } })).toEqual([
      { ...refused, field: 'spec.highAvailability.tolerations[0].operator' },
      { ...refused, field: 'spec.highAvailability.tolerations[1].operator' },
    ]);
  });
});

describe('user data', () => {
  const notAMapping = { severity: 'error', field: 'spec.cloudInit.userData', message: '#cloud-config must be a mapping of cloud-init modules (e.g. "packages:", "runcmd:")' };

  it('refuses a #cloud-config whose document is a scalar', () => {
    expect(issuesOf({ cloudInit: { userData: '#cloud-config\ninstall nginx\n' } })).toEqual([notAMapping]);
    expect(issuesOf({ cloudInit: { userData: '#cloud-config\n42\n' } })).toEqual([notAMapping]);
  });

  it('accepts a #cloud-config with nothing but comments, and user data that is not #cloud-config at all', () => {
    expect(issuesOf({ cloudInit: { userData: '#cloud-config\n# nothing yet\n' } })).toEqual([]);
    expect(issuesOf({ cloudInit: { userData: '#cloud-config-archive\n- type: text/cloud-config\n' } })).toEqual([]);
    expect(issuesOf({ cloudInit: { userData: 'install nginx\n' } })).toEqual([]);
  });

  it('says where a #cloud-config is not YAML, and refuses a second document', () => {
    expect(issuesOf({ cloudInit: { userData: '#cloud-config\npackages:\n  - a\n - b\n' } })).toMatchObject([{ severity: 'error', field: 'spec.cloudInit.userData', message: expect.stringMatching(/^is not valid YAML \(line 4\): /) }]);
    expect(issuesOf({ cloudInit: { userData: '#cloud-config\na: 1\n---\nb: 2\n' } })).toEqual([
      { severity: 'error', field: 'spec.cloudInit.userData', message: 'holds more than one YAML document ("---"); cloud-init reads a single #cloud-config document' },
    ]);
  });

  it('must fit in a Secret: 1 MiB less 4 KiB of room for the network data and the hostname', () => {
    const limit = 1024 * 1024 - 4096;
    const script = (bytes: number) => '#!/bin/sh\n' + '#'.repeat(bytes - 11) + '\n';
    expect(Buffer.byteLength(script(limit))).toBe(limit);
    expect(issuesOf({ cloudInit: { userData: script(limit) } })).toEqual([]);
    expect(issuesOf({ cloudInit: { userData: script(limit + 1) } })).toEqual([
      { severity: 'error', field: 'spec.cloudInit.userData', message: `is ${limit + 1} bytes; it must fit in a Secret (at most ${limit} bytes)` },
    ]);
    // Bytes, not characters: 2-byte UTF-8 characters reach the limit at half the length.
    const wide = '#!/bin/sh\n#' + 'é'.repeat(limit / 2);
    expect(wide.length).toBeLessThan(limit);
    expect(issuesOf({ cloudInit: { userData: wide } })).toMatchObject([{ field: 'spec.cloudInit.userData', message: `is ${limit + 11} bytes; it must fit in a Secret (at most ${limit} bytes)` }]);
  });
});
