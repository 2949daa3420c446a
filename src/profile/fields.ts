// Field builders shared by the profile and the function-config schemas: each carries the rule and an
// error message that says what to write instead, for the function and (patternErrorMessage, which
// yaml-language-server and VS Code show instead of the raw pattern) for editors.
import * as z from 'zod';
import { DNS1123_LABEL_PATTERN, DNS1123_SUBDOMAIN_PATTERN, INTERFACE_NAME_PATTERN, dns1123SubdomainProblem, labelKeyProblem, labelValueProblem } from './names.js';
import { parseIp } from './net.js';
import { refuse } from '../schema-issues.js';
import { describeValue, show } from '../text.js';
import { QUANTITY, parseQuantity } from './quantity.js';

export function dnsLabel(what: string) {
  return z
    .string()
    .max(63, { error: (iss) => `${show(iss.input)} is too long for ${what}: at most 63 characters (DNS-1123 label)` })
    .regex(new RegExp(DNS1123_LABEL_PATTERN), {
      error: (iss) =>
        `${show(iss.input)} is not a valid ${what}: use lowercase letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)`,
    })
    .meta({ patternErrorMessage: `Not a valid ${what}: use lowercase letters, digits and "-", starting and ending with a letter or digit (a DNS-1123 label).` });
}

/** Service names: a DNS-1123 label that starts with a letter (Kubernetes ValidateServiceName, DNS-1035). */
export function dns1035Label(what: string) {
  return dnsLabel(what)
    .regex(/^[a-z]/, { error: (iss) => `${show(iss.input)} is not a valid ${what}: it must start with a letter (DNS-1035 label)` })
    .meta({ patternErrorMessage: `Not a valid ${what}: use lowercase letters, digits and "-", starting with a letter and ending with a letter or digit (a DNS-1035 label).` });
}

export function dnsSubdomain(what: string) {
  return z
    .string()
    .check((ctx) => {
      const problem = dns1123SubdomainProblem(ctx.value);
      if (problem) refuse(ctx, `${show(ctx.value)} ${problem}; it is used as ${what}`);
    })
    .meta({
      pattern: DNS1123_SUBDOMAIN_PATTERN,
      maxLength: 253,
      patternErrorMessage: `Not valid as ${what}: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (a DNS-1123 subdomain).`,
    });
}

export function interfaceName(what: string) {
  return z
    .string()
    .max(15, { error: (iss) => `${show(iss.input)} is too long for ${what}: Linux interface names are limited to 15 characters` })
    .regex(new RegExp(INTERFACE_NAME_PATTERN), {
      error: (iss) => `${show(iss.input)} is not a valid ${what}: use letters, digits, ".", "_" and "-", starting with a letter or digit`,
    })
    .meta({ patternErrorMessage: `Not a valid ${what}: use letters, digits, ".", "_" and "-", starting with a letter or digit (a Linux interface name).` });
}

export function quantity(what: string, min: number, minText: string) {
  return z
    // Every quantity is optional in the schema (instancetype, claimName): rules.ts says when one is required.
    .string({ error: `must be a quantity string such as "${minText}"` })
    .check((ctx) => {
      const value = parseQuantity(ctx.value);
      if (value === undefined) {
        refuse(ctx, `${show(ctx.value)} is not a Kubernetes quantity; write it like "8Gi" or "512Mi"`);
      } else if (value < min) {
        refuse(ctx, `${show(ctx.value)} is below the minimum ${what} of ${minText}`);
      }
    })
    .meta({ pattern: QUANTITY.source, patternErrorMessage: `Not a Kubernetes quantity: write the ${what} like "8Gi" or "512Mi".` });
}

// docker://, oci-archive://, http(s):// URLs, or a bare registry reference (host/repo:tag@digest).
const IMAGE_REFERENCE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const IMAGE_URL = /^(?:docker|oci-archive):\/\/\S+$|^https?:\/\/[^\s/$.?#][^\s]*$/;

export const image = z
  .string()
  .check((ctx) => {
    if (!IMAGE_URL.test(ctx.value) && !IMAGE_REFERENCE.test(ctx.value)) {
      refuse(ctx, `${show(ctx.value)} is neither a registry image reference (registry.example.com/os:tag) nor an http(s)://, docker:// or oci-archive:// URL`);
    }
  })
  .meta({
    pattern: `${IMAGE_URL.source}|${IMAGE_REFERENCE.source}`,
    patternErrorMessage: 'Neither a registry image reference (registry.example.com/os:tag) nor an http(s)://, docker:// or oci-archive:// URL.',
  });

const IP_WORDS = 'Not an IPv4 or IPv6 address, such as 192.168.100.1 or fd00::1.';

export const ipAddress = z
  .string()
  .check((ctx) => {
    if (!parseIp(ctx.value)) refuse(ctx, `${show(ctx.value)} is not an IPv4 or IPv6 address`);
  })
  // Editors report the closer branch's failure: each names both families.
  .meta({ anyOf: [{ format: 'ipv4', errorMessage: IP_WORDS }, { format: 'ipv6', errorMessage: IP_WORDS }] });

export const labelMap = (what: string) =>
  z.record(z.string(), z.string({ error: (iss) => `${what} values must be strings; got ${describeValue(iss.input)} (quote it)` })).check((ctx) => {
    for (const [key, value] of Object.entries(ctx.value)) {
      const keyProblem = labelKeyProblem(key);
      if (keyProblem) refuse(ctx, `the key ${show(key)} ${keyProblem}`, key);
      const valueProblem = labelValueProblem(value);
      if (valueProblem) refuse(ctx, `the value ${show(value)} ${valueProblem}`, key);
    }
  });
