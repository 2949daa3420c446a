// The KRM protocol (SPEC §2, §6): what kustomize and kpt send, and what they need back.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CONFIG, type Obj, configWith, generated, profile, render, renderText, resourceList } from '../support/fixtures.js';

// Written the way kyaml writes ResourceLists, so pass-through items can be compared as text.
const PASS_THROUGH = `- apiVersion: kpt.dev/v1
  kind: Kptfile
  metadata:
    name: example
    annotations:
      config.kubernetes.io/local-config: "true"
      internal.config.kubernetes.io/path: 'Kptfile'
  pipeline:
    mutators:
    - exec: ../bin/vmprofile
- resources:
  - vm.yaml
  metadata:
    annotations:
      internal.config.kubernetes.io/path: 'kustomization.yaml'
- kind: null
  metadata:
    name: kindless
- # A head comment, where kyaml puts it: printed above "- " instead, kpt would restore it twice.
  apiVersion: example.com/v1
  kind: Widget # a comment that must survive
  metadata:
    name: w
    annotations:
      config.k8s.io/id: '3'
      internal.config.kubernetes.io/id: '3'
      internal.config.kubernetes.io/annotations-migration-resource-id: '3'
      kustomize.config.k8s.io/id: |
        kind: Widget
        name: w
  spec:
    mode: 0644
    hex: 0x1F
    flag: "on"
    literal: 'no'
    ratio: 1.50
    nothing: ~
    when: 2024-01-01
    mac: 02:00:00:00:00:01
    text: |
      line one
      line two
    list: [a, b]
`;

const PROFILE_ITEM = `- apiVersion: vm.example.com/v1alpha1
  kind: VirtualMachineProfile
  metadata:
    name: web
    namespace: prod
    annotations:
      internal.config.kubernetes.io/path: 'vms/web.yaml'
      internal.config.kubernetes.io/index: '2'
      config.k8s.io/id: '9'
  spec:
    cpu: 2
    memory: 4Gi
    networks:
    - name: mgmt
      type: bridge
      vlanId: 100
    disks:
    - name: system
      size: 20Gi
      storageClassName: ssd
      image: registry.example.com/os:1
`;

