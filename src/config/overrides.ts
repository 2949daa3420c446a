// Settings given outside the config object: environment variables (VMPROFILE_<SETTING>, and
// ARGOCD_ENV_VMPROFILE_<SETTING> as Argo CD passes an Application's plugin.env) and Argo CD plugin
// parameters (ARGOCD_APP_PARAMETERS). Parameters win over the environment, which wins over the file.
import { type Issue, error, formatPath } from '../issues.js';
import { defaultMessage, toIssues } from '../schema-issues.js';
import { compareStrings, describeValue } from '../text.js';
import { type Config, type Leaf, SETTINGS, configSpecSchema, convertSetting, setPath, settingFormatMessage, settingOf } from './schema.js';

interface Override {
  setting: string;
  value: unknown;
  /** Where it came from, for messages: 'environment variable VMPROFILE_CLUSTER_NAME'. */
  source: string;
}

const ENV_PREFIXES = ['ARGOCD_ENV_VMPROFILE_', 'VMPROFILE_'];
/** Variables with our prefix that are not settings (VMPROFILE_DEBUG, and the build's VMPROFILE_CODE_CACHE). */
const NOT_SETTINGS = new Set(['DEBUG', 'CODE_CACHE']);

/** "network.defaultUplink" → "NETWORK_DEFAULT_UPLINK". */
function envName(setting: string): string {
  return setting.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase();
}

const BY_ENV_NAME = new Map([...SETTINGS.keys()].map((setting) => [envName(setting), setting]));

export function readOverrides(env: Readonly<Record<string, string | undefined>>): { overrides: Override[]; issues: Issue[] } {
  const overrides: Override[] = [];
  const issues: Issue[] = [];
  const add = (setting: string, leaf: Leaf, raw: unknown, source: string) => {
    if (leaf === 'map' && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      overrides.push({ setting, value: raw, source });
      return;
    }
    if (typeof raw !== 'string') {
      issues.push(error(undefined, `${source}: must be ${leaf === 'map' ? 'a map or a string' : 'a string'}; got ${describeValue(raw)}`));
      return;
    }
    const value = convertSetting(raw, leaf);
    if (value === undefined) issues.push(error(undefined, `${source}: ${settingFormatMessage(leaf, raw)}`));
    else overrides.push({ setting, value, source });
  };

  for (const [key, raw] of Object.entries(env).sort(([a], [b]) => compareStrings(a, b))) {
    const prefix = ENV_PREFIXES.find((candidate) => key.startsWith(candidate));
    if (!prefix || raw === undefined) continue;
    const name = key.slice(prefix.length);
    if (NOT_SETTINGS.has(name)) continue;
    const setting = BY_ENV_NAME.get(name);
    const source = `environment variable ${key}`;
    if (!setting) issues.push(error(undefined, `${source} is not a vmprofile setting; the variables are ${prefix}${[...BY_ENV_NAME.keys()].join(`, ${prefix}`)}`));
    else add(setting, SETTINGS.get(setting)!, raw, source);
  }

  const parameters = env['ARGOCD_APP_PARAMETERS'];
  if (parameters) {
    let list: unknown;
    try {
      list = JSON.parse(parameters);
    } catch {
      list = undefined;
    }
    if (!Array.isArray(list)) {
      issues.push(error(undefined, 'ARGOCD_APP_PARAMETERS is not the JSON list of parameters Argo CD sends'));
    } else {
      for (const parameter of list as { name?: unknown; string?: unknown; map?: unknown; array?: unknown }[]) {
        const name = String(parameter?.name);
        const source = `Argo CD parameter ${name}`;
        const leaf = SETTINGS.get(name);
        if (!leaf) issues.push(error(undefined, `${source} is not a vmprofile setting; the parameters are ${[...SETTINGS.keys()].join(', ')}`));
        else add(name, leaf, parameter.map ?? parameter.string ?? parameter.array, source);
      }
    }
  }
  return { overrides, issues };
}

/** The config with the overrides applied, validated again; problems name the override's source. */
export function applyOverrides(config: Config, overrides: readonly Override[]): { config: Config; issues: Issue[] } {
  if (overrides.length === 0) return { config, issues: [] };
  const spec = structuredClone(config) as unknown as Record<string, unknown>;
  for (const override of overrides) setPath(spec, override.setting.split('.'), override.value);
  const parsed = configSpecSchema.safeParse(spec, { error: defaultMessage });
  if (parsed.success) return { config: parsed.data, issues: [] };
  const issues = toIssues(parsed.error.issues, configSpecSchema).map((issue) => {
    const setting = settingOf(issue.field ?? '');
    const source = [...overrides].reverse().find((override) => override.setting === setting)?.source ?? formatPath(['setting', setting ?? '']);
    return error(undefined, `${source}: ${issue.message}`);
  });
  return { config, issues };
}
