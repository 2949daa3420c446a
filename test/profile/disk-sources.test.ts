// Where a disk's data comes from: one source each (image, blank, dataSource, clone, claimName), and
// what an existing claim may not be told.
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profile/validate.js';
import { profile } from '../support/fixtures.js';

const disk = (extra: object) => ({ name: 'system', size: '20Gi', storageClassName: 'ssd', boot: true, ...extra });
const found = (spec: object, metadata: object = { namespace: 'prod' }) =>
  validateProfile(profile('vm1', spec, metadata)).issues.map(({ severity, field, message }) => ({ severity, field, message }));

describe('disk sources', () => {
  it.each([
    [{ dataSource: { name: 'fedora', namespace: 'os-images' } }],
    [{ clone: { name: 'golden' } }],
    [{ name: 'system', claimName: 'old-os', boot: true, size: undefined, storageClassName: undefined }],
  ])('accepts a boot disk from %j without an image', (extra) => {
    expect(found({ disks: [disk(extra)] })).toEqual([]);
  });

  it.each([
    [{ image: 'registry.example.com/os:1', dataSource: { name: 'fedora' } }, 'spec.disks[0].dataSource', 'contradicts image registry.example.com/os:1: a disk takes its data from one source (image, blank, dataSource, clone or claimName); remove one of them'],
    [{ dataSource: { name: 'fedora', namespace: 'os' }, clone: { name: 'golden' } }, 'spec.disks[0].clone', 'contradicts dataSource os/fedora: a disk takes its data from one source (image, blank, dataSource, clone or claimName); remove one of them'],
    [{ dataSource: { name: 'fedora' }, clone: { name: 'golden' } }, 'spec.disks[0].clone', 'contradicts dataSource fedora: a disk takes its data from one source (image, blank, dataSource, clone or claimName); remove one of them'],
    [{ blank: true, claimName: 'x', size: undefined, storageClassName: undefined }, 'spec.disks[0].claimName', 'contradicts blank: true: a disk takes its data from one source (image, blank, dataSource, clone or claimName); remove one of them'],
    [{ claimName: 'old', storageClassName: undefined }, 'spec.disks[0].size', 'does not apply to an existing claim: claimName old is used as it is, never created or resized; remove size'],
    [{ clone: { name: 'golden' }, size: undefined }, 'spec.disks[0].size', 'is required: the disk size, e.g. "80Gi" (or use an existing claim with claimName)'],
    [{ clone: { name: 'golden' }, storageClassName: undefined }, 'spec.disks[0].storageClassName', 'is required: the StorageClass of the disk (or use an existing claim with claimName)'],
  ])('refuses %j at the field', (extra, field, message) => {
    expect(found({ disks: [disk(extra)] })).toEqual([{ severity: 'error', field, message }]);
  });

  it('refuses spec.osImage when the boot disk clones or names a claim: the image would never be used', () => {
    expect(found({ osImage: 'registry.example.com/os:1', disks: [disk({ dataSource: { name: 'fedora' } })] })).toEqual([
      { severity: 'error', field: 'spec.osImage', message: 'the boot disk "system" takes its data from its dataSource, so the image would never be used; remove spec.osImage or the disk\'s dataSource' },
    ]);
  });

  it('reads blank: false as no source at all', () => {
    expect(found({ disks: [disk({ image: 'registry.example.com/os:1', blank: false })] })).toEqual([]);
  });

  it('refuses spec.osImage beside a blank boot disk once, as the contradiction it is', () => {
    expect(found({ osImage: 'registry.example.com/os:1', disks: [disk({ image: undefined, blank: true })] })).toEqual([
      { severity: 'error', field: 'spec.disks[0].blank', message: expect.stringMatching(/^contradicts spec.osImage \(registry.example.com\/os:1\), which the boot disk takes/) },
    ]);
  });

  it('needs the clone source namespace when the profile has none', () => {
    expect(found({ disks: [disk({ clone: { name: 'golden' } })] }, {})).toEqual([
      { severity: 'error', field: 'spec.disks[0].clone.namespace', message: "is required when the profile has no namespace: CDI needs the source claim's namespace to clone it" },
    ]);
    expect(found({ disks: [disk({ clone: { name: 'golden', namespace: 'images' } })] }, {})).toEqual([]);
  });
});
