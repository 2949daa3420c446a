// The three outputs of vmprofile diff, from a fixed set of changes.
import { describe, expect, it } from 'vitest';
import type { Change, Impacts } from '../../src/impact/index.js';
import { json, markdown, summaryLine, table } from '../../src/impact/report.js';

const change = (extra: Partial<Change>): Change => ({ profile: 'prod/web', kind: 'VirtualMachine', namespace: 'prod', name: 'web', field: '', before: null, after: null, impact: 'added', why: 'created by the sync', ...extra });
const IMPACTS: Impacts = {
  changes: [
    change({ kind: 'PersistentVolumeClaim', name: 'web-data', impact: 'data', why: 'left orphaned | delete by hand' }),
    change({ field: 'spec.template.spec.domain.cpu.sockets', before: 2, after: 3, impact: 'live', why: 'hotplugged' }),
    change({ profile: null, kind: 'NodeNetworkConfigurationPolicy', namespace: null, name: 'br1', field: 'spec.desiredState.interfaces[br1].bridge.port[eth7]', before: null, after: { name: 'eth7', vlan: { mode: 'trunk', 'enable-native': true, trunk: [{ tag: 100 }, { tag: 200 }] } }, impact: 'network', why: 'nmstate\nnow' }),
  ],
  summary: { data: 1, network: 1, live: 1 },
};

describe('diff reports', () => {
  it('sums up impacts worst first, in the fixed order', () => {
    expect(summaryLine(IMPACTS)).toBe('3 changes: 1 data, 1 network, 1 live');
    expect(summaryLine({ changes: [change({})], summary: { added: 1 } })).toBe('1 change: 1 added');
    expect(summaryLine({ changes: [], summary: {} })).toBe('no changes');
  });

  it('prints an aligned table, shared objects as (shared), whole objects as (object), long values cut', () => {
    expect(table(IMPACTS)).toBe(
      [
        'IMPACT   PROFILE   OBJECT                               FIELD                                                BEFORE → AFTER                                        WHY',
        'data     prod/web  PersistentVolumeClaim prod/web-data  (object)                                                                                                   left orphaned | delete by hand',
        'live     prod/web  VirtualMachine prod/web              spec.template.spec.domain.cpu.sockets                2 → 3                                                 hotplugged',
        'network  (shared)  NodeNetworkConfigurationPolicy br1   spec.desiredState.interfaces[br1].bridge.port[eth7]  — → {"name":"eth7","vlan":{"mode":"trunk","enable-n…  nmstate now',
        '3 changes: 1 data, 1 network, 1 live',
        '',
      ].join('\n'),
    );
    expect(table({ changes: [], summary: {} })).toBe('no changes\n');
  });

  it('writes a Markdown table whose cells cannot break the table', () => {
    const text = markdown(IMPACTS);
    expect(text.split('\n')).toEqual([
      '### vmprofile diff: 3 changes: 1 data, 1 network, 1 live',
      '',
      '| impact | profile | object | field | before → after | why |',
      '|---|---|---|---|---|---|',
      '| **data** | prod/web | PersistentVolumeClaim prod/web-data | (object) |  | left orphaned \\| delete by hand |',
      '| **live** | prod/web | VirtualMachine prod/web | `spec.template.spec.domain.cpu.sockets` | 2 → 3 | hotplugged |',
      '| **network** | (shared) | NodeNetworkConfigurationPolicy br1 | `spec.desiredState.interfaces[br1].bridge.port[eth7]` | — → {"name":"eth7","vlan":{"mode":"trunk","enable-n… | nmstate now |',
      '',
    ]);
    expect(markdown({ changes: [], summary: {} })).toBe('### vmprofile diff: no changes\n');
  });

  it('writes JSON with the documented keys, values unshortened', () => {
    const parsed = JSON.parse(json(IMPACTS));
    expect(Object.keys(parsed)).toEqual(['changes', 'summary']);
    expect(parsed.changes[2].after.vlan.trunk).toEqual([{ tag: 100 }, { tag: 200 }]);
    expect(Object.keys(parsed.changes[0])).toEqual(['profile', 'kind', 'namespace', 'name', 'field', 'before', 'after', 'impact', 'why']);
    expect(parsed.summary).toEqual({ data: 1, network: 1, live: 1 });
  });
});
