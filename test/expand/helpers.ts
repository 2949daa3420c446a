import { readConfig } from '../../src/config/schema.js';
import { expand } from '../../src/expand/index.js';
import { checkGeneratedNames, checkPlan } from '../../src/plan/checks.js';
import { planRender } from '../../src/plan/index.js';
import { validateProfile } from '../../src/profile/validate.js';
import { CONFIG, type Obj, assertAccepted, configWith, existingClaimsOf } from '../support/fixtures.js';

function plan(profiles: Obj[], configSpec?: Obj) {
  const config = readConfig(configSpec ? configWith(configSpec) : CONFIG);
  if (config.issues.length > 0) throw new Error(JSON.stringify(config.issues));
  const valid = profiles.map((raw) => {
    const result = validateProfile(raw);
    if (!result.profile || result.issues.some((i) => i.severity === 'error')) throw new Error(JSON.stringify(result.issues));
    return result.profile;
  });
  const planned = planRender(valid, config.config);
  const generated = expand(planned, config.config);
  const issues = [...checkPlan(planned, config.config), ...checkGeneratedNames(generated)];
  return { planned, generated, issues };
}

/** Validates, plans and expands valid profiles; any error (a false one too) fails the test. */
export function expandAll(profiles: Obj[], configSpec?: Obj) {
  const { generated, issues } = plan(profiles, configSpec);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new Error(`unexpected errors: ${JSON.stringify(errors.map(({ field, message }) => ({ field, message })))}`);
  const objects = generated.map((g) => g.object as Obj);
  assertAccepted(objects, existingClaimsOf(profiles));
  return {
    generated,
    objects,
    issues,
    warnings: issues.filter((i) => i.severity === 'warning'),
    ofKind: (kind: string) => objects.filter((o) => o['kind'] === kind),
    vm: (name = 'vm1') => objects.find((o) => o['kind'] === 'VirtualMachine' && o['metadata']['name'] === name)!,
  };
}

/** The problems the checks find in valid profiles (for tests that expect some). */
export function checkAll(profiles: Obj[], configSpec?: Obj) {
  const { issues } = plan(profiles, configSpec);
  return { issues, errors: issues.filter((i) => i.severity === 'error'), warnings: issues.filter((i) => i.severity === 'warning') };
}
