import { drawBandwidth, type BandwidthRun } from './bandwidth-chart.ts';
import { drawGroupedBars, drawStackedBars, type Series } from './bar-charts.ts';
import { helpers } from './chart-helpers.ts';
import { escapeHtml, renderPage } from './html-page.ts';
import { categorical, OKABE_ITO } from './palette.ts';
import { drawRoofline, type RooflineRun } from './roofline.ts';
import type { RunDoc } from './run-input.ts';

/**
 * The run report: where one run's cycles, bytes and watts went — cycles per pass by layer
 * and by operation, unit busy fractions and stall causes, DRAM bandwidth over time against
 * its peak, a roofline against the run's three bounds, the power breakdown with the
 * provenance of every coefficient, FPGA resources, the generated text and its fidelity.
 * Given several runs it compares them side by side first, then shows each in detail.
 */
export interface NamedRun {
  doc: RunDoc;
  /** Where it came from (a file name), for the footer. */
  source: string;
}

const fmt = helpers.fmtNumber;

export function runReport(runs: NamedRun[]): string {
  if (runs.length === 0) throw new Error('runReport needs at least one run');
  const labels = runLabels(runs.map((r) => r.doc));
  const single = runs.length === 1;
  const parts: string[] = [];
  if (single) {
    parts.push(runHeader(runs[0]!.doc, labels[0]!, 'h1'));
    parts.push(runBody(runs[0]!.doc, labels[0]!, categorical(0), 'h2'));
  } else {
    parts.push(`<header><h1>Comparing ${runs.length} runs</h1><p class="sub">${labels.map((l, k) => `<span class="pill" style="border-color:${categorical(k)}">${escapeHtml(l)}</span>`).join(' ')}</p>${runs.some((r) => r.doc.synthetic_weights) ? syntheticBanner(runs.filter((r) => r.doc.synthetic_weights).map((r, k) => labels[runs.indexOf(r)] ?? String(k))) : ''}</header>`);
    parts.push(compareBody(runs.map((r) => r.doc), labels));
    runs.forEach((r, k) => {
      parts.push(`<section class="run-detail" id="run-${k}"><h2>Run ${k + 1}: ${escapeHtml(labels[k]!)}</h2>${runHeader(r.doc, labels[k]!, null)}${runBody(r.doc, labels[k]!, categorical(k), 'h3')}</section>`);
    });
  }
  parts.push(`<footer>mmfsim run report of ${runs.map((r) => `<code>${escapeHtml(r.source)}</code>`).join(', ')}. One self-contained file: no network access, no external fonts.</footer>`);
  const title = single ? `mmfsim run report — ${labels[0]}` : `mmfsim comparison — ${labels.join(' vs ')}`;
  return renderPage({ title, body: parts.join('\n'), data: { kind: single ? 'run' : 'compare', runs: labels } });
}

/** Distinct labels: the arch name, then the model, then a number. */
export function runLabels(docs: RunDoc[]): string[] {
  const byArch = docs.map((d) => d.arch);
  const withModel = docs.map((d) => (byArch.filter((a) => a === d.arch).length > 1 ? `${d.arch} · ${d.model}` : d.arch));
  return withModel.map((l, k) => (withModel.filter((x) => x === l).length > 1 ? `${l} #${withModel.slice(0, k + 1).filter((x) => x === l).length}` : l));
}

function syntheticBanner(which: string[]): string {
  return `<div class="banner synthetic" role="alert">SYNTHETIC WEIGHTS${which.length ? ` (${which.map(escapeHtml).join(', ')})` : ''}: the model's weights were generated from a seed, not trained — the generated text means nothing. Cycles, bandwidth, power and resources are those of the real shapes.</div>`;
}

