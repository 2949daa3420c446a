// A problem found while validating or expanding, before it is tied to a resource and a file.

export type Severity = 'error' | 'warning' | 'info';

export interface Issue {
  severity: Severity;
  message: string;
  /** Field path inside the resource, e.g. "spec.networks[1].vlanId". */
  field?: string;
}

export const error = (field: string | undefined, message: string): Issue => ({ severity: 'error', field, message });
export const warning = (field: string | undefined, message: string): Issue => ({ severity: 'warning', field, message });
export const info = (field: string | undefined, message: string): Issue => ({ severity: 'info', field, message });

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** ["spec", "networks", 1, "vlanId"] → "spec.networks[1].vlanId"; odd keys are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(part))) out += (out ? '.' : '') + String(part);
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** An issue found for one of several inputs, e.g. the profile whose network conflicts with another's. */
export interface OwnedIssue<Owner> extends Issue {
  owner: Owner;
}
