// How `vmprofile status` prints statuses: a kubectl-style table (wide: with node and addresses),
// YAML or JSON. Pure: statuses in, text out.
import { stringify } from 'yaml';
import type { ProfileStatus, StatusItem } from './compute.js';

export type Format = 'table' | 'wide' | 'yaml' | 'json';
export const FORMATS: readonly Format[] = ['table', 'wide', 'yaml', 'json'];

const HEADER = ['NAMESPACE', 'NAME', 'PHASE', 'READY', 'NETWORKS', 'VOLUMES'];
const WIDE = ['NODE', 'IPS'];

/** One line of the table's last column: why the profile is not simply running and ready. */
export function summary(status: ProfileStatus): string {
  const ready = status.conditions.find((c) => c.type === 'Ready')!;
  if (ready.status === 'True') {
    const other = status.conditions.find((c) => c.status !== 'True');
    return other ? other.message : '';
  }
  return status.phase === 'Error' ? `${ready.reason}: ${ready.message}` : ready.message;
}

function cells(item: StatusItem, wide: boolean): string[] {
  const { status } = item;
  const slash = item.profile.indexOf('/');
  const ready = status.conditions.find((c) => c.type === 'Ready')!.status;
  const bound = status.volumes.filter((volume) => volume.bound).length;
  const row = [item.profile.slice(0, slash), item.profile.slice(slash + 1), status.phase, ready, `${item.networksConfigured}/${status.networks.length}`, `${bound}/${status.volumes.length}`];
  if (wide) {
    const ips = status.networks.flatMap((network) => (network.ipAddress ? [network.ipAddress] : []));
    row.push(status.nodeName ?? '<none>', ips.length > 0 ? ips.join(',') : '<none>');
  }
  row.push(summary(status).replace(/\s*\n\s*/g, ' '));
  return row;
}

export function table(items: readonly StatusItem[], wide: boolean): string {
  return new TableWriter(wide).rows(items);
}

/**
 * kubectl's layout: columns three spaces apart, the last one unpadded. Widths are fixed by the header
 * and the first rows, so rows printed later under --watch line up with them (a longer cell pushes
 * the rest of its row to the right, still three spaces on).
 */
export class TableWriter {
  private widths: number[] | undefined;
  constructor(private readonly wide: boolean) {}

  rows(items: readonly StatusItem[]): string {
    const head = [...HEADER, ...(this.wide ? WIDE : []), 'MESSAGE'];
    const rows = items.map((item) => cells(item, this.wide));
    const first = this.widths === undefined;
    if (first) this.widths = head.slice(0, -1).map((_, i) => Math.max(...[head, ...rows].map((row) => row[i]!.length)));
    const widths = this.widths!;
    return (first ? [head, ...rows] : rows).map((row) => `${row.map((cell, i) => (i < widths.length ? `${cell.padEnd(widths[i]!)}   ` : cell)).join('').trimEnd()}\n`).join('');
  }
}

/** What -o json and -o yaml print: {items: [{profile, status}]}. */
export function json(items: readonly StatusItem[]): string {
  return `${JSON.stringify({ items: items.map(plain) }, null, 2)}\n`;
}

export function yaml(items: readonly StatusItem[]): string {
  return document({ items: items.map(plain) });
}

/** Under --watch, one item per change: a JSON line, or a YAML document. */
export function jsonLine(item: StatusItem): string {
  return `${JSON.stringify(plain(item))}\n`;
}

export function yamlDocument(item: StatusItem): string {
  return `---\n${document(plain(item))}`;
}

const plain = ({ profile, status }: StatusItem) => ({ profile, status });

// YAML 1.1 quoting ("True", "on" stay strings for any reader), block style as kubectl prints.
function document(value: unknown): string {
  return stringify(value, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0, indentSeq: false });
}
