// KRM function results (functions-spec "Result item") and their human-readable form for stderr,
// the only channel kustomize and Argo CD users see.
import type { Issue, Severity } from '../issues.js';
import type { FileRef } from '../kube.js';
import { count } from '../text.js';

interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Result {
  message: string;
  /** Always explicit: kpt prints a result without severity as [info] although the spec defaults to error. */
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: { path: string };
  file?: FileRef;
}

export function resourceRefOf(value: unknown): ResourceRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { apiVersion, kind, metadata } = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof kind !== 'string') return undefined;
  const ref: ResourceRef = {
    apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
    kind,
    name: typeof metadata?.name === 'string' ? metadata.name : '',
  };
  if (typeof metadata?.namespace === 'string' && metadata.namespace !== '') ref.namespace = metadata.namespace;
  return ref;
}

/** A result about `subject` (a profile, the config): its reference, the field, its file. */
export function toResult(subject: unknown, issue: Issue, file: FileRef | undefined): Result {
  const resourceRef = resourceRefOf(subject);
  return {
    message: issue.message,
    severity: issue.severity,
    ...(resourceRef ? { resourceRef } : {}),
    // The spec requires a resourceRef whenever a field is given.
    ...(resourceRef && issue.field ? { field: { path: issue.field } } : {}),
    ...(file ? { file } : {}),
  };
}

/** kpt's format: "[error] group/version/Kind/namespace/name field: message (file)". */
function formatResult(result: Result): string {
  const ref = result.resourceRef;
  const subject = ref ? [ref.apiVersion, ref.kind, ref.namespace, ref.name].filter((part) => part).join('/') : '';
  const where = [subject, result.field?.path].filter((part) => part).join(' ');
  const file = result.file ? ` (${result.file.path}${result.file.index ? ` #${result.file.index}` : ''})` : '';
  return `[${result.severity}] ${where ? `${where}: ` : ''}${result.message}${file}`;
}

/**
 * stderr on success: the warnings, for kustomize (and so Argo CD's logs), which pass a function's
 * stderr on but never show its results.
 */
export function warningSummary(results: readonly Result[]): string {
  const warnings = results.filter((result) => result.severity === 'warning');
  if (warnings.length === 0) return '';
  return [...warnings.map(formatResult), `vmprofile: ${count(warnings.length, 'warning')}; rendered`].join('\n') + '\n';
}

/** stderr on failure: every error and warning, then a one-line summary. */
export function failureSummary(results: readonly Result[], echoed = true): string {
  const shown = results.filter((result) => result.severity !== 'info');
  const errors = shown.filter((result) => result.severity === 'error').length;
  const warnings = shown.length - errors;
  const lines = shown.map(formatResult);
  const outcome = echoed ? 'nothing was rendered and the input was returned unchanged' : 'nothing was rendered';
  lines.push(`vmprofile: ${count(errors, 'error')}${warnings ? `, ${count(warnings, 'warning')}` : ''}; ${outcome}`);
  return lines.join('\n') + '\n';
}
