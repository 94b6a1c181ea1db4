import { METRIC_NAMES } from './metrics.ts';
import type { PointRecord } from './point-record.ts';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * OUT/summary.csv: every point one row — hash, status, one column per swept path
 * (`param:core.clock_mhz`; a whole-section value as JSON), one per metric
 * (`metric:tokens_per_s`, empty when not simulated), the error, and — in a confirmed sampled
 * sweep — the hash of the estimate each exact row confirms.
 */
export function summaryCsv(records: readonly PointRecord[], paramPaths: readonly string[]): string {
  const metrics = METRIC_NAMES.filter((m) => records.some((r) => r.metrics && m in r.metrics));
  // A confirmed sampled sweep: a last column names the estimate each exact row confirms.
  const confirms = records.some((r) => r.confirms !== undefined);
  const header = ['hash', 'status', ...paramPaths.map((p) => `param:${p}`), ...metrics.map((m) => `metric:${m}`), 'error', ...(confirms ? ['confirms'] : [])];
  const rows = records.map((r) =>
    [r.hash, r.status, ...paramPaths.map((p) => r.params[p]), ...metrics.map((m) => r.metrics?.[m] ?? null), r.error, ...(confirms ? [r.confirms ?? null] : [])].map(cell).join(','),
  );
  return [header.map(cell).join(','), ...rows].join('\n') + '\n';
}
