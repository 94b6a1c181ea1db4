import { basename, resolve } from 'node:path';
import { prefersLog } from './axes.ts';
import { helpers } from './chart-helpers.ts';
import { breakable, frontTable, type FrontRow } from './front-table.ts';
import { escapeHtml, renderPage } from './html-page.ts';
import { axisTitle, metricInfo, paramInfo, type MetricInfo } from './metric-catalogue.ts';
import { OKABE_ITO, CATEGORICAL, SEQUENTIAL } from './palette.ts';
import { drawParallelCoordinates, type PcAxis } from './parallel-coordinates.ts';
import { drawParamEffects } from './param-effect-charts.ts';
import { drawParetoScatter, SCATTER_GEOMETRY } from './pareto-scatter.ts';
import { PUBLISHED_POINTS } from './published-points.ts';
import { PUBLISHED_PREDICTIONS } from './published-predictions.ts';
import type { ScatterModel, ScatterState } from './scatter-layout.ts';
import { pointArch, readSweepDir, type Objective, type SweepInput, type SweepPoint } from './sweep-input.ts';

/**
 * The sweep report: one HTML page from a sweep's output directory — the Pareto scatter
 * (any two metrics, coloured by any parameter, the literature on it), parallel coordinates of
 * every point, each knob against tokens/J, the front as a sortable table with each design's
 * diff against the base arch and its full YAML, and the points that did not make it and why.
 */
const DEFAULT_OBJECTIVES: Objective[] = [
  { metric: 'tokens_per_s', direction: 'max' },
  { metric: 'power_w.total', direction: 'min' },
];
/** The contract's `bounds` of a pruned point, as the metrics they bound. */
const BOUND_METRIC: Record<string, string> = { tokens_per_s: 'tokens_per_s', power_w: 'power_w.total' };
const TABLE_METRICS = ['tokens_per_joule', 'ddr.utilization', 'resources.logic.utilisation', 'resources.bram.utilisation'];
const TIP_METRICS = ['tokens_per_s', 'power_w.total', 'tokens_per_joule', 'energy_per_token_j', 'power_w.fpga_total', 'cycles_per_token', 'ddr.bandwidth_gbs', 'ddr.utilization', 'feasible', 'fidelity.top1_agreement'];

export function sweepReportFromDir(dir: string): string {
  return sweepReport(readSweepDir(dir));
}

