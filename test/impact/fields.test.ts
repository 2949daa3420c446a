// impact/fields.ts: the field paths vmprofile diff reports. Named list items pair by name, so a
// reviewer sees the one interface, port or disk that changed, not every item after it.
import { describe, expect, it } from 'vitest';
import { fieldChanges } from '../../src/impact/fields.js';
import { classifyChanges } from '../../src/impact/index.js';
import { type Obj, profile } from '../support/fixtures.js';
import { render as renderAll } from './render.js';

const paths = (before: unknown, after: unknown) => fieldChanges(before, after).map(({ path, before: b, after: a }) => [path, b, a]);

describe('field changes', () => {
  it.each<[string, unknown, unknown, unknown[][]]>([
    ['a named item added to an empty list', { port: [] }, { port: [{ name: 'eth1' }] }, [['port[eth1]', undefined, { name: 'eth1' }]]],
    ['the last named item removed', { port: [{ name: 'eth1' }] }, { port: [] }, [['port[eth1]', { name: 'eth1' }, undefined]]],
    ['a named item inserted before another', { disks: [{ name: 'b', size: 1 }] }, { disks: [{ name: 'a', size: 1 }, { name: 'b', size: 1 }] }, [['disks[a]', undefined, { name: 'a', size: 1 }]]],
    ['items named by metadata.name', { t: [{ metadata: { name: 'x' }, v: 1 }] }, { t: [{ metadata: { name: 'x' }, v: 2 }] }, [['t[x].v', 1, 2]]],
    ['an empty list both sides', { port: [] }, { port: [] }, []],
    ['a list of scalars, as a whole', { tags: [1, 2] }, { tags: [2, 1] }, [['tags', [1, 2], [2, 1]]]],
    ['a list whose names repeat, as a whole', { l: [{ name: 'a' }, { name: 'a' }] }, { l: [{ name: 'a' }] }, [['l', [{ name: 'a' }, { name: 'a' }], [{ name: 'a' }]]]],
    ['a list with a null item, as a whole', { l: [null, { name: 'a' }] }, { l: [{ name: 'a' }] }, [['l', [null, { name: 'a' }], [{ name: 'a' }]]]],
    ['a null field that becomes a mapping', { spec: null }, { spec: { a: 1 } }, [['spec', null, { a: 1 }]]],
    ['a mapping that becomes null', { spec: { a: 1 } }, { spec: null }, [['spec', { a: 1 }, null]]],
    ['a list whose names are numbers, as a whole', { l: [{ name: 1, v: 1 }] }, { l: [{ name: 1, v: 2 }] }, [['l', [{ name: 1, v: 1 }], [{ name: 1, v: 2 }]]]],
    ['a mapping that becomes a list', { spec: { a: 1 } }, { spec: [1] }, [['spec', { a: 1 }, [1]]]],
  ])('%s', (_, before, after, expected) => {
    expect(paths(before, after)).toEqual(expected);
  });

  it('names the segments of named items by their names, for the rules that match on structure', () => {
    const [change] = fieldChanges({ spec: { volumes: [{ name: 'data', pvc: 'a' }] } }, { spec: { volumes: [{ name: 'data', pvc: 'b' }] } });
    expect(change).toEqual({ path: 'spec.volumes[data].pvc', segments: ['spec', 'volumes', 'data', 'pvc'], before: 'a', after: 'b' });
  });
});

describe('a node bridge that loses or gains its only uplink', () => {
  const net = (extra: Obj = {}) => profile('web', { networks: [{ name: 'a', type: 'bridge', bridgeName: 'br1', vlanId: 10, ...extra }] }, { namespace: 'prod' });
  const render = (p: Obj) => renderAll([p]);
  const PORT = 'spec.desiredState.interfaces[br1].bridge.port[eth1]';

  it.each([
    ['becoming host-local removes the uplink port', net(), net({ hostLocal: true })],
    ['leaving host-local adds the uplink port', net({ hostLocal: true }), net()],
  ])('%s: one change to that port, under every VM on the bridge', (_, base, head) => {
    expect(classifyChanges(render(base), render(head)).changes.map(({ impact, kind, field }) => ({ impact, kind, field }))).toEqual([
      { impact: 'network', kind: 'NodeNetworkConfigurationPolicy', field: PORT },
    ]);
  });
});
