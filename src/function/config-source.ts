// Where the function config comes from: the functionConfig (transformer mode, kpt), a file named with
// --config or by a generator profile's vm.example.com/config annotation, then overrides from the
// environment and Argo CD parameters. Files are read through a callback, so this stays pure.
import { type Config, DEFAULT_CONFIG, configSourceOf, readConfig, wrongKind } from '../config/schema.js';
import { applyOverrides, readOverrides } from '../config/overrides.js';
import { CONFIG_FILE_ANNOTATION } from '../expand/meta.js';
import type { Issue } from '../issues.js';
import { type FileRef, annotationsOf, fileOf } from './annotations.js';
import { InputError, type Item, singleDocument, toPlain } from './resource-list.js';
import { type Result, resourceRefOf } from './results.js';

export interface ConfigOptions {
  /** `--config FILE`. */
  configPath?: string;
  /** Reads a file (relative paths from the working directory); without it no file can be named. */
  readFile?: (path: string) => string;
  /** The process environment: VMPROFILE_*, ARGOCD_ENV_VMPROFILE_* and ARGOCD_APP_PARAMETERS override settings. */
  environment?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedConfig {
  config: Config;
  results: Result[];
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

export function resolveConfig(functionConfig: unknown, items: readonly Item[], options: ConfigOptions): ResolvedConfig {
  const base = baseConfig(functionConfig, items, options);
  const { overrides, issues } = readOverrides(options.environment ?? {});
  const applied = applyOverrides(base.config, overrides);
  return { config: applied.config, results: [...base.results, ...[...issues, ...applied.issues].map((issue) => toResult(undefined, issue, undefined))] };
}

function baseConfig(functionConfig: unknown, items: readonly Item[], options: ConfigOptions): ResolvedConfig {
  const source = configSourceOf(functionConfig);
  const fail = (message: string, subject: unknown = functionConfig): ResolvedConfig => ({
    config: DEFAULT_CONFIG,
    results: [toResult(subject, { severity: 'error', message }, fileOf(subject))],
  });
  if (source === 'config' || source === 'configmap') {
    if (options.configPath !== undefined) return fail(`the function config is given twice: as functionConfig and with --config ${options.configPath}; keep one`);
    const { config, issues } = readConfig(functionConfig);
    return { config, results: issues.map((issue) => toResult(functionConfig, issue, fileOf(functionConfig))) };
  }
  let configPath = options.configPath;
  if (source === 'profile') {
    // kustomize generator mode passes the profile as both functionConfig and item; a profile listed
    // under transformers: would silently do nothing, so say so.
    const { name, namespace } = resourceRefOf(functionConfig) ?? {};
    const asItem = items.some((item) => {
      const ref = resourceRefOf(item.value);
      return ref?.kind === 'VirtualMachineProfile' && ref.name === name && ref.namespace === namespace;
    });
    if (!asItem) {
      return fail(
        'the function config is a VirtualMachineProfile that is not among the items: list profiles under resources: and a VirtualMachineProfileConfig under transformers:, or put the profile itself under generators:',
      );
    }
    const named = annotationsOf(functionConfig)[CONFIG_FILE_ANNOTATION];
    if (configPath === undefined && typeof named === 'string' && named !== '') configPath = named;
  } else if (source === undefined) {
    const { issues } = readConfig(functionConfig);
    return { config: DEFAULT_CONFIG, results: issues.map((issue) => toResult(functionConfig, issue, fileOf(functionConfig))) };
  }
  if (configPath === undefined) return { config: DEFAULT_CONFIG, results: [] };
  return readConfigFile(configPath, options.readFile);
}

function readConfigFile(path: string, readFile: ConfigOptions['readFile']): ResolvedConfig {
  const file = { path };
  let object: unknown;
  try {
    if (!readFile) throw new InputError('files cannot be read here');
    let text: string;
    try {
      text = readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(`cannot read it: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
    }
    object = toPlain(singleDocument(text, 'a VirtualMachineProfileConfig or ConfigMap'));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { config: DEFAULT_CONFIG, results: [{ severity: 'error', message: `config file ${path}: ${err.message}`, file }] };
  }
  const kind = configSourceOf(object);
  // Where a config belongs, a profile (or nothing) is as wrong as any other kind.
  const { config, issues } = kind === 'config' || kind === 'configmap' ? readConfig(object) : { config: DEFAULT_CONFIG, issues: [wrongKind(object)] };
  return { config, results: issues.map((issue) => toResult(object, issue, file)) };
}
