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
 * (`metric:tokens_per_s`, empty when not simulated), and the error.
 */
export function summaryCsv(records: readonly PointRecord[], paramPaths: readonly string[]): string {
  const metrics = METRIC_NAMES.filter((m) => records.some((r) => r.metrics && m in r.metrics));
  const header = ['hash', 'status', ...paramPaths.map((p) => `param:${p}`), ...metrics.map((m) => `metric:${m}`), 'error'];
  const rows = records.map((r) => [r.hash, r.status, ...paramPaths.map((p) => r.params[p]), ...metrics.map((m) => r.metrics?.[m] ?? null), r.error].map(cell).join(','));
  return [header.map(cell).join(','), ...rows].join('\n') + '\n';
}