/** A sampled run is an estimate: say so above its figures, with the error measured on the shipped configs. */
function sampledBanner(x: NonNullable<RunDoc['sampled']>): string {
  const e = x.error_on_shipped_configs;
  const pct = (v: number) => `${fmt(100 * v)} %`;
  return `<div class="banner" role="note">ESTIMATE (sampled): ${x.simulated_layers.join(' and ')} of the model's ${x.layers} layers were simulated and every counter carried linearly to all of them. On the ${e.configs} shipped configs this was within ${pct(e.max_abs_relative_error.tokens_per_s)} of the whole simulation's tokens/s, ${pct(e.max_abs_relative_error.power_w)} of its power (${escapeHtml(e.source)}). The bandwidth-over-time chart is the ${x.simulated_layers[1]}-layer run's.</div>`;
}

function runHeader(d: RunDoc, label: string, h: 'h1' | null): string {
  const S = d.sequences.length;
  const generated = d.sequences.reduce((a, q) => a + (q.ids?.length ?? 0), 0);
  const title = h ? `<h1>Run report: ${escapeHtml(label)}</h1>` : '';
  const sub = `<p class="sub">model <code>${escapeHtml(d.model)}</code> on <b>${escapeHtml(d.power.device.name)}</b> (${escapeHtml(d.power.device.part)}): ${d.cores} core${d.cores === 1 ? '' : 's'} at ${fmt(d.clock_mhz)} MHz, batch ${d.batch}, ${S} sequence${S === 1 ? '' : 's'}, ${d.prefill.tokens} prompt token${d.prefill.tokens === 1 ? '' : 's'}${d.timing_only ? ', timing only' : `, ${generated} generated`}; ${fmt(d.cycles)} cycles (${fmt(d.time_s * 1e3)} ms simulated).${d.arch_file ? ` Arch: <code>${escapeHtml(d.arch_file)}</code>.` : ''}</p>`;
  const banners = [
    d.synthetic_weights ? syntheticBanner([]) : '',
    d.sampled && d.sampled.simulated_whole === null ? sampledBanner(d.sampled) : '',
    d.timing_only ? '<div class="banner info">Timing only: the datapath computed no values, so there are no generated tokens and no fidelity figures.</div>' : '',
    !d.feasible ? `<div class="banner" role="alert">DOES NOT FIT the FPGA: ${escapeHtml(d.power.infeasible_reason ?? 'resources overflow')}</div>` : '',
  ].join('');
  const card = (v: string, k: string) => `<div class="card"><div class="v">${v}</div><div class="k">${k}</div></div>`;
  const cards = [
    card(`${fmt(d.tokens_per_s)}`, `tokens/s${S > 1 ? ` (all ${S} sequences; ${fmt(d.tokens_per_s_per_sequence)} each)` : ''}`),
    card(`${fmt(d.power_w.total)} W`, `total power (FPGA rail ${fmt(d.power_w.fpga_total)} W)`),
    card(d.tokens_per_joule !== null ? fmt(d.tokens_per_joule) : '—', 'tokens/J'),
    card(fmt(d.cycles_per_token.mean), 'core cycles per generation pass'),
    card(`${fmt(d.ddr.bandwidth_gbs)} GB/s`, d.ddr.utilization !== null ? `DRAM read, ${fmt(100 * d.ddr.utilization)} % of ${fmt(d.ddr.peak_gbs)} peak` : 'DRAM read'),
    card(d.feasible ? 'fits' : 'overflows', `${escapeHtml(d.power.device.name)}`),
  ];
  return `<header>${title}${sub}${banners}<div class="cards">${cards.join('')}</div></header>`;
}

/** Passes of the run: prefill passes and generation passes (one token per sequence each). */
function passes(d: RunDoc): number {
  return Math.max(1, d.prefill.passes.length + d.cycles_per_token.per_token.length);
}

