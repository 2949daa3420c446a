// What profile fields mean with their defaults (semantics.ts), asked by rules and builders alike.
import { describe, expect, it } from 'vitest';
import type { ProfileSpec } from '../../src/profile/schema.js';
import { podNetworkOf } from '../../src/profile/semantics.js';

const LAN = [{ name: 'lan', type: 'bridge' as const, vlanId: 10 }];

describe('podNetworkOf', () => {
  it.each<[string, Partial<ProfileSpec>, ReturnType<typeof podNetworkOf>]>([
    ['no networks: masquerade, every port', { networks: [] }, { binding: 'masquerade', ports: undefined }],
    ['secondary networks only: none', { networks: LAN }, undefined],
    ['true beside networks', { networks: LAN, podNetwork: true }, { binding: 'masquerade', ports: undefined }],
    ['false without networks', { networks: [], podNetwork: false }, undefined],
    ['a mapping without a binding: masquerade', { networks: [], podNetwork: { ports: [{ port: 22 }] } }, { binding: 'masquerade', ports: [{ port: 22 }] }],
    ['passt', { networks: [], podNetwork: { binding: 'passt' } }, { binding: 'passt', ports: undefined }],
  ])('%s', (_, spec, expected) => {
    expect(podNetworkOf({ disks: [], ...spec } as ProfileSpec)).toStrictEqual(expected);
  });
});
