// Profile validation: the zod schema, then the cross-field rules of one profile.
import { type Issue } from '../issues.js';
import { defaultMessage, toIssues } from '../schema-issues.js';
import { checkProfile } from './rules.js';
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
    const lenient = { ...(input as object), spec: { ...spec, networks: spec['networks'] ?? [], disks: spec['disks'] ?? [] } } as Profile;
    for (const issue of checkProfile(lenient)) if (!seen.has(`${issue.field}|${issue.message}`)) issues.push(issue);
  }
  return { issues };
}
