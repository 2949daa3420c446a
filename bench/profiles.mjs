// Realistic inputs for the benchmark: profiles with several networks and disks, HA settings and
// cloud-init, next to pass-through objects, as one ResourceList with the function config, or as an
// app folder (one file per profile and its Service) for vmprofile render and kustomize.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Per profile: the VirtualMachineProfile, then a Service of its own (a pass-through object). */
export function profileItems(count) {
  const items = [];
  for (let i = 0; i < count; i++) {
    const ns = `team-${i % 20}`;
    items.push({
      apiVersion: 'vm.example.com/v1alpha1',
      kind: 'VirtualMachineProfile',
      metadata: { name: `vm-${i}`, namespace: ns, labels: { app: `app-${i % 50}`, tier: i % 2 ? 'backend' : 'frontend' } },
      spec: {
        cpu: 2 + (i % 8),
        memory: `${4 + (i % 4) * 4}Gi`,
        osImage: 'registry.example.com/os/centos-stream:9',
        sshKeySecret: 'vm-ssh-keys',
        networks: [
          { name: 'management', type: 'bridge', bridgeName: 'br-mgmt', vlanId: 100 + (i % 10), ipConfig: { mode: 'static', address: `10.${(i >> 8) & 255}.${i & 255}.10/16`, gateway: `10.${(i >> 8) & 255}.0.1`, dnsServers: ['10.0.0.53', '10.0.0.54'] } },
          { name: 'business', type: 'sriov', vlanId: 200 + (i % 5), ipConfig: { mode: 'dhcp' } },
          { name: 'storage', type: 'macvlan', ipConfig: { mode: 'static', address: `172.17.${((i + 1) >> 8) & 255}.${(i + 1) & 255}/16` } },
        ],
        disks: [
          { name: 'system', size: '80Gi', storageClassName: 'ssd', boot: true },
          { name: 'data', size: '500Gi', storageClassName: 'hdd' },
          { name: 'logs', size: '100Gi', storageClassName: 'ssd' },
        ],
        highAvailability: { restartPolicy: 'Always', antiAffinity: true, nodeSelector: { 'node-role.kubernetes.io/worker': '' }, tolerations: [{ key: 'virtualization', operator: 'Equal', value: 'enabled', effect: 'NoSchedule' }] },
      },
    });
    items.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `vm-${i}-ssh`, namespace: ns }, spec: { selector: { vmprofile: `vm-${i}` }, ports: [{ name: 'ssh', port: 22, targetPort: 22 }] } });
  }
  return items;
}

const FUNCTION_CONFIG = {
  apiVersion: 'vm.example.com/v1alpha1',
  kind: 'VirtualMachineProfileConfig',
  metadata: { name: 'vmprofile' },
  spec: { clusterName: 'bench', network: { defaultUplink: 'eth1', macvtapUplink: 'eth2', sriovResourceName: 'intel.com/sriov_vfio' } },
};
const YAML_OPTIONS = { lineWidth: 0, indentSeq: false };

export function resourceList(count) {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: profileItems(count), functionConfig: FUNCTION_CONFIG }, YAML_OPTIONS);
}

/**
 * The same objects as an Argo CD app folder: profiles/vm-N.yaml (profile and Service), the config
 * (vmprofile.yaml, running `exec` through kustomize) and a kustomization listing them all.
 */
export function writeApp(dir, count, exec) {
  const items = profileItems(count);
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  const files = [];
  for (let i = 0; i < items.length; i += 2) {
    const file = `profiles/${items[i].metadata.name}.yaml`;
    writeFileSync(join(dir, file), `${stringify(items[i], YAML_OPTIONS)}---\n${stringify(items[i + 1], YAML_OPTIONS)}`);
    files.push(file);
  }
  const annotations = { 'config.kubernetes.io/function': stringify({ exec: { path: exec } }) };
  writeFileSync(join(dir, 'vmprofile.yaml'), stringify({ ...FUNCTION_CONFIG, metadata: { ...FUNCTION_CONFIG.metadata, annotations } }, YAML_OPTIONS));
  writeFileSync(join(dir, 'kustomization.yaml'), stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files, transformers: ['vmprofile.yaml'] }, YAML_OPTIONS));
}