/** per_stage_cycles keys "layer3.glu" → layer "layer 3", kind "glu"; "embed" and "head" are their own. */
function stageTable(d: RunDoc): { rows: string[]; kinds: string[]; value: (row: string, kind: string) => number } {
  const rows: string[] = [];
  const kinds: string[] = [];
  const v = new Map<string, number>();
  for (const [key, cycles] of Object.entries(d.breakdown.per_stage_cycles)) {
    const dot = key.lastIndexOf('.');
    const row = dot < 0 ? key : key.slice(0, dot);
    const kind = dot < 0 ? key : key.slice(dot + 1);
    if (!rows.includes(row)) rows.push(row);
    if (!kinds.includes(kind)) kinds.push(kind);
    v.set(`${row}\u0000${kind}`, (v.get(`${row}\u0000${kind}`) ?? 0) + cycles);
  }
  return { rows, kinds, value: (row, kind) => v.get(`${row}\u0000${kind}`) ?? 0 };
}

const KIND_LABEL: Record<string, string> = { embed: 'embedding', mlgru: 'MLGRU token mixer', glu: 'GLU channel mixer', head: 'final norm + LM head' };
const KIND_COLOUR: Record<string, string> = { embed: OKABE_ITO.yellow, mlgru: OKABE_ITO.blue, glu: OKABE_ITO.orange, head: OKABE_ITO.bluishGreen };

function kindSeries(kinds: string[]): Series[] {
  return kinds.map((k, i) => ({ label: KIND_LABEL[k] ?? k, colour: KIND_COLOUR[k] ?? categorical(i + 4) }));
}

function rowLabel(row: string): string {
  const m = /^layer(\d+)$/.exec(row);
  return m ? `layer ${m[1]}` : (KIND_LABEL[row] ?? row);
}

function runBody(d: RunDoc, label: string, colour: string, h: 'h2' | 'h3'): string {
  const P = passes(d);
  const out: string[] = [];
  const sec = (title: string, html: string) => out.push(`<section><${h}>${escapeHtml(title)}</${h}>${html}</section>`);

  const st = stageTable(d);
  const stacked = drawStackedBars(
    st.rows.map((r) => ({ label: rowLabel(r), values: st.kinds.map((k) => st.value(r, k) / P) })),
    kindSeries(st.kinds),
    { title: 'Cycles per pass by layer', xTitle: 'core cycles per pass (critical path)', unit: 'cycles/pass' },
  );
  const ops = Object.entries(d.breakdown.per_op_busy_cycles).sort((a, b) => b[1] - a[1]);
  const opChart = drawGroupedBars(ops.map(([o]) => o), [{ label: 'busy cycles', colour: OKABE_ITO.blue }], ops.map(([, c]) => [c / P]), {
    title: 'Busy cycles per pass by operation',
    xTitle: `unit busy cycles per pass${d.cores === 1 ? '' : ` (all ${d.cores} cores)`}`,
    unit: 'cycles/pass',
  });
  sec(
    'Where the cycles go',
    `<figure>${stacked}<figcaption>Critical-path core cycles of each stage, averaged over the run's ${P} passes (${d.prefill.passes.length} prefill, ${d.cycles_per_token.per_token.length} generation; one pass = one token for each sequence in it). Stages overlap where the core pipelines them, so the bars sum to about the pass length: ${fmt(d.cycles / P)} cycles.</figcaption></figure><figure>${opChart}<figcaption>Cycles each operation kept its unit busy, per pass, summed over cores. Operations on different units overlap, so these need not add up to the pass.</figcaption></figure>`,
  );

  const units = Object.entries(d.unit_busy_fraction);
  const busy = drawGroupedBars(units.map(([u]) => u), [{ label: 'busy', colour: OKABE_ITO.bluishGreen }], units.map(([, f]) => [100 * f]), { title: 'Unit busy fractions', xTitle: 'busy (% of the run, averaged over cores)', unit: '%', max: 100 });
  const stalls = Object.entries(d.stall_cycles);
  const coreCycles = Math.max(1, d.cycles * d.cores);
  const stallChart = drawGroupedBars(stalls.map(([s]) => s.replace(/_/g, ' ')), [{ label: 'stalled', colour: OKABE_ITO.vermillion }], stalls.map(([, c]) => [(100 * c) / coreCycles]), {
    title: 'Stall causes',
    xTitle: 'stalled (% of the run, averaged over cores)',
    unit: '%',
  });
  sec('Units and stalls', `<figure>${busy}</figure><figure>${stallChart}<figcaption>Issue stalls (unit busy, operand wait, in order) and weight-stream stalls (weight starved: the matmul waiting for weights; FIFO full: the reader waiting for room; memory back-pressure: the memory's queue full). They overlap: a cycle can count in several.</figcaption></figure>`);

  const bw: BandwidthRun[] = d.bandwidth_series ? [{ label, colour, clockMhz: d.clock_mhz, cycles: d.cycles, series: d.bandwidth_series, peakGbs: d.ddr.peak_gbs, meanReadGbs: d.ddr.bandwidth_gbs }] : [];
  sec(
    'DRAM bandwidth over time',
    bw.length
      ? `<figure>${drawBandwidth(bw, { id: `bandwidth-${safeId(label)}` })}<figcaption>Bytes entering the memory per window of ${fmt(d.bandwidth_series!.window_cycles)} core cycles (${fmt((d.bandwidth_series!.window_cycles / d.clock_mhz) )} µs), as GB/s. ${fmtBytes(d.ddr.bytes_read)} read, ${fmtBytes(d.ddr.bytes_written)} written; the peak is the narrower of the DRAM's and the cores' ports.</figcaption></figure>`
      : '<p class="note">This result has no bandwidth_series (written by an older mmfsim): re-run it to see bandwidth over time.</p>',
  );

  const roof: RooflineRun = {
    label,
    colour,
    sequences: d.sequences.length,
    batch: d.batch,
    tokensPerS: d.tokens_per_s,
    prefillTokensPerS: d.prefill.tokens_per_s,
    peakGbs: d.ddr.peak_gbs,
    bounds: d.bounds,
  };
  sec('Roofline', `<figure>${drawRoofline(roof, { width: 760, height: 400 })}<figcaption>${rooflineCaption(d)}</figcaption></figure>`);

  out.push(powerSection(d, h));
  out.push(resourceSection(d, h));
  out.push(outputSection(d, h));
  return out.join('\n');
}

