// Realistic inputs for the benchmark: profiles with several networks and disks, HA settings and
// cloud-init, next to pass-through objects, as one ResourceList with the function config.
import { stringify } from 'yaml';

export function resourceList(count) {
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
  const functionConfig = {
    apiVersion: 'vm.example.com/v1alpha1',
    kind: 'VirtualMachineProfileConfig',
    metadata: { name: 'vmprofile' },
    spec: { clusterName: 'bench', network: { defaultUplink: 'eth1', macvtapUplink: 'eth2', sriovResourceName: 'intel.com/sriov_vfio' } },
  };
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }, { lineWidth: 0, indentSeq: false });
}
