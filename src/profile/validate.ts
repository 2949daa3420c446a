// Profile validation: the zod schema, then the cross-field rules of one profile.
import { type Issue, formatPath } from '../issues.js';
import { defaultMessage, toIssues } from '../schema-issues.js';
import { checkProfile, missingSizes } from './rules.js';
import { type Profile, profileSchema } from './schema.js';

interface ValidationResult {
  /** Present when the profile is well-formed (it may still carry warnings, or cross-field errors). */
  profile?: Profile;
  issues: Issue[];
}

export function validateProfile(input: unknown): ValidationResult {
  const parsed = profileSchema.safeParse(input, { error: defaultMessage });
  if (parsed.success) return { profile: parsed.data, issues: checkProfile(parsed.data) };
  const issues = toIssues(parsed.error.issues, profileSchema);
  // When only values are wrong (every field has the right type), the cross-field rules can run too,
  // so the author sees every problem in one round instead of one batch at a time.
  if (parsed.error.issues.every((issue) => issue.code !== 'invalid_type' && issue.code !== 'invalid_union')) {
    const { spec } = input as { spec: Record<string, unknown> };
    // An object with a value outside its choices (ipConfig.mode: DHCP, type: vxlan) means nothing the
    // rules could judge: they would read it as some other choice ("address is required for mode: static").
    const unknown = parsed.error.issues.filter((issue) => issue.code === 'invalid_value' && issue.path.length > 1).map((issue) => formatPath(issue.path.slice(0, -1)));
    const judged = (field = '') => !unknown.some((object) => field === object || field.startsWith(`${object}.`) || field.startsWith(`${object}[`));
    const lenient = { ...(input as object), spec: { ...spec, networks: spec['networks'] ?? [], disks: spec['disks'] ?? [], services: spec['services'] ?? [] } } as Profile;
    for (const issue of checkProfile(lenient)) if (judged(issue.field)) issues.push(issue);
  } else {
    // Required fields that depend on others are still reported with the type errors.
    const spec = (input as { spec?: unknown } | null)?.spec;
    if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) issues.push(...missingSizes(spec));
  }
  return { issues };
}
