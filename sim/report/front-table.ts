import { stringify } from 'yaml';
import { helpers } from './chart-helpers.ts';
import { escapeHtml } from './html-page.ts';
import type { MetricInfo } from './metric-catalogue.ts';

/**
 * The table of the front: one row per design with its swept parameters (a cell that differs
 * from the base arch is marked), its metrics, its diff against the base YAML, and its full
 * arch as YAML behind a copy button. Every cell carries its raw value in `data-v` so the
 * page sorts numerically; clicking a header sorts by that column.
 */
export interface FrontRow {
  i: number;
  hash: string;
  params: Record<string, number | string | boolean | null>;
  metrics: Record<string, number | boolean | null>;
  /** The full arch (base + params), or null without the sweep's base arch. */
  arch: Record<string, unknown> | null;
}

export function frontTable(rows: FrontRow[], params: string[], metrics: MetricInfo[], base: Record<string, unknown> | null, sweepName: string): string {
  const head =
    '<tr><th class="num"><button class="sort" type="button">#</button></th>' +
    params.map((p) => `<th class="num wrap" data-param="${escapeHtml(p)}"><button class="sort" type="button">${breakable(p)}</button></th>`).join('') +
    metrics.map((m) => `<th class="num wrap" data-metric="${escapeHtml(m.key)}" title="${escapeHtml(m.label)}${m.unit ? ` (${escapeHtml(m.unit)})` : ''}"><button class="sort" type="button">${escapeHtml(m.short)}</button></th>`).join('') +
    '<th><button class="sort" type="button">vs base arch</button></th><th>full arch</th></tr>';
  const short = shortNames(params);
  const decimals = Object.fromEntries(metrics.map((m) => [m.key, columnFormat(rows.map((r) => r.metrics[m.key]).filter((v): v is number => typeof v === 'number').map((v) => v * m.scale))]));
  const body = rows
    .map((r, n) => {
      const diffs = base ? params.filter((p) => !sameValue(valueAt(base, p), r.params[p])) : [];
      const cells = [`<td class="num" data-v="${n + 1}">${n + 1}</td>`];
      for (const p of params) {
        const v = r.params[p];
        const changed = diffs.includes(p);
        cells.push(`<td class="num${changed ? ' changed' : ''}" data-v="${escapeHtml(String(v))}">${escapeHtml(typeof v === 'number' ? helpers.fmtNumber(v, 6) : String(v))}</td>`);
      }
      for (const m of metrics) {
        const v = r.metrics[m.key];
        const shown = typeof v === 'number' ? v * m.scale : null;
        cells.push(`<td class="num" data-v="${shown ?? ''}">${typeof v === 'boolean' ? (v ? 'yes' : 'no') : decimals[m.key]!(shown)}</td>`);
      }
      const diffText = base ? (diffs.length ? diffs.map((p) => `<span title="${escapeHtml(p)}">${escapeHtml(short[p]!)}</span> ${escapeHtml(String(valueAt(base, p)))}&#8202;→&#8202;<b>${escapeHtml(String(r.params[p]))}</b>`).join('<br>') : 'same as base') : '—';
      cells.push(`<td class="diff" data-v="${diffs.length}">${diffText}</td>`);
      if (r.arch) {
        const id = `yaml-${r.i}`;
        const yaml = `# ${sweepName}: design point ${r.hash.slice(0, 12)} — the base arch with ${params.map((p) => `${p} = ${String(r.params[p])}`).join(', ')}\n${stringify(r.arch)}`;
        cells.push(`<td class="arch"><button class="copy" type="button" data-yaml="${id}">copy YAML</button><details><summary>YAML</summary><textarea id="${id}" class="yaml" readonly rows="16" cols="64">${escapeHtml(yaml)}</textarea></details></td>`);
      } else cells.push('<td class="note">no base arch in sweep.lock.json</td>');
      return `<tr data-i="${r.i}">${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table class="data sortable front-table"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** One number format for a column: as many decimals as its largest value needs for 4 significant digits (at most 4). */
export function columnFormat(values: number[]): (v: number | null) => string {
  const max = Math.max(0, ...values.map(Math.abs).filter(Number.isFinite));
  const d = max >= 1000 ? 0 : max >= 100 ? 1 : max >= 10 ? 2 : max >= 1 ? 3 : 4;
  return (v) => (v === null || !Number.isFinite(v) ? helpers.fmtNumber(v) : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
}

/** A dotted path with line-break opportunities after its dots. */
export function breakable(path: string): string {
  return escapeHtml(path).replace(/([._])/g, '$1<wbr>');
}

/** Each path's last segment, or more of it where two paths would read the same. */
export function shortNames(paths: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    const parts = p.split('.');
    let n = 1;
    const tail = (q: string, k: number) => q.split('.').slice(-k).join('.');
    while (n < parts.length && paths.some((q) => q !== p && tail(q, n) === tail(p, n))) n++;
    out[p] = tail(p, n);
  }
  return out;
}

/** The value at a dotted path of a plain object (undefined when absent). */
export function valueAt(obj: Record<string, unknown>, path: string): unknown {
  let node: unknown = obj;
  for (const k of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
