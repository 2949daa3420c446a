// Function configuration: typed object, kpt ConfigMap, defaults, and errors that name the setting.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readConfig } from '../../src/config/schema.js';

const typed = (spec: unknown) => ({ apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfileConfig', metadata: { name: 'c' }, spec });
const configMap = (data: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data });

describe('function config', () => {
  it('has documented defaults when none is given', () => {
    expect(readConfig(undefined)).toEqual({ config: DEFAULT_CONFIG, issues: [] });
    expect(DEFAULT_CONFIG).toEqual({
      clusterName: '',
      network: { uplinks: {}, macvtapResources: {}, bridgeMarker: false },
      nodeNetwork: { generate: true, nodeSelector: {} },
      storage: { mode: 'PersistentVolumeClaims', accessMode: 'ReadWriteOnce', volumeMode: 'Filesystem', protectFromPrune: true },
      vm: { evictionStrategy: 'LiveMigrateIfPossible', cpuTopology: 'sockets' },
      keepProfiles: true,
      failOnWarnings: false,
    });
  });

  it('uses the defaults when the functionConfig is a profile (kustomize generator mode)', () => {
    expect(readConfig({ apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', metadata: { name: 'p' } }).config).toBe(DEFAULT_CONFIG);
  });

  it('reads a typed VirtualMachineProfileConfig, filling what it leaves out', () => {
    const { config, issues } = readConfig(typed({ clusterName: 'east', network: { defaultUplink: 'eth1', uplinks: { 'br-a': 'eth3' } }, storage: { mode: 'DataVolumeTemplates' } }));
    expect(issues).toEqual([]);
    expect(config.clusterName).toBe('east');
    expect(config.network).toEqual({ defaultUplink: 'eth1', uplinks: { 'br-a': 'eth3' }, macvtapResources: {}, bridgeMarker: false });
    expect(config.storage).toEqual({ mode: 'DataVolumeTemplates', accessMode: 'ReadWriteOnce', volumeMode: 'Filesystem', protectFromPrune: true });
    expect(config.nodeNetwork.generate).toBe(true);
  });

  it('reads the same settings from a kpt ConfigMap (dotted keys, key=value maps)', () => {
    const { config, issues } = readConfig(
      configMap({
        clusterName: 'east',
        'network.defaultUplink': 'eth1',
        'network.uplinks': 'br-a=eth3, br-b=eth4',
        'nodeNetwork.generate': 'false',
        'nodeNetwork.nodeSelector': 'node-role.kubernetes.io/worker=',
        keepProfiles: 'false',
      }),
    );
    expect(issues).toEqual([]);
    expect(config.network.uplinks).toEqual({ 'br-a': 'eth3', 'br-b': 'eth4' });
    expect(config.nodeNetwork).toEqual({ generate: false, nodeSelector: { 'node-role.kubernetes.io/worker': '' } });
    expect(config.keepProfiles).toBe(false);
    expect(config.network.defaultUplink).toBe('eth1');
  });

  it('rejects unknown keys with a suggestion (typed) or the list of settings (ConfigMap)', () => {
    expect(readConfig(typed({ network: { defaultUplnk: 'eth1' } })).issues).toEqual([
      { severity: 'error', field: 'spec.network.defaultUplnk', message: 'unknown field; did you mean "defaultUplink"?' },
    ]);
    const [issue] = readConfig(configMap({ 'network.uplink': 'eth1' })).issues;
    expect(issue?.field).toBe('data["network.uplink"]');
    expect(issue?.message).toMatch(/^unknown setting; the settings are clusterName, network.defaultUplink, network.uplinks/);
  });

  it('rejects bad values at the field they belong to', () => {
    expect(readConfig(typed({ network: { defaultUplink: 'this-name-is-too-long' } })).issues[0]).toMatchObject({
      field: 'spec.network.defaultUplink',
      message: expect.stringMatching(/limited to 15 characters/),
    });
    expect(readConfig(typed({ storage: { mode: 'PVC' } })).issues[0]).toMatchObject({ field: 'spec.storage.mode', message: expect.stringMatching(/"DataVolumes", "DataVolumeTemplates"/) });
    expect(readConfig(configMap({ 'nodeNetwork.generate': 'yes' })).issues[0]).toMatchObject({ field: 'data["nodeNetwork.generate"]', message: 'must be "true" or "false"; got "yes"' });
    expect(readConfig(configMap({ 'network.uplinks': 'br-a' })).issues[0]).toMatchObject({ field: 'data["network.uplinks"]', message: expect.stringMatching(/key=value/) });
    expect(readConfig(configMap({ 'network.sriovResourceName': 'sriov' })).issues[0]).toMatchObject({
      field: 'data["network.sriovResourceName"]',
      message: expect.stringMatching(/extended resource name such as "intel.com\/sriov_vfio"/),
    });
  });

  it('rejects a functionConfig of another kind, saying which kinds work', () => {
    const { issues } = readConfig({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } });
    expect(issues).toEqual([
      {
        severity: 'error',
        field: 'kind',
        message: 'the function config is a apps/v1 Deployment; vmprofile takes a vm.example.com/v1alpha1 VirtualMachineProfileConfig or a v1 ConfigMap (see docs/configuration.md)',
      },
    ]);
  });
});
