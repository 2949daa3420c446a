// The three ways `vmprofile diff` shows impacts: a terminal table, Markdown for a pull-request
// comment, and JSON for tools. Pure: impacts in, text out.
import { count } from '../text.js';
import { type Change, IMPACTS, type Impacts } from './index.js';

const MAX_VALUE = 48;
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/** A value as one short line: scalars as themselves, objects as compact JSON, cut at MAX_VALUE. */
function brief(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const line = oneLine(text);
  return line.length > MAX_VALUE ? `${line.slice(0, MAX_VALUE - 1)}…` : line;
}

function object(change: Change): string {
  return `${change.kind} ${change.namespace ? `${change.namespace}/` : ''}${change.name}`;
}

function values(change: Change): string {
  return change.field === '' ? '' : `${brief(change.before)} → ${brief(change.after)}`;
}

export function summaryLine({ changes, summary }: Impacts): string {
  if (changes.length === 0) return 'no changes';
  return `${count(changes.length, 'change')}: ${IMPACTS.filter((impact) => summary[impact]).map((impact) => `${summary[impact]} ${impact}`).join(', ')}`;
}

export function table(impacts: Impacts): string {
  const rows = impacts.changes.map((c) => [c.impact, c.profile ?? '(shared)', object(c), c.field || '(object)', values(c), oneLine(c.why)]);
  const header = ['IMPACT', 'PROFILE', 'OBJECT', 'FIELD', 'BEFORE → AFTER', 'WHY'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const body = rows.length > 0 ? [line(header), ...rows.map(line)].join('\n') + '\n' : '';
  return `${body}${summaryLine(impacts)}\n`;
}

const cell = (text: string) => oneLine(text).replace(/\|/g, '\\|');

export function markdown(impacts: Impacts): string {
  const title = `### vmprofile diff: ${summaryLine(impacts)}\n`;
  if (impacts.changes.length === 0) return title;
  const rows = impacts.changes.map((c) => `| **${c.impact}** | ${cell(c.profile ?? '(shared)')} | ${cell(object(c))} | ${c.field ? `\`${cell(c.field)}\`` : '(object)'} | ${cell(values(c))} | ${cell(c.why)} |`);
  return `${title}\n| impact | profile | object | field | before → after | why |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

export function json(impacts: Impacts): string {
  return JSON.stringify({ changes: impacts.changes, summary: impacts.summary }, null, 2) + '\n';
}