export function sweepReport(input: SweepInput): string {
  const { points, pareto, lock } = input;
  const objectives = pareto?.objectives ?? DEFAULT_OBJECTIVES;
  const frontHashes = new Set(pareto?.points.map((p) => p.hash) ?? []);
  const name = typeof (lock?.spec as { name?: unknown } | undefined)?.name === 'string' ? String((lock!.spec as { name: string }).name) : basename(resolve(input.dir));

  // Every numeric metric any point has, objectives first; an objective's declared direction wins.
  const keys: string[] = [];
  const add = (k: string) => {
    if (!keys.includes(k)) keys.push(k);
  };
  objectives.forEach((o) => add(o.metric));
  for (const p of points) for (const [k, v] of Object.entries(p.metrics)) if (typeof v === 'number') add(k);
  const metrics: Record<string, MetricInfo> = {};
  for (const k of keys) metrics[k] = metricInfo(k);
  for (const o of objectives) metrics[o.metric] = { ...metrics[o.metric]!, direction: o.direction };

  const y = objectives[0]!.metric;
  const x = objectives[1]?.metric ?? (y === 'power_w.total' ? 'tokens_per_s' : 'power_w.total');
  const counts: Record<string, number> = {};
  // Marks drawn (a confirmation is one more), and design points (it is a second result of one).
  for (const p of points) counts[p.status] = (counts[p.status] ?? 0) + 1;
  const designCounts: Record<string, number> = {};
  for (const p of points) if (p.confirms === null) designCounts[p.status] = (designCounts[p.status] ?? 0) + 1;

  const model: ScatterModel & { points: (ScatterModel['points'][number] & Record<string, unknown>)[] } = {
    points: points.map((p) => ({
      i: p.index,
      hash: p.hash,
      status: p.status,
      front: frontHashes.has(p.hash),
      params: p.params,
      metrics: Object.fromEntries(Object.entries(p.metrics).filter((e): e is [string, number] => typeof e[1] === 'number')),
      raw: p.metrics,
      bounds: p.bounds ? Object.fromEntries(Object.entries(BOUND_METRIC).flatMap(([b, m]) => (typeof (p.bounds as Record<string, unknown>)[b] === 'number' ? [[m, (p.bounds as Record<string, number>)[b]!]] : []))) : null,
      error: p.error,
      dominated_by: p.dominated_by,
      confirms: p.confirms,
    })),
    published: PUBLISHED_POINTS.map((q) => ({ ...q, metrics: { ...q.metrics }, predicted: predictedOf(q.id) })),
    metrics,
    paretoAxes: pareto && objectives.length >= 2 ? { x, y } : null,
    constraints: (pareto?.constraints ?? []).flatMap((c) => simpleConstraint(c, metrics)),
    palette: { categorical: CATEGORICAL, sequential: SEQUENTIAL, single: OKABE_ITO.blue },
  };
  const shownValues = (k: string) => points.flatMap((p) => (typeof p.metrics[k] === 'number' ? [(p.metrics[k] as number) * metrics[k]!.scale] : []));
  const logDefault = Object.fromEntries(keys.map((k) => [k, prefersLog(shownValues(k))]));
  const colour = input.params.find((k) => new Set(points.map((p) => JSON.stringify(p.params[k]))).size > 1) ?? input.params[0] ?? null;
  const state: ScatterState = { x, y, colour, logX: logDefault[x] ?? false, logY: logDefault[y] ?? false, showPublished: true, fitPublished: false };
  const scatter = drawParetoScatter(model, state, counts, colour ?? '');

  // Parallel coordinates: parameters, then objectives (and tokens/J).
  const shown = (p: SweepPoint, k: string): number | null => {
    const v = p.metrics[k];
    if (typeof v === 'number') return v * metrics[k]!.scale;
    const b = model.points[p.index]!.bounds?.[k];
    return typeof b === 'number' ? b * metrics[k]!.scale : null;
  };
  const pcMetrics = [...objectives.map((o) => o.metric), ...(keys.includes('tokens_per_joule') && !objectives.some((o) => o.metric === 'tokens_per_joule') ? ['tokens_per_joule'] : [])];
  const pcAxes: PcAxis[] = [
    ...input.params.map((k) => ({ key: k, title: k, unit: paramInfo(k).unit, kind: 'param' as const, values: points.map((p) => p.params[k] ?? null) })),
    ...pcMetrics.map((k) => ({ key: k, title: metrics[k]!.label, unit: metrics[k]!.unit, kind: 'metric' as const, values: points.map((p) => shown(p, k)) })),
  ];
  const parallel = drawParallelCoordinates(pcAxes, points.map((p) => ({ i: p.index, status: p.status, front: frontHashes.has(p.hash) })));

  const effects = keys.includes('tokens_per_joule')
    ? drawParamEffects(
        input.params.map((k) => paramInfo(k)),
        points.map((p) => ({ i: p.index, status: p.status, front: frontHashes.has(p.hash), params: p.params, y: p.status === 'ok' || p.status === 'infeasible' ? shown(p, 'tokens_per_joule') : null })),
        axisTitle(metrics['tokens_per_joule']!),
      )
    : [];

  // The front's rows: pareto.json's points, or (without it) the 2-D front of the default axes.
  const frontPoints = pareto
    ? pareto.points.flatMap((fp) => points.filter((p) => p.hash === fp.hash).slice(0, 1))
    : helpers
        .front2d(
          points.filter((p) => p.status === 'ok' && typeof p.metrics[x] === 'number' && typeof p.metrics[y] === 'number').map((p) => ({ p, x: p.metrics[x] as number, y: p.metrics[y] as number })),
          metrics[x]!.direction,
          metrics[y]!.direction,
        )
        .map((t) => t.p);
  const tableMetrics = [...new Set([...objectives.map((o) => o.metric), ...TABLE_METRICS])].filter((k) => keys.includes(k)).map((k) => metrics[k]!);
  const rows: FrontRow[] = frontPoints.map((p) => ({ i: p.index, hash: p.hash, params: p.params, metrics: p.metrics, arch: pointArch(input, p) }));
  const table = frontTable(rows, input.params, tableMetrics, lock?.base_arch ?? null, name);

  const body = [
    header(input, name, objectives, designCounts, frontPoints, metrics),
    section('pareto-section', 'Pareto front', controls(keys, metrics, input.params, state) + `<figure>${scatter.svg}<figcaption><span id="front-note">${frontNote(scatter.layout.frontSource, scatter.layout.frontCount)}</span> Hover a point for its parameters and metrics; it is highlighted in every chart. Pruned points sit at their optimistic bounds (they were never simulated); failed points have no metrics and wait in the strip under the axis. Black diamonds are published results (sources below); a hollow diamond at the edge is off the scale — tick "fit published results" to widen the axes.</figcaption></figure>`),
    section('parallel-section', 'Every point, every parameter', `<figure>${parallel}<figcaption>One line per point through its parameters and objectives; the front in vermillion, infeasible points dashed, pruned dotted (through their bounds), failed ones (no metrics) in faint red as far as their parameters go.</figcaption></figure>`),
    effects.length ? section('effects-section', 'Each knob against tokens/J', `<div class="panels">${effects.map((s) => `<figure>${s}</figure>`).join('')}</div><p class="note">Every simulated point (filled: feasible, hollow: infeasible, ringed: on the front); the line joins the best feasible tokens/J at each value — what that knob allows when the others are chosen well. ${points.filter((p) => !(p.status === 'ok' || p.status === 'infeasible') || typeof p.metrics['tokens_per_joule'] !== 'number').length} pruned or failed points have no tokens/J and are not drawn.</p>`) : '',
    section('front-section', `The front (${rows.length} design${rows.length === 1 ? '' : 's'})`, `<p class="note">Click a column to sort. Shaded cells differ from the base arch${lock?.base_arch ? ` (<code>${escapeHtml(String((lock.base_arch as { name?: unknown }).name ?? 'base'))}</code>)` : ''}; "copy YAML" copies the design's full arch, ready for <code>mmfsim run --arch</code>.</p>${table}`),
    section('others-section', 'Points not on the front', othersTable(points, frontHashes, input.params)),
    section('published-section', 'Published results on the scatter', publishedTable()),
    `<footer>mmfsim report of <code>${escapeHtml(input.dir)}</code>${lock?.mmfsim_version ? ` (swept with mmfsim ${escapeHtml(lock.mmfsim_version)})` : ''}. One self-contained file: no network access, no external fonts.</footer>`,
  ].join('\n');

  const data = {
    kind: 'sweep',
    model,
    state,
    geom: SCATTER_GEOMETRY,
    logDefault,
    tipMetrics: TIP_METRICS.filter((k) => keys.includes(k) || k === 'feasible'),
    published: PUBLISHED_POINTS,
  };
  return renderPage({ title: `mmfsim sweep report — ${name}`, body, data });
}

