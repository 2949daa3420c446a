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

  it('refuses an alias to no anchor, or an alias bomb, as invalid YAML at the field (not an internal error)', () => {
    expect(issuesOf({ cloudInit: { userData: '#cloud-config\npackages: *missing\n' } })).toEqual([
      { severity: 'error', field: 'spec.cloudInit.userData', message: expect.stringMatching(/^is not valid YAML: .*missing/) },
    ]);
    const bomb = ['#cloud-config', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdef'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`)].join('\n');
    expect(issuesOf({ cloudInit: { userData: bomb } })).toMatchObject([{ severity: 'error', field: 'spec.cloudInit.userData', message: expect.stringMatching(/^is not valid YAML: /) }]);
  });

  it('reads "#cloud-config" followed by spaces as #cloud-config, and only on the first line', () => {
    expect(issuesOf({ cloudInit: { userData: '#cloud-config \t\r\ninstall nginx\n' } })).toEqual([notAMapping]);
    expect(issuesOf({ cloudInit: { userData: '#!/bin/sh\ncat > /tmp/x <<EOF\n#cloud-config\n- not checked\nEOF\n' } })).toEqual([]);
  });

  it('accepts a #cloud-config with nothing but comments, and user data that is not #cloud-config at all', () => {
    expect(issuesOf({ cloudInit: { userData: '#cloud-config\n# nothing yet\n' } })).toEqual([]);
    expect(issuesOf({ cloudInit: { userData: '#cloud-config-archive\n- type: text/cloud-config\n' } })).toEqual([]);
    expect(issuesOf({ cloudInit: { userData: 'install nginx\n' } })).toEqual([]);
  });

  it('says where a #cloud-config is not YAML, and refuses a second document', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `k${i}: 1\n`).join('');
    expect(issuesOf({ cloudInit: { userData: `#cloud-config\n${lines}packages: a: b\n` } })).toEqual([
      { severity: 'error', field: 'spec.cloudInit.userData', message: 'is not valid YAML (line 12): Nested mappings are not allowed in compact mappings' },
    ]);
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

describe('default gateways', () => {
  const gw = (name: string, address: string, gateway?: string) => net({ name, vlanId: 1 + name.charCodeAt(0), ipConfig: { mode: 'static', address, ...(gateway ? { gateway } : {}) } });

  it('refuses a second IPv4 gateway, naming the network whose gateway the guest already routes through', () => {
    expect(issuesOf({ networks: [gw('a', '10.0.0.5/24', '10.0.0.1'), gw('b', '10.1.0.5/24'), gw('c', '10.2.0.5/24', '10.2.0.1')] })).toEqual([
      {
        severity: 'error',
        field: 'spec.networks[2].ipConfig.gateway',
        message:
          "the guest's default route already goes through spec.networks[0] (a, gateway 10.0.0.1); a guest has one default route per IP family, so remove this gateway (addresses on this network stay reachable directly)",
      },
    ]);
  });

  it('allows one gateway per family, and any number of networks without one', () => {
    expect(issuesOf({ networks: [gw('a', '10.0.0.5/24', '10.0.0.1'), gw('b', 'fd00::5/64', 'fd00::1'), gw('c', '10.2.0.5/24'), net({ name: 'd', vlanId: 9, ipConfig: { mode: 'dhcp' } })] })).toEqual([]);
    expect(issuesOf({ networks: [gw('a', 'fd00::5/64', 'fd00::1'), gw('b', 'fd01::5/64', 'fd01::1')] })).toMatchObject([{ field: 'spec.networks[1].ipConfig.gateway' }]);
  });

  it('says which family a gateway of the wrong family is', () => {
    expect(issuesOf({ networks: [gw('a', 'fd00::5/64', '10.0.0.1')] })).toEqual([
      { severity: 'error', field: 'spec.networks[0].ipConfig.gateway', message: '10.0.0.1 is IPv4 but the address fd00::5/64 is not' },
    ]);
  });
});

describe('names and node bridges', () => {
  it('reserves cloudinitdisk among disk names only; a network may be called that', () => {
    expect(issuesOf({ networks: [net({ name: 'cloudinitdisk' })] })).toEqual([]);
  });

  it('allows hostLocal on ovs networks as on bridge networks', () => {
    expect(issuesOf({ networks: [net({ type: 'ovs', vlanId: 5, hostLocal: true }), net({ name: 'm', hostLocal: true })] })).toEqual([]);
  });

  it('warns that a VM without disks can only boot from the network', () => {
    expect(issuesOf({ disks: [] })).toEqual([{ severity: 'warning', field: 'spec.disks', message: 'the VM has no disks; it can only boot from the network' }]);
  });
});

describe('start strategy', () => {
  // Which run strategies agree with each restart policy; Halted only sets the initial state.
  const agrees: Record<string, string[]> = { Always: ['Always', 'Halted'], OnFailure: ['RerunOnFailure', 'Halted'], Never: ['Once', 'Manual', 'Halted'] };
  const cases = Object.entries(agrees).flatMap(([policy, ok]) => ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once'].map((runStrategy) => ({ policy, runStrategy, ok: ok.includes(runStrategy) })));

  it.each(cases)('restartPolicy $policy with runStrategy $runStrategy: agrees $ok', ({ policy, runStrategy, ok }) => {
    const found = issuesOf({ highAvailability: { restartPolicy: policy }, startStrategy: { runStrategy } });
    expect(found).toEqual(ok ? [] : [expect.objectContaining({ severity: 'error', field: 'spec.highAvailability.restartPolicy', message: expect.stringMatching(`^restartPolicy: ${policy} contradicts runStrategy: ${runStrategy};`) })]);
  });

  it.each([
    { runStrategy: 'Always', startsByItself: true },
    { runStrategy: 'RerunOnFailure', startsByItself: true },
    { runStrategy: 'Once', startsByItself: true },
    { runStrategy: 'Manual', startsByItself: false },
    { runStrategy: 'Halted', startsByItself: false },
  ])('runStrategy $runStrategy starts the VM by itself: $startsByItself, so autoStart must say the same', ({ runStrategy, startsByItself }) => {
    expect(issuesOf({ startStrategy: { runStrategy, autoStart: startsByItself } })).toEqual([]);
    expect(issuesOf({ startStrategy: { runStrategy, autoStart: !startsByItself } })).toMatchObject([{ severity: 'error', field: 'spec.startStrategy.autoStart' }]);
  });
});

describe('addresses the schema already refuses', () => {
  // Only values are wrong here, so the cross-field rules run too; they must add nothing and not fail.
  it.each([
    { what: 'an address without a prefix length', ipConfig: { mode: 'static', address: '10.0.0.5' }, field: 'spec.networks[0].ipConfig.address' },
    { what: 'a gateway that is not an IP address', ipConfig: { mode: 'static', address: '10.0.0.5/24', gateway: 'router' }, field: 'spec.networks[0].ipConfig.gateway' },
    { what: 'a prefix longer than the family allows', ipConfig: { mode: 'static', address: '10.0.0.5/33', gateway: '10.0.0.1' }, field: 'spec.networks[0].ipConfig.address' },
  ])('$what: one error, the schema\'s', ({ ipConfig, field }) => {
    expect(issuesOf({ networks: [net({ ipConfig })] }).map(({ severity, field: at }) => ({ severity, field: at }))).toEqual([{ severity: 'error', field }]);
  });

  it('a static network with a gateway but no address: one error, that the address is missing', () => {
    expect(issuesOf({ networks: [net({ ipConfig: { mode: 'static', gateway: '10.0.0.1' } })] })).toEqual([
      { severity: 'error', field: 'spec.networks[0].ipConfig.address', message: 'is required for mode: static; write the address in CIDR form, e.g. "192.168.100.10/24"' },
    ]);
  });
});
