import type { SweepSummary } from './run-sweep.ts';

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'object') return String(v);
  // A whole section (a memory) as a swept value: enough to tell the values apart.
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The plain-text summary `mmfsim sweep` prints (without --json): counts, the front, the files. */
export function sweepSummaryText(s: SweepSummary): string {
  const c = s.counts;
  const lines: string[] = [];
  const where = s.queue ? `queue ${s.queue.name} on ${s.queue.redis}` : `${s.workers} worker${s.workers === 1 ? '' : 's'}`;
  lines.push(`sweep          ${s.spec_file} (${s.sample}, mode ${s.mode}, ${where}${s.prune ? ', pruning' : ''})`);
  lines.push(`points         ${s.points}: ${c.ok} ok, ${c.infeasible} infeasible, ${c.pruned} pruned (${(100 * s.pruned_fraction).toFixed(1)}%), ${c.error} error, ${c.timeout} timeout${c.unfinished ? `, ${c.unfinished} unfinished` : ''}`);
  lines.push(`this run       ${s.simulated} simulated, ${s.reused} reused from ${s.out_dir}, ${s.wall_s.toFixed(1)} s${s.stopped ? ' — STOPPED before the end (run again to resume)' : ''}`);
  const objectives = s.objectives.map((o) => `${o.direction} ${o.metric}`).join(', ');
  lines.push(`objectives     ${objectives}${s.constraints.length ? `; constraints: ${s.constraints.join(', ')}` : ''}`);
  lines.push(`hypervolume    ${fmt(s.hypervolume)} (reference point ${s.objectives.map((o) => `${o.metric} = ${fmt(s.reference_point[o.metric])}`).join(', ')})`);
  lines.push(`Pareto front   ${s.front.length} point${s.front.length === 1 ? '' : 's'}${frontNote(s)}`);
  if (s.front.length > 0) {
    const params = Object.keys(s.front[0]!.params);
    const header = [...params, ...s.objectives.map((o) => o.metric), 'hash'];
    const rows = s.front.map((p) => [...params.map((k) => fmt(p.params[k])), ...s.objectives.map((o) => fmt(p.metrics[o.metric])), p.hash.slice(0, 10)]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => '  ' + cells.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
    lines.push(line(header));
    for (const r of rows) lines.push(line(r));
  }
  lines.push(`files          ${s.files.results}, ${s.files.pareto}, ${s.files.summary_csv}`);
  return lines.join('\n') + '\n';
}

/** What the front's figures are: exact, estimates, or exact results of a confirmed sampled sweep. */
function frontNote(s: SweepSummary): string {
  if (s.mode !== 'sampled') return '';
  if (!s.confirmed) return ' — ESTIMATES (mode sampled: docs/performance.md, "Sampled runs"); confirm them with a timing sweep';
  const x = s.confirmed;
  const seen = Object.entries(x.largest_error).map(([m, e]) => `${m} ${fmt(100 * e)} %`).join(', ');
  const check = x.margin_exceeded
    ? `\nWARNING        an estimate was further from its exact result than the margin (largest: ${seen}): the front may miss a design; run again with a larger confirm_margin (finished points are reused)`
    : seen ? ` (largest error seen on them: ${seen})` : '';
  const ruledOut = x.ruled_out > 0 ? ` (${x.ruled_out} more ruled out by exact results as they came)` : '';
  return ` — exact (timing mode): ${x.points} of the ${s.points} estimated points could be on the front if every estimate is within ±${fmt(100 * x.margin)} % and were simulated again${ruledOut}${x.done < x.points ? ` (${x.done} so far)` : ''}; the front is of those results${check}`;
}
