// Name rules of the APIs we emit to. Each check returns undefined when the value is fine, or a
// sentence saying what is wrong, so callers can put it straight into an error message; the patterns
// go into the zod schema (and so into its JSON Schema).

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
// Linux interface names: no '/', ':' or whitespace; at most 15 characters (IFNAMSIZ 16 with the NUL),
// which the schema checks separately so the message says which rule failed.
const INTERFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// Kubernetes IANA_SVC_NAME (apimachinery validation.IsValidPortName).
const PORT_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export const PORT_NAME_PATTERN = PORT_NAME.source;
export const DNS1123_LABEL_PATTERN = DNS1123_LABEL.source;
export const DNS1123_SUBDOMAIN_PATTERN = DNS1123_SUBDOMAIN.source;
export const INTERFACE_NAME_PATTERN = INTERFACE_NAME.source;

export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return `is ${value.length} characters long; the limit is 253`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return 'must consist of lowercase letters, digits, "-" and ".", and start and end with a letter or digit (DNS-1123 subdomain)';
  }
  return undefined;
}

/** Kubernetes label (and annotation) key: optional DNS subdomain prefix, "/", name of at most 63. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = key.slice(slash + 1);
  if (prefix !== undefined) {
    const problem = dns1123SubdomainProblem(prefix);
    if (problem) return `has a prefix "${prefix}" that ${problem}`;
  }
  if (name.length > 63 || !LABEL_NAME.test(name)) {
    return 'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, after an optional "prefix/"';
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    return 'must be empty or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** A port name (Service, container and KubeVirt interface ports): at most 15, with a letter. */
export function portNameProblem(value: string): string | undefined {
  if (value.length > 15) return `is ${value.length} characters long; port names have at most 15`;
  if (!PORT_NAME.test(value)) return 'is not a port name: lowercase letters, digits and single "-", with at least one letter, starting and ending with a letter or digit';
  return undefined;
}