function list(items: string, functionConfig: Obj | undefined = CONFIG): string {
  const config = functionConfig ? stringify({ functionConfig }) : '';
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}${config}`;
}

const FORBIDDEN_ON_GENERATED = [/^config\.kubernetes\.io\/(local-config|function)$/, /^config\.k8s\.io\//, /^kustomize\.config\.k8s\.io\//, /^internal\.config\.kubernetes\.io\/(?!path$|index$)/];

describe('KRM protocol', () => {
  it('passes every non-profile item through exactly: Kptfile, kind-less items, unknown kinds, comments, scalars', () => {
    const out = renderText(list(PASS_THROUGH + PROFILE_ITEM));
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain(PASS_THROUGH);
    expect(out.stderr).toBe('');
  });

  it('replaces the profile with its objects and keeps it as local-config, annotations intact', () => {
    const out = renderText(list(PROFILE_ITEM));
    const kept = out.items.find((item) => item['kind'] === 'VirtualMachineProfile')!;
    expect(kept['metadata']['annotations']).toEqual({
      'internal.config.kubernetes.io/path': 'vms/web.yaml',
      'internal.config.kubernetes.io/index': '2',
      'config.k8s.io/id': '9',
      'config.kubernetes.io/local-config': 'true',
    });
    expect(out.items.map((item) => item['kind'])).toEqual(['VirtualMachineProfile', 'NodeNetworkConfigurationPolicy', 'NetworkAttachmentDefinition', 'VolumeImportSource', 'PersistentVolumeClaim', 'VirtualMachine']);
  });

  it('drops the profile when keepProfiles is false', () => {
    const out = renderText(list(PROFILE_ITEM, configWith({ keepProfiles: false })));
    expect(out.items.map((item) => item['kind'])).not.toContain('VirtualMachineProfile');
  });

  it('never copies orchestrator annotations onto generated objects, and gives each a distinct file path and index', () => {
    const out = renderText(list(PROFILE_ITEM.replace("      config.k8s.io/id: '9'", "      config.k8s.io/id: '9'\n      config.kubernetes.io/local-config: 'true'\n      kustomize.config.k8s.io/id: x\n      internal.config.kubernetes.io/seqindent: compact")));
    const objects = generated(out);
    expect(objects).toHaveLength(5);
    const places = new Set<string>();
    for (const object of objects) {
      const annotations: Obj = object['metadata']['annotations'];
      for (const key of Object.keys(annotations)) {
        for (const forbidden of FORBIDDEN_ON_GENERATED) expect(key).not.toMatch(forbidden);
      }
      expect(annotations['config.kubernetes.io/path']).toBe(annotations['internal.config.kubernetes.io/path']);
      places.add(`${annotations['internal.config.kubernetes.io/path']}#${annotations['internal.config.kubernetes.io/index']}`);
    }
    expect([...places].sort()).toEqual([
      'vms/generated/node-network.shared.yaml#0',
      'vms/generated/prod/network-attachments.shared.yaml#0',
      'vms/generated/prod/web.yaml#0',
      'vms/generated/prod/web.yaml#1',
      'vms/generated/prod/web.yaml#2',
    ]);
  });

  it('reports results with explicit severity, resourceRef, field path and file', () => {
    const out = renderText(list(PROFILE_ITEM.replace('vlanId: 100', 'vlanId: 5000')));
    expect(out.exitCode).toBe(1);
    expect(out.results).toEqual([
      {
        message: 'VLAN 5000 is out of range: VLAN IDs are 1 to 4094',
        severity: 'error',
        resourceRef: { apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', name: 'web', namespace: 'prod' },
        field: { path: 'spec.networks[0].vlanId' },
        file: { path: 'vms/web.yaml', index: 2 },
      },
    ]);
  });

  it('reads the legacy path/index annotations too', () => {
    const legacy = PROFILE_ITEM.replace(/internal\.config\.kubernetes\.io\/(path|index)/g, 'config.kubernetes.io/$1').replace('cpu: 2', 'cpu: 0');
    expect(renderText(list(legacy)).results[0]!['file']).toEqual({ path: 'vms/web.yaml', index: 2 });
  });

  it('on any error: exit 1, a readable stderr, no new objects, and every input item echoed unchanged', () => {
    const input = list(PASS_THROUGH + PROFILE_ITEM.replace('cpu: 2', 'cpu: 0').replace('type: bridge', 'type: bridgee'));
    const out = renderText(input);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain(PASS_THROUGH + PROFILE_ITEM.replace('cpu: 2', 'cpu: 0').replace('type: bridge', 'type: bridgee'));
    expect(generated(out)).toEqual([]);
    expect(out.stderr).toBe(
      [
        '[error] vm.example.com/v1alpha1/VirtualMachineProfile/prod/web spec.cpu: must be at least 1 CPU; got 0 (vms/web.yaml #2)',
        '[error] vm.example.com/v1alpha1/VirtualMachineProfile/prod/web spec.networks[0].type: must be one of "bridge", "macvlan", "sriov", "ovs"; got the string "bridgee" (vms/web.yaml #2)',
        'vmprofile: 2 errors; nothing was rendered and the input was returned unchanged',
        '',
      ].join('\n'),
    );
  });

  it('shows warnings where each integration looks: results, stderr (kustomize), the VM (Argo CD)', () => {
    const out = render([profile('vm1', { cpu: 100 })]);
    expect(out.exitCode).toBe(0);
    const warning = '[warning] vm.example.com/v1alpha1/VirtualMachineProfile/vm1 spec.cpu: 100 CPUs is above the recommended 64; make sure a node can host the VM';
    expect(out.stderr).toBe(`${warning}\nvmprofile: 1 warning; rendered\n`);
    expect(out.results.map((r) => r['severity'])).toEqual(['warning', 'info']);
    expect(out.results[1]!['message']).toBe('rendered 1 VolumeImportSource, 1 PersistentVolumeClaim, 1 VirtualMachine');
    expect(out.one('VirtualMachine').metadata.annotations['vm.example.com/warnings']).toBe('spec.cpu: 100 CPUs is above the recommended 64; make sure a node can host the VM');
    expect(out.one('PersistentVolumeClaim').metadata.annotations).not.toHaveProperty('vm.example.com/warnings');
  });

  it('keeps stderr empty under kpt, which prints the results itself', () => {
    const underKpt = profile('vm1', { cpu: 100 }, { annotations: { 'internal.config.kubernetes.io/package-path': '/pkg' } });
    const out = render([underKpt]);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.results.map((r) => r['severity'])).toEqual(['warning', 'info']);
  });

  it('keeps stderr and the VM free of warnings when there are none', () => {
    const out = render([profile('vm1')]);
    expect(out.stderr).toBe('');
    expect(out.one('VirtualMachine').metadata.annotations).not.toHaveProperty('vm.example.com/warnings');
  });

  it('fails on warnings when the config says failOnWarnings', () => {
    const out = render([profile('vm1', { cpu: 100 })], configWith({ failOnWarnings: true }));
    expect(out.exitCode).toBe(1);
    expect(out.errors).toMatchObject([{ field: { path: 'spec.cpu' }, message: expect.stringMatching(/above the recommended 64; .*\(an error because failOnWarnings is set\)$/) }]);
  });

  it('kustomize generator mode: the profile is both item and functionConfig, with local-config injected; it expands once', () => {
    const annotated = profile('gen', {}, {
      annotations: { 'config.kubernetes.io/function': 'exec:\n  path: ./vmprofile\n', 'config.kubernetes.io/local-config': 'true', 'config.k8s.io/id': '1', 'internal.config.kubernetes.io/index': '0' },
    });
    const out = render([annotated], annotated);
    expect(out.exitCode).toBe(0);
    expect(out.ofKind('VirtualMachine')).toHaveLength(1);
    for (const object of generated(out)) {
      expect(object['metadata']['annotations']).not.toHaveProperty('config.kubernetes.io/local-config');
      expect(object['metadata']['annotations']).not.toHaveProperty('config.kubernetes.io/function');
    }
    expect(out.one('VirtualMachineProfile')['metadata']['annotations']['config.kubernetes.io/local-config']).toBe('true');
  });

  it('generator mode takes the cluster facts from --config, or from the file the profile names', () => {
    const files: Record<string, string> = { 'cluster.yaml': stringify(CONFIG) };
    const readFile = (path: string) => {
      if (!(path in files)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return files[path]!;
    };
    const annotated = profile('gen', { networks: [{ name: 'fast', type: 'sriov' }] });
    expect(render([annotated], annotated).errors[0]!['field']).toEqual({ path: 'spec.networks[0].nadName' });
    const withFlag = render([annotated], annotated, { configPath: 'cluster.yaml', readFile });
    expect(withFlag.exitCode).toBe(0);
    expect(withFlag.one('NetworkAttachmentDefinition')['metadata']['annotations']['k8s.v1.cni.cncf.io/resourceName']).toBe('intel.com/sriov_vfio');
    // kustomize 4.5 passes no exec arguments, so the profile can name its config file instead.
    const naming = profile('gen', { networks: [{ name: 'fast', type: 'sriov' }] }, { annotations: { 'vm.example.com/config': 'cluster.yaml' } });
    const withAnnotation = render([naming], naming, { readFile });
    expect(withAnnotation.exitCode).toBe(0);
    expect(withAnnotation.one('VirtualMachine')['metadata']['annotations']).not.toHaveProperty('vm.example.com/config');
  });

  it('refuses a config given twice, a missing config file, a config file of the wrong kind, and file access it does not have', () => {
    const readFile = (path: string) => (path === 'p.yaml' ? stringify(profile()) : path === 'cfg.yaml' ? stringify(CONFIG) : (() => { throw Object.assign(new Error('x'), { code: 'ENOENT' }); })());
    expect(render([profile()], CONFIG, { configPath: 'cfg.yaml', readFile }).errors[0]!['message']).toMatch(/given twice/);
    expect(render([profile()], null, { configPath: 'nope.yaml', readFile }).errors[0]).toMatchObject({ message: 'config file nope.yaml: cannot read it: no such file', file: { path: 'nope.yaml' } });
    expect(render([profile()], null, { configPath: 'p.yaml', readFile }).errors[0]!['message']).toMatch(/the function config is a vm.example.com\/v1alpha1 VirtualMachineProfile; vmprofile takes/);
    expect(render([profile()], null, { configPath: 'cfg.yaml' }).errors[0]!['message']).toMatch(/files cannot be read here/);
  });

  it('refuses a profile listed as a transformer config, which would otherwise do nothing', () => {
    const out = render([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }], profile('lonely'));
    expect(out.exitCode).toBe(1);
    expect(out.errors[0]!['message']).toMatch(/not among the items: list profiles under resources:/);
  });

  it('takes settings from the environment and Argo CD parameters, parameters winning', () => {
    const sriov = profile('vm1', { networks: [{ name: 'fast', type: 'sriov' }] });
    const env = {
      VMPROFILE_NETWORK_SRIOV_RESOURCE_NAME: 'example.com/from-env',
      ARGOCD_ENV_VMPROFILE_CLUSTER_NAME: 'east',
      ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'network.sriovResourceName', string: 'example.com/from-parameter' }, { name: 'nodeNetwork.nodeSelector', map: { zone: 'a' } }]),
      PATH: '/usr/bin',
    };
    const out = render([sriov], null, { environment: env });
    expect(out.exitCode).toBe(0);
    expect(out.one('NetworkAttachmentDefinition')['metadata']['annotations']['k8s.v1.cni.cncf.io/resourceName']).toBe('example.com/from-parameter');
    const east = out.one('VirtualMachine')['spec']['template']['spec']['domain']['firmware']['uuid'];
    expect(render([sriov], configWith({ clusterName: 'east' })).one('VirtualMachine')['spec']['template']['spec']['domain']['firmware']['uuid']).toBe(east);
  });

  it('refuses unknown or malformed settings from the environment, naming the variable', () => {
    const errors = (environment: Record<string, string>) => render([profile()], CONFIG, { environment }).errors.map((e) => e['message']);
    expect(errors({ VMPROFILE_CLUSTERNAME: 'x' })[0]).toMatch(/^environment variable VMPROFILE_CLUSTERNAME is not a vmprofile setting; the variables are VMPROFILE_CLUSTER_NAME, /);
    expect(errors({ VMPROFILE_KEEP_PROFILES: 'yes' })).toEqual(['environment variable VMPROFILE_KEEP_PROFILES: must be "true" or "false"; got "yes"']);
    expect(errors({ VMPROFILE_NETWORK_DEFAULT_UPLINK: 'eth 1' })).toEqual(['environment variable VMPROFILE_NETWORK_DEFAULT_UPLINK: "eth 1" is not a valid uplink interface name: use letters, digits, ".", "_" and "-", starting with a letter or digit']);
    expect(errors({ ARGOCD_APP_PARAMETERS: '[{"name":"colour","string":"red"}]' })[0]).toMatch(/^Argo CD parameter colour is not a vmprofile setting/);
    expect(errors({ ARGOCD_APP_PARAMETERS: 'not json' })).toEqual(['ARGOCD_APP_PARAMETERS is not the JSON list of parameters Argo CD sends']);
    expect(errors({ VMPROFILE_DEBUG: '1' })).toEqual([]);
  });

  it('refuses a functionConfig of the wrong kind, naming it', () => {
    const out = render([profile()], { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } });
    expect(out.exitCode).toBe(1);
    expect(out.errors[0]).toMatchObject({ resourceRef: { apiVersion: 'v1', kind: 'Secret', name: 's' }, field: { path: 'kind' } });
    expect(out.items).toEqual([profile()]);
  });

  it('accepts JSON input and answers in block YAML', () => {
    const json = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [profile(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }], functionConfig: CONFIG });
    const out = renderText(json);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).not.toMatch(/[{[]\s*"?\w/);
    expect(out.stdout).toContain('\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n');
    expect(out.one('ConfigMap', 'c')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
  });

  it('is deterministic: same input, same bytes; profile order does not change any generated object', () => {
    const profiles = [
      profile('a', { networks: [{ name: 'n', type: 'bridge', bridgeName: 'br1', vlanId: 1 }] }, { namespace: 'x' }),
      profile('b', { networks: [{ name: 'n', type: 'bridge', bridgeName: 'br1', vlanId: 1 }] }, { namespace: 'x' }),
      profile('c', { networks: [{ name: 'n', type: 'ovs', bridgeName: 'br2' }] }),
    ];
    const first = render(profiles);
    expect(render(profiles).stdout).toBe(first.stdout);
    const reversed = render([...profiles].reverse());
    expect(generated(reversed)).toEqual(generated(first));
  });

  it('is idempotent: rendering its own output again changes nothing', () => {
    const first = renderText(list(PASS_THROUGH + PROFILE_ITEM));
    const again = renderText(resourceList(first.items, CONFIG));
    expect(again.exitCode).toBe(0);
    expect(again.items).toEqual(first.items);
    expect(again.stdout).toBe(renderText(resourceList(again.items, CONFIG)).stdout);
  });

  it('removes objects it generated earlier that no profile generates any more', () => {
    const first = render([profile('web', { disks: [{ name: 'system', size: '20Gi', storageClassName: 'ssd', image: 'registry.example.com/os:1' }, { name: 'old', size: '1Gi', storageClassName: 'ssd' }] })]);
    const second = render(first.items.map((item) => (item['kind'] === 'VirtualMachineProfile' ? profile('web') : item)));
    expect(second.ofKind('PersistentVolumeClaim').map((pvc) => pvc['metadata']['name'])).toEqual(['web-system']);
    expect(second.results).toContainEqual(expect.objectContaining({ severity: 'info', message: 'removed: no profile generates this PersistentVolumeClaim any more', resourceRef: expect.objectContaining({ name: 'web-old' }) }));
    // Without its profile in the input, an earlier object is left alone.
    const alone = render(first.items.filter((item) => item['kind'] !== 'VirtualMachineProfile'));
    expect(alone.items).toEqual(first.items.filter((item) => item['kind'] !== 'VirtualMachineProfile'));
  });

  it('refuses to overwrite an object it did not generate', () => {
    const mine = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'web-system' }, spec: {} };
    const out = render([mine, profile('web')]);
    expect(out.exitCode).toBe(1);
    expect(out.errors[0]).toMatchObject({ field: { path: 'spec.disks[0]' }, message: expect.stringMatching(/generates PersistentVolumeClaim web-system, but the input already has that object and vmprofile did not generate it/) });
  });

  it('refuses the same profile twice', () => {
    const out = render([profile('web'), profile('web')]);
    expect(out.errors).toMatchObject([{ field: { path: 'metadata.name' }, message: expect.stringMatching(/appears twice/) }]);
  });

  it('leaves objects of other groups named VirtualMachineProfile alone', () => {
    const other = { apiVersion: 'other.example.com/v1', kind: 'VirtualMachineProfile', metadata: { name: 'x' }, spec: { anything: true } };
    expect(render([other]).items).toEqual([other]);
  });
});

