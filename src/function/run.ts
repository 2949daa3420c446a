// The KRM function: ResourceList in → ResourceList out (SPEC §2, §6), along the pipeline
// read → validate → expand → write. Pure: main.ts does the process I/O and passes in what it knows
// of the process (the debug flag, the input limit).
import type { YAMLMap } from 'yaml';
import { type Generated, expand } from '../expand/index.js';
import type { GeneratedObject } from '../expand/types.js';
import { checkGeneratedNames, checkPlan } from '../plan/checks.js';
import { planRender } from '../plan/index.js';
import { type ConfigOptions, resolveConfig } from './config-source.js';
import { type InputLimit, MAX_INPUT_BYTES_CAP, tooLargeMessage } from './limits.js';
import { renderedNotes, outputItems } from './output.js';
import { lookAlikeIssue } from './kinds.js';
import { locate } from './locate.js';
import { type ItemResult, type OrderedResult, type Role, fileOfItem, roleOf, resultsFor, validateProfiles } from './profiles.js';
import { reconcile } from './reconcile.js';
import { InputError, type Item, RESOURCE_LIST_API_VERSION, readResourceList, writeResourceList } from './resource-list.js';
import { type Result, failureSummary, toResult, warningSummary } from './results.js';
import { PACKAGE_PATH, annotationsOf } from '../kube.js';

export interface RunOptions extends ConfigOptions {
  /** Internal errors carry a stack trace (VMPROFILE_DEBUG). */
  debug?: boolean;
  /** Larger input is refused before it is parsed. */
  inputLimit?: InputLimit;
}

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1;
}

export function runFunction(input: string, options: RunOptions = {}): RunOutput {
  let list;
  try {
    const limit = options.inputLimit ?? { bytes: MAX_INPUT_BYTES_CAP };
    if (input.length > limit.bytes) throw new InputError(tooLargeMessage('the input', limit));
    list = readResourceList(input);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return unreadableInput(err.message);
  }
  const echo = (results: Result[]): RunOutput => ({
    stdout: writeResourceList(list.apiVersion, list.items.map((item) => item.node), results),
    stderr: failureSummary(results),
    exitCode: 1,
  });
  try {
    const outcome = transform(list.items, list.functionConfig, options);
    const results = outcome.results.map(({ result }) => result);
    if (outcome.failed) return echo(results);
    // kpt prints the results itself, and stderr a second time.
    const underKpt = list.items.some((item) => annotationsOf(item.value)[PACKAGE_PATH] !== undefined);
    return { stdout: writeResourceList(list.apiVersion, outcome.items, results), stderr: underKpt ? '' : warningSummary(results), exitCode: 0 };
  } catch (err) {
    return echo([internalError(err, options.debug)]);
  }
}

/** The answer when the input cannot be read at all (there are no items to echo). */
export function unreadableInput(message: string): RunOutput {
  const results: Result[] = [{ severity: 'error', message }];
  return { stdout: writeResourceList(RESOURCE_LIST_API_VERSION, [], results), stderr: failureSummary(results, false), exitCode: 1 };
}

/** A bug must not lose the user's items: they are echoed, and this says what happened. */
export function internalError(err: unknown, debug = false): Result {
  const detail = debug && err instanceof Error ? err.stack : String(err instanceof Error ? err.message : err);
  return { severity: 'error', message: `internal error: ${detail}; please report it (set VMPROFILE_DEBUG=1 for a stack trace)` };
}

interface Outcome {
  failed: boolean;
  /** Output items: pass-through nodes, kept profiles, generated objects (empty when failed). */
  items: (YAMLMap | GeneratedObject)[];
  /** Config results first, then per item in input order (by position within it), notes on removed objects last. */
  results: ItemResult[];
}

/**
 * `configItem`: the item the function config was read from, when it was one of the files read
 * (vmprofile render), so its problems can name their line.
 */
export function transform(items: readonly Item[], functionConfig: unknown, options: ConfigOptions, configItem?: Item): Outcome {
  const { config, results: configResults } = resolveConfig(functionConfig, items, options);
  const roles = items.map((item) => roleOf(item.value));
  const profiles = validateProfiles(items, roles);
  const plan = planRender([...profiles.valid.keys()], config);
  const generated: Generated[] = expand(plan, config);
  // A config with errors is replaced by the defaults: checks against those would report problems the
  // real config does not have (a bridge without uplink after a misspelt defaultUplink).
  const configFailed = configResults.some((result) => result.severity === 'error');
  const problems = configFailed ? [] : [...checkPlan(plan, config), ...checkGeneratedNames(generated)];
  const existing = reconcile(items, roles, generated, profiles);

  const ordered: OrderedResult[] = [
    // Results about the config object (not those about the environment) are about configItem.
    ...configResults.map((result) => ({ order: -1, result, ...(configItem && result.resourceRef && !result.file ? { item: configItem } : {}) })),
    ...profiles.results,
    ...lookAlikes(items, roles),
    ...problems.flatMap((problem) => resultsFor(profiles.valid.get(problem.owner)!, [problem])),
    ...existing.results,
  ];
  if (config.failOnWarnings) for (const { result } of ordered) if (result.severity === 'warning') Object.assign(result, strict(result));
  const results: ItemResult[] = inSourceOrder(ordered).map(({ result, item }) => (item ? { result, item } : { result }));
  if (results.some(({ result }) => result.severity === 'error')) return { failed: true, items: [], results };
  return {
    failed: false,
    items: outputItems(items, roles, existing.dropped, generated, profiles.valid, config, warningsByEntry(ordered)),
    results: [...results, ...renderedNotes(profiles.entries, profiles.valid, generated)],
  };
}

/** Items that look like profiles or configs with a typo, as errors (they would pass through unrendered). */
function lookAlikes(items: readonly Item[], roles: readonly Role[]): OrderedResult[] {
  return items.flatMap((item, order) => {
    const issue = roles[order] === 'other' ? lookAlikeIssue(item.value) : undefined;
    return issue ? [{ order, result: toResult(item.value, issue, fileOfItem(item)), item }] : [];
  });
}

/** By item in input order, then by where the field is in the item's source (a stable sort). */
function inSourceOrder(results: OrderedResult[]): OrderedResult[] {
  const at = ({ result, item }: OrderedResult) => (item ? locate(item.node, result.field?.path ?? '') : 0);
  return results
    .map((entry) => ({ entry, offset: at(entry) }))
    .sort((a, b) => a.entry.order - b.entry.order || a.offset - b.offset)
    .map(({ entry }) => entry);
}

function strict(result: Result): Result {
  return { ...result, severity: 'error', message: `${result.message} (an error because failOnWarnings is set)` };
}

/** Each profile item's warnings, for the annotation on its VM. */
function warningsByEntry(results: readonly OrderedResult[]): Map<Item, Result[]> {
  const out = new Map<Item, Result[]>();
  for (const { result, item } of results) {
    if (result.severity !== 'warning' || !item) continue;
    const list = out.get(item);
    if (list) list.push(result);
    else out.set(item, [result]);
  }
  return out;
}