function rooflineCaption(d: RunDoc): string {
  const b = d.bounds;
  const parts = [
    `memory ${fmt(b.memory_bound_tokens_per_s)}`,
    `compute ${fmt(b.compute_bound_tokens_per_s)}`,
    b.latency_bound_tokens_per_s !== null ? `requests in flight ${fmt(b.latency_bound_tokens_per_s)} (each read ≥ ${fmt(b.min_read_latency_ns)} ns)` : null,
  ].filter(Boolean);
  return `Bounds (tokens/s): ${parts.join(', ')}. Intensity is tokens per GB of weights streamed: every pass streams all packed weights once and yields one token per sequence in it, so batching sequences moves a design right, towards the compute roof.`;
}

function powerSection(d: RunDoc, h: 'h2' | 'h3'): string {
  const p = d.power_w;
  const shell = (p.fpga_dynamic_by_unit['shell_logic'] ?? 0) + (p.fpga_dynamic_by_unit['shell_hard_ip'] ?? 0);
  const series: Series[] = [
    { label: 'FPGA static', colour: OKABE_ITO.black },
    { label: 'FPGA dynamic: core units', colour: OKABE_ITO.blue },
    { label: 'FPGA dynamic: shell', colour: OKABE_ITO.skyBlue },
    { label: 'DRAM core (commands)', colour: OKABE_ITO.vermillion },
    { label: 'DRAM background', colour: OKABE_ITO.orange },
    { label: 'DRAM I/O', colour: OKABE_ITO.reddishPurple },
  ];
  const total = drawStackedBars([{ label: 'total', values: [p.fpga_static, p.fpga_dynamic - shell, shell, p.dram_core, p.dram_background, p.dram_io] }], series, { title: 'Power breakdown', xTitle: 'power (W)', unit: 'W' });
  const units = Object.entries(p.fpga_dynamic_by_unit).sort((a, b) => b[1] - a[1]);
  const byUnit = drawGroupedBars(units.map(([u]) => u.replace(/_/g, ' ')), [{ label: 'dynamic', colour: OKABE_ITO.blue }], units.map(([, w]) => [w]), {
    title: 'FPGA dynamic power by unit',
    xTitle: 'dynamic power (W, all cores)',
    unit: 'W',
    // The same colours as the breakdown above: core units and the shell apart.
    categoryColours: units.map(([u]) => (u.startsWith('shell') ? OKABE_ITO.skyBlue : OKABE_ITO.blue)),
  });
  const kinds = new Map<string, number>();
  for (const e of d.provenance) kinds.set(e.provenance, (kinds.get(e.provenance) ?? 0) + 1);
  const rows = [...d.provenance]
    .sort((a, b) => a.coefficient.localeCompare(b.coefficient))
    .map((e) => `<tr><td><code>${escapeHtml(e.coefficient)}</code></td><td class="num" data-v="${typeof e.value === 'number' ? e.value : ''}">${escapeHtml(typeof e.value === 'number' ? fmt(e.value, 4) : JSON.stringify(e.value))}</td><td>${escapeHtml(e.unit ?? '')}</td><td data-v="${escapeHtml(e.provenance)}"><span class="pill ${escapeHtml(e.provenance)}">${escapeHtml(e.provenance)}</span></td><td>${escapeHtml(e.note ?? '')}</td></tr>`)
    .join('\n');
  const th = (t: string, num = false) => `<th${num ? ' class="num"' : ''}><button class="sort" type="button">${t}</button></th>`;
  const notes = d.power.notes.length ? `<p class="note">${d.power.notes.map(escapeHtml).join('<br>')}</p>` : '';
  return `<section><${h}>Power</${h}><figure>${total}<figcaption>${fmt(p.total)} W in all: FPGA core rail ${fmt(p.fpga_total)} W (static ${fmt(p.fpga_static)}, dynamic ${fmt(p.fpga_dynamic)}), DRAM ${fmt(p.dram_core + p.dram_background + p.dram_io)} W; ${d.energy_per_token_j !== null ? `${fmt(d.energy_per_token_j)} J per token` : ''}.</figcaption></figure><figure>${byUnit}</figure>${notes}
<details class="provenance"><summary>Provenance of the ${d.provenance.length} coefficients used: ${[...kinds.entries()].map(([k, n]) => `<span class="pill ${escapeHtml(k)}">${n} ${escapeHtml(k)}</span>`).join(' ')}</summary>
<div class="scroll"><table class="data sortable provenance-table"><thead><tr>${th('coefficient')}${th('value', true)}${th('unit')}${th('provenance')}${th('note')}</tr></thead><tbody>${rows}</tbody></table></div></details></section>`;
}

