import { readConfig } from '../../src/config/schema.js';
import { expand } from '../../src/expand/index.js';
import { validateProfile } from '../../src/profile/validate.js';
import { CONFIG, type Obj, assertAccepted, configWith } from '../support/fixtures.js';

/** Validates and expands raw profiles; throws if a profile is invalid, so tests see expansion only. */
export function expandAll(profiles: Obj[], configSpec?: Obj) {
  const config = readConfig(configSpec ? configWith(configSpec) : CONFIG);
  if (config.issues.length > 0) throw new Error(JSON.stringify(config.issues));
  const valid = profiles.map((raw) => {
    const result = validateProfile(raw);
    if (!result.profile || result.issues.some((i) => i.severity === 'error')) throw new Error(JSON.stringify(result.issues));
    return result.profile;
  });
  const expansion = expand(valid, config.config);
  const objects = expansion.objects.map((g) => g.object as Obj);
  // A failed expansion's objects are never emitted (the function echoes its input instead).
  if (!expansion.issues.some((i) => i.severity === 'error')) assertAccepted(objects);
  return {
    ...expansion,
    objects,
    errors: expansion.issues.filter((i) => i.severity === 'error'),
    warnings: expansion.issues.filter((i) => i.severity === 'warning'),
    ofKind: (kind: string) => objects.filter((o) => o['kind'] === kind),
    vm: (name = 'vm1') => objects.find((o) => o['kind'] === 'VirtualMachine' && o['metadata']['name'] === name)!,
  };
}