describe('bad input', () => {
  const expectInputError = (input: string, message: RegExp) => {
    const out = renderText(input);
    expect(out.exitCode).toBe(1);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]!['severity']).toBe('error');
    expect(out.results[0]!['message']).toMatch(message);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\bat .*\.js:\d+/);
  };

  it.each([
    ['empty input', '', /the input is empty; expected a ResourceList/],
    ['not YAML', 'items: [a\n  b: c', /not valid YAML/],
    ['binary garbage', '\u0000\u0001\u0002\u00ff', /not valid YAML|expected a ResourceList/],
    ['a stream of documents', 'a: 1\n---\nb: 2\n', /single YAML document; got 2 documents/],
    ['a plain object', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', /expected kind: ResourceList; got the string "ConfigMap".*vmprofile render/],
    ['a list at the top', '- a\n- b\n', /expected a ResourceList .*got a list/],
    ['items that are not a list', 'kind: ResourceList\nitems: {a: 1}\n', /items must be a list/],
    ['an item that is a scalar', 'kind: ResourceList\nitems:\n- hello\n', /items\[0\] is the string "hello"/],
    ['duplicate keys', 'kind: ResourceList\nkind: List\nitems: []\n', /not valid YAML: Map keys must be unique/],
    ['an alias bomb', 'kind: ResourceList\nx: &a [1,1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nw: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nitems: []\n', /too many YAML aliases/],
    ['very deep nesting', 'kind: ResourceList\nitems: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n', /nested too deeply to be a Kubernetes object/],
  ])('%s: a clear error, exit 1, no stack trace', (_, input, message) => expectInputError(input, message));

  it('a profile without metadata or spec: errors naming the fields, items echoed', () => {
    const out = render([{ apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile' }]);
    expect(out.exitCode).toBe(1);
    expect(out.errors.map((e) => e['field']['path'])).toEqual(['metadata', 'spec']);
    expect(out.errors[0]!['resourceRef']).toEqual({ apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', name: '' });
    expect(out.items).toEqual([{ apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile' }]);
  });
});

describe('typos of our own kinds are errors (such an object would pass through, and its VM never appear)', () => {
  const PASSES = '(as written it would pass through unrendered)';
  const as = (apiVersion: string | undefined, kind: string) => {
    const { apiVersion: _, kind: __, ...rest } = profile('web');
    return { ...(apiVersion === undefined ? {} : { apiVersion }), kind, ...rest };
  };
  it.each([
    ['kind VirtualMachineprofile', 'kind', as('vm.example.com/v1alpha1', 'VirtualMachineprofile'), `"VirtualMachineprofile" is not a kind of vm.example.com: did you mean "VirtualMachineProfile"? ${PASSES}`],
    ['kind VirtualMachineProfiles', 'kind', as('vm.example.com/v1alpha1', 'VirtualMachineProfiles'), `"VirtualMachineProfiles" is not a kind of vm.example.com: did you mean "VirtualMachineProfile"? ${PASSES}`],
    ['kind VirtualMachineProfileconfig', 'kind', as('vm.example.com/v1alpha1', 'VirtualMachineProfileconfig'), `"VirtualMachineProfileconfig" is not a kind of vm.example.com: did you mean "VirtualMachineProfileConfig"? ${PASSES}`],
    ['a kind of our group that is none of ours', 'kind', as('vm.example.com/v1alpha1', 'Widget'), `"Widget" is not a kind of vm.example.com: its kinds are VirtualMachineProfile and VirtualMachineProfileConfig ${PASSES}`],
    ['apiVersion vm.exmaple.com/v1alpha1', 'apiVersion', as('vm.exmaple.com/v1alpha1', 'VirtualMachineProfile'), `"vm.exmaple.com/v1alpha1" is not vmprofile's API version; did you mean apiVersion: vm.example.com/v1alpha1? ${PASSES}`],
    ['both misspelt', 'apiVersion', as('vm.exmaple.com/v1alpha1', 'VirtualMachineprofile'), `"vm.exmaple.com/v1alpha1" is not vmprofile's API version; did you mean apiVersion: vm.example.com/v1alpha1 with kind: VirtualMachineProfile? ${PASSES}`],
    ['apiVersion v1alpha1 (no group)', 'apiVersion', as('v1alpha1', 'VirtualMachineProfile'), `"v1alpha1" is not vmprofile's API version; did you mean apiVersion: vm.example.com/v1alpha1? ${PASSES}`],
    ['no apiVersion', 'apiVersion', as(undefined, 'VirtualMachineProfile'), `is missing; did you mean apiVersion: vm.example.com/v1alpha1? ${PASSES}`],
  ])('%s: an error at %s', (_, field, object, message) => {
    const out = render([profile('other'), object]);
    expect(out.exitCode).toBe(1);
    expect(out.errors).toEqual([
      { message, severity: 'error', resourceRef: { apiVersion: (object as Obj)['apiVersion'] ?? '', kind: (object as Obj)['kind'], name: 'web' }, field: { path: field } },
    ]);
    expect(out.items).toEqual([profile('other'), object]);
  });

  it('shows kustomize users the line to fix', () => {
    const out = render([{ ...profile('web'), kind: 'VirtualMachineProfiles' }]);
    expect(out.stderr).toBe(
      '[error] vm.example.com/v1alpha1/VirtualMachineProfiles/web kind: "VirtualMachineProfiles" is not a kind of vm.example.com: did you mean "VirtualMachineProfile"? (as written it would pass through unrendered)\n' +
        'vmprofile: 1 error; nothing was rendered and the input was returned unchanged\n',
    );
  });

  it('still passes genuinely foreign kinds through untouched, look-alike names of other groups too', () => {
    const foreign = [
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a' } },
      { apiVersion: 'pool.kubevirt.io/v1alpha1', kind: 'VirtualMachinePool', metadata: { name: 'b' } },
      { apiVersion: 'other.example.com/v1', kind: 'VirtualMachineProfiles', metadata: { name: 'c' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'd' } },
      { kind: 'Profile', metadata: { name: 'e' } },
    ];
    const out = render(foreign);
    expect(out.exitCode).toBe(0);
    expect(out.items).toEqual(foreign);
  });
});

describe('a broken config is the only error: no false findings from the defaults that replace it', () => {
  it('a misspelt setting: one error, no "no uplink NIC" for the bridges it was meant for', () => {
    const out = render([profile('web', { networks: [{ name: 'mgmt', type: 'bridge' }] })], { ...CONFIG, spec: { network: { defaultUplnk: 'eth1' } } });
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe(
      '[error] vm.example.com/v1alpha1/VirtualMachineProfileConfig/vmprofile spec.network.defaultUplnk: unknown field; did you mean "defaultUplink"?\n' +
        'vmprofile: 1 error; nothing was rendered and the input was returned unchanged\n',
    );
  });

  it('a generator\'s missing config file: the error names the profile and its annotation, and stands alone', () => {
    const naming = profile('gen', { networks: [{ name: 'fast', type: 'sriov' }] }, { annotations: { 'vm.example.com/config': 'clustr.yaml' } });
    const readFile = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    const out = render([naming], naming, { readFile });
    expect(out.exitCode).toBe(1);
    expect(out.errors).toEqual([
      {
        message: "names the config file clustr.yaml: cannot read it: no such file (the path is relative to the kustomization's folder, where kustomize runs the function)",
        severity: 'error',
        resourceRef: { apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', name: 'gen' },
        field: { path: 'metadata.annotations["vm.example.com/config"]' },
      },
    ]);
  });

  it('an override from the environment with errors also stops the checks against the config', () => {
    const out = render([profile('web', { networks: [{ name: 'mgmt', type: 'bridge' }] })], CONFIG, { environment: { VMPROFILE_NETWORK_DEFAULT_UPLNK: 'eth1' } });
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!['message']).toMatch(/VMPROFILE_NETWORK_DEFAULT_UPLNK/);
  });
});

describe('problems in the order of the source', () => {
  it('lists a profile\'s problems by where their fields are, whichever check found them', () => {
    const text = [
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      '- apiVersion: vm.example.com/v1alpha1',
      '  kind: VirtualMachineProfile',
      '  metadata:',
      '    name: web',
      '  spec:',
      '    cpu: 2',
      '    memory: 4Gi',
      '    networks:',
      '    - name: storage',
      '      type: macvlan',
      '      vlanId: 30',
      '    disks:',
      '    - name: system',
      '      size: 512Mi',
      '      storageClassName: standard',
      '    startStrategy: {runStrategy: Manual, autoStart: true}',
      '',
    ].join('\n');
    const out = renderText(text);
    expect(out.errors.map((e) => e['field']['path'])).toEqual(['spec.networks[0].vlanId', 'spec.disks[0]', 'spec.disks[0].size', 'spec.startStrategy.autoStart']);
  });
});