function resourceSection(d: RunDoc, h: 'h2' | 'h3'): string {
  const res = Object.entries(d.resources).filter(([, r]) => r.available > 0);
  const chart = drawGroupedBars(
    res.map(([k, r]) => `${r.label ?? k} (${fmt(r.used)} of ${fmt(r.available)})`),
    [{ label: 'used', colour: d.feasible ? OKABE_ITO.bluishGreen : OKABE_ITO.vermillion }],
    res.map(([, r]) => [100 * r.utilisation]),
    { title: 'FPGA resource utilisation', xTitle: `utilisation (% of the ${d.power.device.name})`, unit: '%', max: 100, ref: { value: 100, label: 'device full' } },
  );
  return `<section><${h}>FPGA resources</${h}><figure>${chart}<figcaption>Estimated by the resource model for ${d.cores} core${d.cores === 1 ? '' : 's'} and the board's shell${d.feasible ? '' : `; ${escapeHtml(d.power.infeasible_reason ?? '')}`}.</figcaption></figure></section>`;
}

function outputSection(d: RunDoc, h: 'h2' | 'h3'): string {
  const seqs = d.sequences
    .map((q, k) => {
      const tag = d.sequences.length > 1 ? `<b>sequence ${k}</b> · ` : '';
      const text = q.text !== null ? `<div class="text-out">${escapeHtml(q.text)}</div>` : '';
      return `<p>${tag}prompt ids <code>${q.prompt_ids.join(',')}</code> → generated ids <code>${q.ids ? q.ids.join(',') : '(timing only)'}</code>${q.text !== null ? ', decoded:' : ''}</p>${text}`;
    })
    .join('');
  const f = d.fidelity;
  const fid = f
    ? `<p>Fidelity against the integer reference forward pass: <b>${f.exact ? 'exact — every logit bit-identical' : 'drifts'}</b>; top-1 agreement ${fmt(100 * f.top1_agreement)} % over ${f.positions} positions, max logit error ${f.max_logit_error === null ? '∞' : f.max_logit_error === 0 ? '0' : f.max_logit_error.toExponential(3)}.</p>`
    : '<p class="note">No fidelity figures (timing only).</p>';
  return `<section><${h}>Generated text and fidelity</${h}>${d.synthetic_weights ? '<p class="note">Synthetic weights: the text below is noise by construction.</p>' : ''}${seqs}${fid}</section>`;
}

