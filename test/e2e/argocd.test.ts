// The Argo CD plugin (plugin.yaml), run the way the CMP sidecar runs it: its own commands, in the
// app's source directory, with Argo CD's environment, on files that arrive without exec bits, and
// with vmprofile and kustomize found by name on PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Obj, assertAccepted, documents } from '../support/fixtures.js';
import { BIN, EXAMPLES, KUSTOMIZE, ROOT } from '../support/paths.js';

const plugin = parse(readFileSync(join(ROOT, 'plugin.yaml'), 'utf8')) as Obj;

/** A PATH holding only what the sidecar image has: vmprofile, kustomize, bash and the usual tools. */
const toolDir = mkdtempSync(join(tmpdir(), 'vmprofile-cmp-bin-'));
symlinkSync(BIN, join(toolDir, 'vmprofile'));
symlinkSync(spawnSync('readlink', ['-f', KUSTOMIZE], { encoding: 'utf8' }).stdout.trim(), join(toolDir, 'kustomize'));
symlinkSync(process.execPath, join(toolDir, 'node'));
const PATH = `${toolDir}:/usr/bin:/bin`;
/** The same without kustomize: the fast path must not need it. */
const noKustomizeDir = mkdtempSync(join(tmpdir(), 'vmprofile-cmp-bin-'));
symlinkSync(BIN, join(noKustomizeDir, 'vmprofile'));
symlinkSync(process.execPath, join(noKustomizeDir, 'node'));
const PATH_WITHOUT_KUSTOMIZE = `${noKustomizeDir}:/usr/bin:/bin`;

/** The app as the sidecar receives it: a copy whose files are 0644 and folders 0755. */
function receive(app: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vmprofile-cmp-app-'));
  cpSync(join(EXAMPLES, 'argocd', app), dir, { recursive: true });
  const strip = (path: string) => {
    for (const entry of readdirSync(path)) {
      const child = join(path, entry);
      if (statSync(child).isDirectory()) {
        chmodSync(child, 0o755);
        strip(child);
      } else chmodSync(child, 0o644);
    }
  };
  strip(dir);
  return dir;
}

function argoEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH,
    HOME: tmpdir(),
    ARGOCD_APP_NAME: 'vms',
    ARGOCD_APP_NAMESPACE: 'vms',
    ARGOCD_APP_PROJECT_NAME: 'default',
    ARGOCD_APP_REVISION: '0123456789abcdef0123456789abcdef01234567',
    ARGOCD_APP_REVISION_SHORT: '0123456',
    ARGOCD_APP_SOURCE_REPO_URL: 'https://git.example.com/platform/vms.git',
    ARGOCD_APP_SOURCE_PATH: 'examples/argocd/app',
    ARGOCD_APP_SOURCE_TARGET_REVISION: 'main',
    KUBE_VERSION: '1.34.1',
    KUBE_API_VERSIONS: 'v1,apps/v1,kubevirt.io/v1,cdi.kubevirt.io/v1beta1',
    ...extra,
  };
}

function runCommand(spec: { command: string[]; args?: string[] }, cwd: string, env: Record<string, string>) {
  const [command, ...args] = [...spec.command, ...(spec.args ?? [])];
  return spawnSync(command!, args, { cwd, env, encoding: 'utf8' });
}

const generate = (cwd: string, env = argoEnv()) => runCommand(plugin['spec']['generate'], cwd, env);
const discover = (cwd: string) => runCommand(plugin['spec']['discover']['find'], cwd, argoEnv());

