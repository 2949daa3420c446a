// Renders valid profiles to the objects vmprofile diff compares, without the upstream-schema checks
// of test/expand/helpers.ts (the expand tests make those): the impact tests stay fast.
import { readConfig } from '../../src/config/schema.js';
import { expand } from '../../src/expand/index.js';
import { planRender } from '../../src/plan/index.js';
import { validateProfile } from '../../src/profile/validate.js';
import { type Obj, configWith } from '../support/fixtures.js';

export function render(profiles: Obj[], configSpec: Obj = {}): Obj[] {
  const config = readConfig(configWith(configSpec));
  if (config.issues.length > 0) throw new Error(JSON.stringify(config.issues));
  const valid = profiles.map((raw) => {
    const result = validateProfile(raw);
    if (!result.profile || result.issues.some((i) => i.severity === 'error')) throw new Error(JSON.stringify(result.issues));
    return result.profile;
  });
  return expand(planRender(valid, config.config), config.config).map((g) => g.object as Obj);
}