function compareBody(docs: RunDoc[], labels: string[]): string {
  const series: Series[] = labels.map((l, k) => ({ label: l, colour: categorical(k) }));
  const out: string[] = [];
  const sec = (title: string, html: string) => out.push(`<section><h2>${escapeHtml(title)}</h2>${html}</section>`);
  sec('Side by side', compareTable(docs, labels));

  const headline = (title: string, unit: string, f: (d: RunDoc) => number | null) =>
    drawGroupedBars(labels, [{ label: title, colour: OKABE_ITO.blue }], docs.map((d) => [f(d)]), { title, xTitle: `${title} (${unit})`, unit, width: 920, categoryColours: labels.map((_, k) => categorical(k)) });
  sec('Throughput, power, efficiency', [headline('throughput', 'tokens/s', (d) => d.tokens_per_s), headline('total power', 'W', (d) => d.power_w.total), headline('energy efficiency', 'tokens/J', (d) => d.tokens_per_joule)].map((s) => `<figure>${s}</figure>`).join(''));

  const kinds = [...new Set(docs.flatMap((d) => stageTable(d).kinds))];
  const stages = drawStackedBars(
    docs.map((d, k) => {
      const st = stageTable(d);
      const P = passes(d);
      return { label: labels[k]!, values: kinds.map((kind) => st.rows.reduce((a, r) => a + st.value(r, kind), 0) / P) };
    }),
    kindSeries(kinds),
    { title: 'Cycles per pass by stage', xTitle: 'core cycles per pass (critical path)', unit: 'cycles/pass' },
  );
  // Seven operations by their share of the passes, the rest as "other": more colours than
  // the palette has would repeat and mislead.
  const share = (o: string) => docs.reduce((a, d) => a + (d.breakdown.per_op_busy_cycles[o] ?? 0) / passes(d) / Math.max(1, d.cycles / passes(d)), 0);
  const allOps = [...new Set(docs.flatMap((d) => Object.keys(d.breakdown.per_op_busy_cycles)))].sort((a, b) => share(b) - share(a));
  const top = allOps.slice(0, allOps.length > 8 ? 7 : 8);
  const rest = allOps.filter((o) => !top.includes(o));
  const opSeries = [...top.map((o, i) => ({ label: o, colour: categorical(i) })), ...(rest.length ? [{ label: `other (${rest.join(', ')})`, colour: '#a0a0a0' }] : [])];
  const ops = drawStackedBars(
    docs.map((d, k) => ({ label: labels[k]!, values: [...top.map((o) => (d.breakdown.per_op_busy_cycles[o] ?? 0) / passes(d)), ...(rest.length ? [rest.reduce((a, o) => a + (d.breakdown.per_op_busy_cycles[o] ?? 0), 0) / passes(d)] : [])] })),
    opSeries,
    { title: 'Busy cycles per pass by operation', xTitle: 'unit busy cycles per pass (all cores)', unit: 'cycles/pass' },
  );
  sec('Where the cycles go', `<figure>${stages}<figcaption>Critical-path cycles per pass, each stage kind summed over layers.</figcaption></figure><figure>${ops}<figcaption>Busy cycles per operation and pass, all cores (operations overlap).</figcaption></figure>`);

  const units = [...new Set(docs.flatMap((d) => Object.keys(d.unit_busy_fraction)))];
  const busy = drawGroupedBars(units, series, units.map((u) => docs.map((d) => (d.unit_busy_fraction[u] !== undefined ? 100 * d.unit_busy_fraction[u]! : null))), { title: 'Unit busy fractions', xTitle: 'busy (% of the run, averaged over cores)', unit: '%', max: 100 });
  const causes = [...new Set(docs.flatMap((d) => Object.keys(d.stall_cycles)))];
  const stalls = drawGroupedBars(causes.map((c) => c.replace(/_/g, ' ')), series, causes.map((c) => docs.map((d) => (d.stall_cycles[c] !== undefined ? (100 * d.stall_cycles[c]!) / Math.max(1, d.cycles * d.cores) : null))), { title: 'Stall causes', xTitle: 'stalled (% of the run, averaged over cores)', unit: '%' });
  sec('Units and stalls', `<figure>${busy}</figure><figure>${stalls}</figure>`);

  const bw = docs.flatMap((d, k) => (d.bandwidth_series ? [{ label: labels[k]!, colour: categorical(k), clockMhz: d.clock_mhz, cycles: d.cycles, series: d.bandwidth_series, peakGbs: d.ddr.peak_gbs, meanReadGbs: d.ddr.bandwidth_gbs }] : []));
  const lengths = bw.map((b) => b.cycles / b.clockMhz);
  const normalise = bw.length > 1 && Math.max(...lengths) > 5 * Math.min(...lengths);
  if (bw.length) {
    sec(
      'DRAM bandwidth over time',
      `<figure>${drawBandwidth(bw, { id: 'bandwidth-compare', width: 920, height: 340, normalise })}<figcaption>Each run's read bandwidth per window from its start, and its peak (dashed).${normalise ? ' The runs last very different times, so the time axis is each run\'s own length (hover a window for its time).' : ''}</figcaption></figure>`,
    );
  }

  const roofs = docs.map((d, k) => drawRoofline({ label: labels[k]!, colour: categorical(k), sequences: d.sequences.length, batch: d.batch, tokensPerS: d.tokens_per_s, prefillTokensPerS: d.prefill.tokens_per_s, peakGbs: d.ddr.peak_gbs, bounds: d.bounds }, { width: 500, height: 360 }));
  sec('Rooflines', `<div class="panels wide">${roofs.map((s, k) => `<figure>${s}<figcaption>${escapeHtml(labels[k]!)}</figcaption></figure>`).join('')}</div>`);

  const power = drawStackedBars(
    docs.map((d, k) => {
      const p = d.power_w;
      const shell = (p.fpga_dynamic_by_unit['shell_logic'] ?? 0) + (p.fpga_dynamic_by_unit['shell_hard_ip'] ?? 0);
      return { label: labels[k]!, values: [p.fpga_static, p.fpga_dynamic - shell, shell, p.dram_core, p.dram_background, p.dram_io] };
    }),
    [
      { label: 'FPGA static', colour: OKABE_ITO.black },
      { label: 'FPGA dynamic: core units', colour: OKABE_ITO.blue },
      { label: 'FPGA dynamic: shell', colour: OKABE_ITO.skyBlue },
      { label: 'DRAM core (commands)', colour: OKABE_ITO.vermillion },
      { label: 'DRAM background', colour: OKABE_ITO.orange },
      { label: 'DRAM I/O', colour: OKABE_ITO.reddishPurple },
    ],
    { title: 'Power breakdown', xTitle: 'power (W)', unit: 'W' },
  );
  const kindsRes = [...new Set(docs.flatMap((d) => Object.entries(d.resources).filter(([, r]) => r.available > 0).map(([k, r]) => `${k}\u0000${r.label ?? k}`)))];
  const resources = drawGroupedBars(
    kindsRes.map((k) => k.split('\u0000')[1]!),
    series,
    kindsRes.map((k) => docs.map((d) => (d.resources[k.split('\u0000')[0]!]?.available ? 100 * d.resources[k.split('\u0000')[0]!]!.utilisation : null))),
    { title: 'FPGA resource utilisation', xTitle: 'utilisation (% of each run\'s device)', unit: '%', max: 100, ref: { value: 100, label: 'device full' } },
  );
  sec('Power and resources', `<figure>${power}</figure><figure>${resources}</figure>`);
  return out.join('\n');
}

