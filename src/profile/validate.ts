// Profile validation: the zod schema, then the cross-field rules of one profile.
import { type Issue } from '../issues.js';
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
    const seen = new Set(issues.map((issue) => `${issue.field}|${issue.message}`));
    const lenient = { ...(input as object), spec: { ...spec, networks: spec['networks'] ?? [], disks: spec['disks'] ?? [], services: spec['services'] ?? [] } } as Profile;
    for (const issue of checkProfile(lenient)) if (!seen.has(`${issue.field}|${issue.message}`)) issues.push(issue);
  } else {
    // Required fields that depend on others are still reported with the type errors.
    const spec = (input as { spec?: unknown } | null)?.spec;
    if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) issues.push(...missingSizes(spec));
  }
  return { issues };
}
