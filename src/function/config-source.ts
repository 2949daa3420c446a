// The function config in one pass: find it (the functionConfig in transformer mode and kpt; a file
// named with --config or by a generator profile's vm.example.com/config annotation), parse it, apply
// the overrides from the environment and Argo CD parameters. Files are read through a callback.
import { type Config, DEFAULT_CONFIG, configSourceOf, readConfig, wrongKind } from '../config/schema.js';
import { applyOverrides, readOverrides } from '../config/overrides.js';
import { error } from '../issues.js';
import { CONFIG_FILE_ANNOTATION, type FileRef, annotationsOf, fileOf } from '../kube.js';
import { InputError, type Item, singleDocument, toPlain } from './resource-list.js';
import { type Result, resourceRefOf, toResult } from './results.js';

export interface ConfigOptions {
  /** `--config FILE`. */
  configPath?: string;
  /** Reads a file (relative paths from the working directory); without it no file can be named. */
  readFile?: (path: string) => string;
  /** The process environment: VMPROFILE_*, ARGOCD_ENV_VMPROFILE_* and ARGOCD_APP_PARAMETERS override settings. */
  environment?: Readonly<Record<string, string | undefined>>;
}

interface ResolvedConfig {
  config: Config;
  results: Result[];
}

/** The config object and where it came from; no object: the defaults. */
type Found = { object?: unknown; file?: FileRef | undefined } | { problem: Result };

export function resolveConfig(functionConfig: unknown, items: readonly Item[], options: ConfigOptions): ResolvedConfig {
  const found = findConfig(functionConfig, items, options);
  const results: Result[] = [];
  let config = DEFAULT_CONFIG;
  if ('problem' in found) results.push(found.problem);
  else if (found.object !== undefined) {
    const parsed = readConfig(found.object);
    config = parsed.config;
    results.push(...parsed.issues.map((issue) => toResult(found.object, issue, found.file)));
  }
  const { overrides, issues } = readOverrides(options.environment ?? {});
  const applied = applyOverrides(config, overrides);
  results.push(...[...issues, ...applied.issues].map((issue) => toResult(undefined, issue, undefined)));
  return { config: applied.config, results };
}

function findConfig(functionConfig: unknown, items: readonly Item[], options: ConfigOptions): Found {
  const source = configSourceOf(functionConfig);
  const problem = (message: string): Found => ({ problem: toResult(functionConfig, { severity: 'error', message }, fileOf(functionConfig)) });
  if (source === 'config' || source === 'configmap') {
    if (options.configPath !== undefined) return problem(`the function config is given twice: as functionConfig and with --config ${options.configPath}; keep one`);
    return { object: functionConfig, file: fileOf(functionConfig) };
  }
  // Any other kind: parsing says it is the wrong one.
  if (source === undefined) return { object: functionConfig, file: fileOf(functionConfig) };
  let path = options.configPath;
  let namedBy: unknown;
  if (source === 'profile') {
    // kustomize generator mode passes the profile as both functionConfig and item; a profile listed
    // under transformers: would silently do nothing, so say so.
    const { name, namespace } = resourceRefOf(functionConfig) ?? {};
    const asItem = items.some((item) => {
      const ref = resourceRefOf(item.value);
      return ref?.kind === 'VirtualMachineProfile' && ref.name === name && ref.namespace === namespace;
    });
    if (!asItem) {
      return problem(
        'the function config is a VirtualMachineProfile that is not among the items: list profiles under resources: and a VirtualMachineProfileConfig under transformers:, or put the profile itself under generators:',
      );
    }
    const named = annotationsOf(functionConfig)[CONFIG_FILE_ANNOTATION];
    if (path === undefined && typeof named === 'string' && named !== '') {
      path = named;
      namedBy = functionConfig;
    }
  }
  return path === undefined ? {} : loadConfigFile(path, options.readFile, namedBy);
}

/** `namedBy`: the generator profile whose annotation names the file; else --config named it. */
function loadConfigFile(path: string, readFile: ConfigOptions['readFile'], namedBy?: unknown): Found {
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
    if (namedBy === undefined) return { problem: { severity: 'error', message: `config file ${path}: ${err.message}`, file } };
    // The profile and its annotation asked for the file: the problem is theirs to fix.
    const issue = error(
      `metadata.annotations[${JSON.stringify(CONFIG_FILE_ANNOTATION)}]`,
      `names the config file ${path}: ${err.message} (the path is relative to the kustomization's folder, where kustomize runs the function)`,
    );
    return { problem: toResult(namedBy, issue, fileOf(namedBy)) };
  }
  const kind = configSourceOf(object);
  // Where a config belongs, a profile (or nothing) is as wrong as any other kind.
  if (kind !== 'config' && kind !== 'configmap') return { problem: toResult(object, wrongKind(object), file) };
  return { object, file };
}
