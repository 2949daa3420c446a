// How status is printed: kubectl's table layout, the one-line message, the documents of -o json/yaml
// and of --watch.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ProfileStatus, StatusItem } from '../../src/status/compute.js';
import { TableWriter, json, jsonLine, summary, table, yaml, yamlDocument } from '../../src/status/report.js';

function item(profile: string, phase: ProfileStatus['phase'], ready: [string, string, string], extra: Partial<ProfileStatus> = {}): StatusItem {
  return {
    profile,
    networksConfigured: 1,
    status: {
      phase,
      vmName: profile.split('/')[1]!,
      conditions: [
        { type: 'Ready', status: ready[0] as 'True', reason: ready[1], message: ready[2] },
        { type: 'NetworksConfigured', status: 'True', reason: 'InterfacesReported', message: 'the running VM reports 1 interface' },
        { type: 'VolumesBound', status: 'True', reason: 'AllBound', message: '1 disk bound and filled' },
      ],
      networks: [{ name: 'mgmt', ipAddress: '192.168.100.11', nadName: 'bridge-br-mgmt-vlan100' }],
      volumes: [{ name: 'system', pvcName: `${profile.split('/')[1]}-system`, bound: true, size: '20Gi' }],
      ...extra,
    },
  };
}

const running = item('prod/web-server-01', 'Running', ['True', 'VMRunning', 'the VM is running'], { nodeName: 'worker-node-01' });
const failing = item('prod/db', 'Error', ['False', 'ErrorUnschedulable', '0/3 nodes are available:\n  3 Insufficient memory.']);

describe('the table', () => {
  it('pads columns three spaces apart like kubectl, leaves the message unpadded, and prints Error reasons', () => {
    expect(table([running, failing], false)).toBe(
      [
        'NAMESPACE   NAME            PHASE     READY   NETWORKS   VOLUMES   MESSAGE',
        'prod        web-server-01   Running   True    1/1        1/1',
        'prod        db              Error     False   1/1        1/1       ErrorUnschedulable: 0/3 nodes are available: 3 Insufficient memory.',
        '',
      ].join('\n'),
    );
  });

  it('wide: the node and every address, <none> when there are none', () => {
    const stopped = { ...item('prod/archive', 'Stopped', ['False', 'Stopped', 'the VM is stopped (runStrategy Halted)'], { networks: [] }), networksConfigured: 0 };
    const lines = table([running, stopped], true).split('\n');
    expect(lines[0]).toBe('NAMESPACE   NAME            PHASE     READY   NETWORKS   VOLUMES   NODE             IPS              MESSAGE');
    expect(lines[1]).toBe('prod        web-server-01   Running   True    1/1        1/1       worker-node-01   192.168.100.11');
    expect(lines[2]).toBe('prod        archive         Stopped   False   0/0        1/1       <none>           <none>           the VM is stopped (runStrategy Halted)');
  });

  it('under --watch, later rows keep the widths of the first ones; a longer cell still leaves three spaces', () => {
    const writer = new TableWriter(false);
    const first = writer.rows([running]);
    const later = writer.rows([item('prod/a-much-longer-name', 'Creating', ['False', 'Provisioning', 'importing disk system (45.20%)'])]);
    expect(first.split('\n')[0]).toMatch(/^NAMESPACE/);
    expect(later).toBe('prod        a-much-longer-name   Creating   False   1/1        1/1       importing disk system (45.20%)\n');
    expect(writer.rows([running])).toBe('prod        web-server-01   Running   True    1/1        1/1\n');
  });
});

describe('the message', () => {
  it('is empty for a running, ready VM; names a failing network or disk condition otherwise', () => {
    expect(summary(running.status)).toBe('');
    const noInterface = { ...running.status, conditions: running.status.conditions.map((c) => (c.type === 'NetworksConfigured' ? { ...c, status: 'False' as const, message: 'network mgmt: the running VM reports no interface for it yet' } : c)) };
    expect(summary(noInterface)).toBe('network mgmt: the running VM reports no interface for it yet');
  });
});

describe('-o json and -o yaml', () => {
  it('print {items: [{profile, status}]} and nothing the table alone needs', () => {
    const parsed = JSON.parse(json([running]));
    expect(parsed).toEqual({ items: [{ profile: 'prod/web-server-01', status: running.status }] });
    expect(parse(yaml([running]))).toEqual(parsed);
    expect(yaml([running])).toContain('    conditions:\n    - type: Ready\n      status: "True"\n');
  });

  it('under --watch: one JSON line or one YAML document per changed profile', () => {
    expect(jsonLine(running)).toBe(`${JSON.stringify({ profile: 'prod/web-server-01', status: running.status })}\n`);
    expect(yamlDocument(running)).toMatch(/^---\nprofile: prod\/web-server-01\nstatus:\n {2}phase: Running\n/);
  });
});