/** `power_w.total <= 20` → a limit line for the scatter; other constraint forms are not drawn. */
function simpleConstraint(text: string, metrics: Record<string, MetricInfo>): { metric: string; value: number; text: string }[] {
  const m = /^\s*([\w.]+)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i.exec(text);
  if (!m) return [];
  const info = metrics[m[1]!] ?? metricInfo(m[1]!);
  const op = { '<=': '≤', '>=': '≥', '<': '<', '>': '>' }[m[2]!]!;
  return [{ metric: m[1]!, value: Number(m[3]), text: `constraint ${op} ${helpers.fmtNumber(Number(m[3]) * info.scale)}${info.unit ? ` ${info.unit}` : ''}` }];
}

function frontNote(source: string, n: number): string {
  return source === 'pareto.json' ? `Front: the ${n} points of pareto.json (the sweep's objectives and constraints).` : `Front: the ${n} feasible points no other beats on both axes, computed in the page.`;
}

function section(id: string, title: string, html: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>\n${html}\n</section>`;
}

function header(input: SweepInput, name: string, objectives: Objective[], counts: Record<string, number>, front: SweepPoint[], metrics: Record<string, MetricInfo>): string {
  const lock = input.lock;
  const best = (k: string) => {
    const vals = front.map((p) => p.metrics[k]).filter((v): v is number => typeof v === 'number');
    if (!vals.length || !metrics[k]) return null;
    const v = metrics[k]!.direction === 'min' ? Math.min(...vals) : Math.max(...vals);
    return `${helpers.fmtNumber(v * metrics[k]!.scale)} ${metrics[k]!.unit}`;
  };
  const failed = (counts['error'] ?? 0) + (counts['timeout'] ?? 0);
  // A confirmed sampled sweep's exact results (each a second result of a design point).
  const confirmations = input.points.filter((p) => p.confirms !== null).length;
  const card = (v: string, k: string) => `<div class="card"><div class="v">${escapeHtml(v)}</div><div class="k">${escapeHtml(k)}</div></div>`;
  const cards = [
    card(String(input.points.length - confirmations), 'points'),
    card(String(counts['ok'] ?? 0), 'simulated, feasible'),
    ...(confirmations > 0 ? [card(String(confirmations), 'confirmed in timing mode')] : []),
    card(String(counts['infeasible'] ?? 0), 'infeasible'),
    card(String(counts['pruned'] ?? 0), 'pruned by bounds'),
    card(String(failed), 'failed'),
    card(String(front.length), 'on the front'),
    ...(input.pareto?.hypervolume !== undefined && input.pareto?.hypervolume !== null ? [card(helpers.fmtNumber(input.pareto.hypervolume, 4), 'hypervolume')] : []),
    ...objectives.flatMap((o) => {
      const b = best(o.metric);
      return b ? [card(b, `best ${metrics[o.metric]!.label} on the front`)] : [];
    }),
  ];
  const model = lock?.model ? `model <code>${escapeHtml(lock.model)}</code>` : 'model unknown (no sweep.lock.json)';
  const baseName = lock?.base_arch && typeof lock.base_arch['name'] === 'string' ? `base arch <code>${escapeHtml(lock.base_arch['name'])}</code>` : 'no base arch';
  const obj = objectives.map((o) => `${o.direction === 'max' ? 'maximise' : 'minimise'} ${escapeHtml(axisTitle(metrics[o.metric] ?? metricInfo(o.metric)))}`).join('; ');
  const cons = input.pareto?.constraints.length ? `; subject to ${input.pareto.constraints.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')}` : '';
  const notes = input.notes.length ? `<div class="banner info">${input.notes.map(escapeHtml).join('<br>')}</div>` : '';
  // The spec's mode, as the sweep resolved it (sweep.lock.json): a sampled sweep's points are estimates.
  const lockSpec = lock?.spec as { mode?: unknown; confirm?: unknown; confirm_margin?: unknown } | undefined;
  const sampled = lockSpec?.mode === 'sampled' ? sampledBanner(lockSpec.confirm === true, typeof lockSpec.confirm_margin === 'number' ? lockSpec.confirm_margin : null, confirmations, input.pareto?.confirmed ?? null) : '';
  return `<header><h1>Sweep report: ${escapeHtml(name)}</h1><p class="sub">${model}, ${baseName}, ${input.params.length} swept parameter${input.params.length === 1 ? '' : 's'} (${input.params.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}). Objectives: ${obj}${cons}.</p>${sampled}${notes}<div class="cards">${cards.join('')}</div></header>`;
}

/** What a sampled sweep's points are: estimates, and (confirmed) which are exact. */
function sampledBanner(confirmed: boolean, margin: number | null, exact: number, check: NonNullable<SweepInput['pareto']>['confirmed'] | null): string {
  const how = 'each point was estimated from the model cut to 1 and 2 layers, every counter carried linearly to all layers (its error against whole simulations is measured in docs/performance.md, "Sampled runs")';
  if (!confirmed) return `<div class="banner" role="note">ESTIMATES: this sweep ran in <code>mode: sampled</code>: ${how}. Confirm the designs that matter with a <code>mode: timing</code> sweep.</div>`;
  const m = margin === null ? 'the margin in sweep.lock.json' : `±${+(100 * margin).toFixed(2)} %`;
  return `<div class="banner" role="note">ESTIMATES, front CONFIRMED: this sweep ran in <code>mode: sampled</code>: ${how}. Then the ${exact} point${exact === 1 ? '' : 's'} that could be on the front if every estimate is within ${m} were simulated again in timing mode (they appear twice: estimate and exact result, whose tip says so); pareto.json's front is of those exact results (docs/explore.md, "Confirming a sampled sweep").${checkNote(check)}</div>`;
}

/** How far the confirmed points' estimates were from their exact results (pareto.json), and a warning beyond the margin. */
function checkNote(check: NonNullable<SweepInput['pareto']>['confirmed'] | null): string {
  if (!check) return '';
  const seen = Object.entries(check.largest_error).map(([m, e]) => `${escapeHtml(m)} ${e === null ? '∞' : `${+(100 * e).toFixed(2)} %`}`).join(', ');
  if (check.margin_exceeded) return `<br>WARNING: an estimate was further from its exact result than the margin (largest: ${seen}): the front may miss a design; run the sweep again with a larger <code>confirm_margin</code>.`;
  return seen ? ` Largest error of the confirmed points' estimates: ${seen}.` : '';
}

function controls(keys: string[], metrics: Record<string, MetricInfo>, params: string[], state: ScatterState): string {
  const options = (selected: string) => keys.map((k) => `<option value="${escapeHtml(k)}"${k === selected ? ' selected' : ''}>${escapeHtml(axisTitle(metrics[k]!))}</option>`).join('');
  const colourOptions = ['<option value="">(one colour)</option>', ...params.map((p) => `<option value="${escapeHtml(p)}"${p === state.colour ? ' selected' : ''}>${escapeHtml(p)}</option>`)].join('');
  const box = (id: string, label: string, on: boolean) => `<label><input type="checkbox" id="${id}"${on ? ' checked' : ''}> ${label}</label>`;
  return `<div class="controls" aria-label="scatter controls">
<label>y <select id="y-axis">${options(state.y)}</select></label>
<label>x <select id="x-axis">${options(state.x)}</select></label>
<label>colour by <select id="colour-by">${colourOptions}</select></label>
${box('log-y', 'log y', state.logY)} ${box('log-x', 'log x', state.logX)} ${box('show-published', 'published results', state.showPublished)} ${box('fit-published', 'fit published results', state.fitPublished)}
</div>`;
}

function othersTable(points: SweepPoint[], front: Set<string>, params: string[]): string {
  const others = points.filter((p) => !front.has(p.hash));
  const okOff = others.filter((p) => p.status === 'ok').length;
  if (others.length === 0) return '<p class="note">Every point is on the front.</p>';
  const lineOf = new Map(points.map((p) => [p.hash, p.index + 1]));
  const by = (hash: string | null) => (hash === null ? '' : lineOf.has(hash) ? ` by line ${lineOf.get(hash)}` : ` by ${hash.slice(0, 10)}…`);
  const why = (p: SweepPoint) =>
    p.status === 'pruned' ? `not simulated: its optimistic bounds are dominated${by(p.dominated_by)}` : p.status === 'ok' ? 'simulated and feasible, dominated by the front' : (p.error ?? '');
  const head = `<tr><th class="num"><button class="sort" type="button">line</button></th><th><button class="sort" type="button">status</button></th>${params.map((k) => `<th class="num wrap"><button class="sort" type="button">${breakable(k)}</button></th>`).join('')}<th><button class="sort" type="button">why</button></th></tr>`;
  // Long simulator messages (the same one for many points) are cut; the whole text is the cell's tooltip.
  const cut = (s: string) => (s.length > 110 ? `${s.slice(0, 107)}…` : s);
  const body = others
    .map((p) => `<tr><td class="num" data-v="${p.index + 1}">${p.index + 1}</td><td>${p.status}</td>${params.map((k) => `<td class="num" data-v="${escapeHtml(String(p.params[k]))}">${escapeHtml(String(p.params[k]))}</td>`).join('')}<td class="why" data-v="${escapeHtml(why(p))}" data-tip="${escapeHtml(why(p))}">${escapeHtml(cut(why(p)))}</td></tr>`)
    .join('\n');
  return `<p class="note">${others.length - okOff} point${others.length - okOff === 1 ? '' : 's'} infeasible, pruned or failed, and ${okOff} simulated feasible point${okOff === 1 ? '' : 's'} dominated by the front. Hover a reason for its whole text.</p><div class="scroll"><table class="data sortable others-table"><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

/** mmfsim's committed prediction of a published design, with the tooltip the scatter shows, or null. */
function predictedOf(id: string): { metrics: Record<string, number>; tip: string } | null {
  const p = PUBLISHED_PREDICTIONS.get(id);
  if (!p) return null;
  const m = p.metrics;
  const fits = p.feasible ? 'fits the device' : `does not fit: ${p.infeasible_reason ?? 'resources overflow'}`;
  const tip = `mmfsim on this design: ${helpers.fmtNumber(m['tokens_per_s']!, 4)} per s, ${helpers.fmtNumber(m['power_w.total']!, 3)} W, ${helpers.fmtNumber(m['tokens_per_joule']!, 3)} per J; ${fits}\n${p.command}`;
  return { metrics: { ...m }, tip };
}

/** The prediction's cells of the published table (empty cells when the design has no config). */
function predictedCells(id: string): string {
  const p = PUBLISHED_PREDICTIONS.get(id);
  if (!p) return '<td class="num">—</td><td class="num">—</td><td>—</td>';
  const fits = p.feasible ? 'yes' : `<span title="${escapeHtml(p.infeasible_reason ?? '')}">no (${escapeHtml(overflowKinds(p))})</span>`;
  return `<td class="num">${helpers.fmtNumber(p.metrics['tokens_per_s']!, 4)}</td><td class="num">${helpers.fmtNumber(p.metrics['power_w.total']!, 3)}</td><td>${fits}</td>`;
}

/** The resource kinds a prediction overflows, e.g. "logic 174 %". */
function overflowKinds(p: { utilisation: Record<string, number> }): string {
  return Object.entries(p.utilisation)
    .filter(([, u]) => u > 1)
    .map(([k, u]) => `${k} ${Math.round(u * 100)} %`)
    .join(', ');
}

function publishedTable(): string {
  const rows = PUBLISHED_POINTS.map(
    (q) =>
      `<tr data-pub="${q.id}"><td>${escapeHtml(q.label)}</td><td><span class="pill ${q.kind}">${q.kind}</span></td><td>${escapeHtml(q.model)}</td><td>${escapeHtml(q.board)}</td><td class="num">${helpers.fmtNumber(q.metrics['tokens_per_s']!, 4)}</td><td class="num">${helpers.fmtNumber(q.metrics['power_w.total']!, 3)}</td><td class="num">${helpers.fmtNumber(q.metrics['tokens_per_joule']!, 3)}</td>${predictedCells(q.id)}<td>${escapeHtml(q.caveat)}<br><span class="note">${escapeHtml(q.source.title)}, arXiv ${escapeHtml(q.source.arxiv)}: ${escapeHtml(q.source.where)}</span></td></tr>`,
  ).join('\n');
  return `<div class="scroll"><table class="data published-table"><thead><tr><th>marker</th><th>kind</th><th>model</th><th>hardware</th><th class="num">tokens/s</th><th class="num">W</th><th class="num">tokens/J</th><th class="num">mmfsim tokens/s</th><th class="num">mmfsim W</th><th>mmfsim fits</th><th>caveat and source</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