function compareTable(docs: RunDoc[], labels: string[]): string {
  type Row = [string, (d: RunDoc) => number | string | null, ('max' | 'min')?];
  const rows: Row[] = [
    ['model', (d) => d.model],
    ['device', (d) => d.power.device.name],
    ['cores × clock', (d) => `${d.cores} × ${fmt(d.clock_mhz)} MHz`],
    ['sequences / batch', (d) => `${d.sequences.length} / ${d.batch}`],
    ['tokens/s', (d) => d.tokens_per_s, 'max'],
    ['tokens/s per sequence', (d) => d.tokens_per_s_per_sequence, 'max'],
    ['cycles per generation pass', (d) => d.cycles_per_token.mean, 'min'],
    ['total power (W)', (d) => d.power_w.total, 'min'],
    ['FPGA rail (W)', (d) => d.power_w.fpga_total, 'min'],
    ['tokens/J', (d) => d.tokens_per_joule, 'max'],
    ['J/token', (d) => d.energy_per_token_j, 'min'],
    ['DRAM read (GB/s)', (d) => d.ddr.bandwidth_gbs],
    ['DRAM peak (GB/s)', (d) => d.ddr.peak_gbs],
    ['memory bound (tokens/s)', (d) => d.bounds.memory_bound_tokens_per_s],
    ['compute bound (tokens/s)', (d) => d.bounds.compute_bound_tokens_per_s],
    ['requests-in-flight bound (tokens/s)', (d) => d.bounds.latency_bound_tokens_per_s],
    ['fits the FPGA', (d) => (d.feasible ? 'yes' : 'no')],
    ['weights', (d) => (d.synthetic_weights ? 'SYNTHETIC' : 'trained')],
    ['fidelity', (d) => (d.fidelity ? (d.fidelity.exact ? 'exact' : `top-1 ${fmt(100 * d.fidelity.top1_agreement)} %`) : 'timing only')],
  ];
  const head = `<tr><th></th>${labels.map((l, k) => `<th class="num"><span class="pill" style="border-color:${categorical(k)};border-width:2px">${escapeHtml(l)}</span></th>`).join('')}</tr>`;
  const body = rows
    .map(([name, f, dir]) => {
      const vals = docs.map(f);
      const nums = vals.filter((v): v is number => typeof v === 'number');
      const best = dir && nums.length > 1 ? (dir === 'max' ? Math.max(...nums) : Math.min(...nums)) : null;
      return `<tr><th>${escapeHtml(name)}</th>${vals.map((v) => `<td class="num">${typeof v === 'number' ? (v === best ? `<b>${fmt(v)}</b>` : fmt(v)) : escapeHtml(v ?? '—')}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table class="data compare-table"><thead>${head}</thead><tbody>${body}</tbody></table></div><p class="note">Bold: the best of the runs where more (or less) is better.</p>`;
}

function fmtBytes(b: number): string {
  return b >= 1e9 ? `${fmt(b / 1e9)} GB` : b >= 1e6 ? `${fmt(b / 1e6)} MB` : b >= 1e3 ? `${fmt(b / 1e3)} kB` : `${fmt(b)} B`;
}

function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-');
}