describe('Argo CD plugin (plugin.yaml)', () => {
  it('is a ConfigManagementPlugin named vmprofile whose generate step runs under bash with pipefail', () => {
    expect(plugin).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: 'vmprofile' } });
    expect(plugin['spec']['generate']['command']).toEqual(['bash', '-c']);
    expect(plugin['spec']['generate']['args'][0]).toMatch(/^set -euo pipefail\n/);
  });

  it('discovers apps that hold a profile, and only those', () => {
    const withProfiles = discover(receive('vms-kustomize'));
    expect(withProfiles.status).toBe(0);
    expect(withProfiles.stdout.trim().split('\n').sort()).toEqual(['./profiles/web-1.yaml', './profiles/web-2.yaml']);
    const other = mkdtempSync(join(tmpdir(), 'vmprofile-cmp-other-'));
    writeFileSync(join(other, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\n');
    const none = discover(other);
    expect(none.status).toBe(0);
    expect(none.stdout).toBe('');
  });

  it('generates with kustomize and the function when the app has a kustomization', () => {
    const app = receive('vms-kustomize');
    expect(statSync(join(app, 'vmprofile.yaml')).mode & 0o111).toBe(0);
    const result = generate(app);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const objects = documents(result.stdout);
    expect(objects.map((o) => o['kind']).sort()).toEqual(['NetworkAttachmentDefinition', 'NodeNetworkConfigurationPolicy', 'PersistentVolumeClaim', 'PersistentVolumeClaim', 'VirtualMachine', 'VirtualMachine', 'VolumeImportSource', 'VolumeImportSource']);
    assertAccepted(objects);
    // Argo CD's revision must never reach the manifests: every commit would change every object.
    expect(result.stdout).not.toContain('0123456789abcdef');
  });

  it('generates with vmprofile render when there is no kustomization', () => {
    const result = generate(receive('vms-plain'));
    expect(result.status).toBe(0);
    const objects = documents(result.stdout);
    expect(objects.map((o) => `${o['kind']}/${o['metadata']['name']}`)).toEqual(['Secret/jumphost-keys', 'VirtualMachine/jumphost']);
    expect(objects[1]!['spec']['dataVolumeTemplates'][0]['metadata']['name']).toBe('jumphost-root');
  });

  it('renders the files a kustomization lists without kustomize when the app sets RENDER_WITHOUT_KUSTOMIZE=true', () => {
    const app = receive('vms-kustomize');
    // Sorted, so that kustomize's order does not matter; function settings reach both paths.
    const objects = (stdout: string) => documents(stdout).sort((a, b) => JSON.stringify([a['kind'], a['metadata']['name']]).localeCompare(JSON.stringify([b['kind'], b['metadata']['name']])));
    const settings = { ARGOCD_ENV_VMPROFILE_CLUSTER_NAME: 'prod-east' };
    const slow = generate(app, argoEnv({ ...settings, ARGOCD_ENV_RENDER_WITHOUT_KUSTOMIZE: 'false' }));
    expect(slow.stderr).toBe('');
    expect(slow.status).toBe(0);
    const fast = generate(app, argoEnv({ ...settings, ARGOCD_ENV_RENDER_WITHOUT_KUSTOMIZE: 'true', PATH: PATH_WITHOUT_KUSTOMIZE }));
    expect(fast.stderr).toBe('');
    expect(fast.status).toBe(0);
    expect(objects(fast.stdout)).toEqual(objects(slow.stdout));
    expect(objects(fast.stdout)).toHaveLength(8);
    expect(objects(slow.stdout)).not.toEqual(objects(generate(app).stdout));
    // Quoted entries, comments and indented lists are the same kustomization.
    writeFileSync(join(app, 'kustomization.yaml'), '# VMs\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nmetadata:\n  name: vms\nresources:\n  - "profiles/web-1.yaml"  # first\n  - \'profiles/web-2.yaml\'\n\ntransformers:\n  - vmprofile.yaml\n');
    const styled = generate(app, argoEnv({ ...settings, ARGOCD_ENV_RENDER_WITHOUT_KUSTOMIZE: 'true', PATH: PATH_WITHOUT_KUSTOMIZE }));
    expect(styled.stderr).toBe('');
    expect(objects(styled.stdout)).toEqual(objects(slow.stdout));
  });

  it('refuses to render without kustomize what only kustomize does, naming it, with no manifests', () => {
    const fast = (change: (app: string) => void) => {
      const app = receive('vms-kustomize');
      change(app);
      const result = generate(app, argoEnv({ ARGOCD_ENV_RENDER_WITHOUT_KUSTOMIZE: 'true', PATH: PATH_WITHOUT_KUSTOMIZE }));
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      return result.stderr;
    };
    const kustomization = (app: string) => join(app, 'kustomization.yaml');
    const edit = (app: string, from: string, to: string) => writeFileSync(kustomization(app), readFileSync(kustomization(app), 'utf8').replace(from, to));
    expect(fast((app) => writeFileSync(kustomization(app), `${readFileSync(kustomization(app), 'utf8')}namespace: vms\n`))).toBe(
      'vmprofile plugin: RENDER_WITHOUT_KUSTOMIZE=true renders the files kustomization.yaml lists without kustomize, which would ignore line 8 (namespace: vms): only resources and transformers (the vmprofile config) can be rendered without kustomize; remove the setting to build with kustomize\n',
    );
    expect(fast((app) => edit(app, 'transformers:', 'patches:\n  - path: patch.yaml\ntransformers:'))).toMatch(/which would ignore line 6 \(patches:\)/);
    expect(fast((app) => edit(app, 'transformers:', 'generators:'))).toMatch(/which would ignore line 6 \(generators:\)/);
    expect(fast((app) => edit(app, '- profiles/web-2.yaml', '- ../base/web-2.yaml'))).toMatch(/line 5 \(  - \.\.\/base\/web-2\.yaml\): not a file inside the app/);
    expect(fast((app) => edit(app, '- profiles/web-2.yaml', '- https://github.com/example/vms//base?ref=v1'))).toMatch(/not a file inside the app/);
    expect(fast((app) => edit(app, '- profiles/web-2.yaml', '- profiles'))).toMatch(/lists profiles, which is not a file \(folders and remote bases need kustomize\)/);
    expect(fast((app) => edit(app, 'resources:\n  - profiles/web-1.yaml\n  - profiles/web-2.yaml', 'resources: [profiles/web-1.yaml, profiles/web-2.yaml]'))).toMatch(/write it as a block list/);
    expect(
      fast((app) => {
        writeFileSync(join(app, 'labels.yaml'), 'apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: labels\nlabels:\n  team: vms\nfieldSpecs: [{path: metadata/labels, create: true}]\n');
        edit(app, '- vmprofile.yaml', '- vmprofile.yaml\n  - labels.yaml');
      }),
    ).toMatch(/transformer labels.yaml is not the VirtualMachineProfileConfig \(other transformers need kustomize\)/);
  });

  it('refuses a RENDER_WITHOUT_KUSTOMIZE that is neither true nor false', () => {
    const result = generate(receive('vms-kustomize'), argoEnv({ ARGOCD_ENV_RENDER_WITHOUT_KUSTOMIZE: 'yes' }));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('vmprofile plugin: RENDER_WITHOUT_KUSTOMIZE is "yes"; set it to true or false\n');
  });

  it('takes settings from the Application: plugin.env (ARGOCD_ENV_VMPROFILE_*) and parameters', () => {
    const app = receive('vms-kustomize');
    const uuid = (env: Record<string, string>) => {
      const result = generate(app, argoEnv(env));
      expect(result.status, result.stderr).toBe(0);
      return documents(result.stdout).find((o) => o['kind'] === 'VirtualMachine')!['spec']['template']['spec']['domain']['firmware']['uuid'];
    };
    const plain = uuid({});
    const fromEnv = uuid({ ARGOCD_ENV_VMPROFILE_CLUSTER_NAME: 'prod-east' });
    expect(fromEnv).not.toBe(plain);
    expect(uuid({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'clusterName', string: 'prod-east' }]) })).toBe(fromEnv);
    const uplink = generate(app, argoEnv({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'network.defaultUplink', string: 'ens1f0' }]) }));
    expect(documents(uplink.stdout).find((o) => o['kind'] === 'NodeNetworkConfigurationPolicy')!['spec']['desiredState']['interfaces'][0]['bridge']['port'][0]['name']).toBe('ens1f0');
  });

  it('fails the generation, with the reason on stderr and no manifests, when a profile is wrong', () => {
    const app = receive('vms-kustomize');
    writeFileSync(join(app, 'profiles/web-2.yaml'), readFileSync(join(app, 'profiles/web-2.yaml'), 'utf8').replace('vlanId: 100', 'vlanId: 9999'));
    const result = generate(app);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('[error] vm.example.com/v1alpha1/VirtualMachineProfile/web-2 spec.networks[0].vlanId: VLAN 9999 is out of range');
    const plain = receive('vms-plain');
    writeFileSync(join(plain, 'vm.yaml'), readFileSync(join(plain, 'vm.yaml'), 'utf8').replace('memory: 1Gi', 'memory: 100Mi'));
    const rendered = generate(plain);
    expect(rendered.status).toBe(1);
    expect(rendered.stdout).toBe('');
    expect(rendered.stderr).toMatch(/^vm\.yaml:\d+: spec\.memory: "100Mi" is below the minimum memory of 512Mi\n/);
  });

  it('refuses a parameter that is not a setting, naming it', () => {
    const result = generate(receive('vms-plain'), argoEnv({ ARGOCD_APP_PARAMETERS: JSON.stringify([{ name: 'network.uplink', string: 'eth1' }]) }));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Argo CD parameter network.uplink is not a vmprofile setting/);
  });
});

describe('Argo CD example setup', () => {
  it('the Application points at an example app and names the plugin', () => {
    const app = parse(readFileSync(join(EXAMPLES, 'argocd', 'application.yaml'), 'utf8')) as Obj;
    expect(app['spec']['source']['plugin']['name']).toBe(plugin['metadata']['name']);
    expect(statSync(join(ROOT, app['spec']['source']['path'])).isDirectory()).toBe(true);
  });

  it('the repo-server patch runs argocd-cmp-server as uid 999 with the sockets, shared binaries and its own /tmp', () => {
    const patch = parse(readFileSync(join(EXAMPLES, 'argocd', 'repo-server-patch.yaml'), 'utf8')) as Obj;
    const [container] = patch['spec']['template']['spec']['containers'];
    expect(container['command']).toEqual(['/var/run/argocd/argocd-cmp-server']);
    expect(container['securityContext']).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
    expect(container['volumeMounts'].map((m: Obj) => m['mountPath']).sort()).toEqual(['/home/argocd/cmp-server/plugins', '/tmp', '/var/run/argocd']);
    expect(patch['spec']['template']['spec']['volumes']).toEqual([{ name: 'vmprofile-tmp', emptyDir: {} }]);
  });
});
