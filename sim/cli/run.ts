import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SingleBar, Presets } from 'cli-progress';
import { ArchSchema, type ArchSpec } from '../arch/schema.ts';
import { loadYamlConfig } from '../arch/yaml-config.ts';
import { loadModel } from '../model/load-model.ts';
import { runModel, type RunModelResult } from '../hw/system/run-model.ts';
import { dramRunFromStats } from '../power/dram-power.ts';
import { powerReport, type PowerReport } from '../power/power-report.ts';
import { formatPowerReport } from '../power/power-text.ts';
import { defineCommand } from './command.ts';
import { DEFAULT_PROMPT_TEXT, resolvePrompts } from './prompt-args.ts';
import { ProgressLines } from './progress-lines.ts';

/** The model shipped with mmfsim (trained with the paper's code), wherever mmfsim is run from. */
export const BUNDLED_MODEL_DIR = fileURLToPath(new URL('../../models/pycode-tiny', import.meta.url));

/** The paper's projection for MMfreeLM-1.3B on the D5005 (a projection, not a measurement). */
export const PAPER_PROJECTED_TOKENS_PER_S = 24;

/** `mmfsim run`: run a model's tokens through the simulated accelerator. */
export const runCommand = defineCommand({
  name: 'run',
  describe: 'Run a model on a simulated accelerator: tokens, cycles, DDR traffic, power',
  builder: (y) =>
    y
      .option('arch', { type: 'string', demandOption: true, describe: 'Architecture YAML' })
      .option('model', { type: 'string', default: BUNDLED_MODEL_DIR, defaultDescription: 'the bundled models/pycode-tiny', describe: 'Model directory (config.json [+ safetensors])' })
      .option('prompt', { type: 'string', array: true, nargs: 1, describe: `Prompt text (needs a tokenizer); repeat for several sequences decoded together. Without --prompt and --prompt-ids: ${JSON.stringify(DEFAULT_PROMPT_TEXT)}, or the BOS id for a model without a tokenizer` })
      .option('prompt-ids', { type: 'string', array: true, nargs: 1, describe: 'Prompt as comma-separated token ids, e.g. 1,2,3; repeat for several sequences' })
      .option('sequences', { type: 'number', describe: 'Decode N sequences together (≤ core.batch): the one prompt replicated N times' })
      .option('tokens', { type: 'number', default: 16, describe: 'Tokens to generate greedily after the prompt' })
      .option('timing-only', { type: 'boolean', default: false, describe: 'Skip the datapath values (no ids, no fidelity): timing only' })
      .option('fast-forward', { type: 'boolean', default: true, describe: 'Serve provable weight-stream memory round trips without events (identical results; --no-fast-forward runs event by event)' })
      .option('seed', { type: 'number', default: 0, describe: 'Seed of synthetic weights' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object on stdout' }),
  run: (args) => {
    const { tokenizer, prompts } = resolvePrompts({ ...args, defaultPrompt: true });
    const tokens = args.tokens;
    const arch = loadYamlConfig(args.arch, ArchSchema);
    const model = loadModel(args.model, { syntheticSeed: args.seed });
    const bar = !args.json && process.stderr.isTTY ? new SingleBar({ format: 'simulating {bar} {value}/{total} passes, {tokens} tokens', stream: process.stderr }, Presets.shades_classic) : null;
    let barStarted = false;
    const lines = new ProgressLines((line) => process.stderr.write(line));
    const t0 = performance.now();
    let result: RunModelResult;
    try {
      result = runModel({
        arch,
        model,
        prompts,
        tokens,
        timingOnly: args['timing-only'],
        fastForward: args['fast-forward'],
        // Tokens: prompt + generated over all sequences (a pass advances every sequence).
        onPass: (done, all, processed) => {
          if (bar) {
            if (!barStarted) bar.start(all, 0, { tokens: 0 });
            barStarted = true;
            bar.update(done, { tokens: processed });
          }
          // Without a terminal: a plain line every few seconds (long runs still show life).
          else lines.update(done, all, `mmfsim run: pass ${done}/${all}, ${processed} tokens\n`);
        },
      });
    } finally {
      bar?.stop();
    }
    const wallS = (performance.now() - t0) / 1000;
    const power = runPowerReport(arch, result);
    const out = runJson(arch, args.arch, basename(resolve(args.model)), model.syntheticWeights, result, power, wallS, tokenizer.kind === 'none' ? null : (ids) => tokenizer.decode(ids));
    if (args.json) process.stdout.write(JSON.stringify(out) + '\n');
    else process.stdout.write(runSummary(out) + formatPowerReport(power));
    return 0;
  },
});

/** The power block of a run: busy cycles of the generalised core's units mapped onto the resource model's. */
export function runPowerReport(arch: ArchSpec, r: RunModelResult): PowerReport {
  const b = r.unitBusyCycles;
  // Every token the passes processed, prompt and generated, summed over sequences.
  const generated = r.tokensProcessed;
  return powerReport({
    arch,
    cycles: Math.max(1, r.totalCycles),
    cores: r.config.cores,
    unitBusyCycles: { load_store: b['load_store'] ?? 0, tmatmul: b['tmatmul'] ?? 0, rowwise: b['rowwise'] ?? 0, quantize: b['quantize'] ?? 0, sync: b['sync'] ?? 0 },
    dram: dramRunFromStats(r.memory, arch.memory),
    tokens: generated,
    // Resources of the generalised core: its scratchpad as core 0's program declares it.
    vectorProgram: r.programs[0]!,
  });
}

export type RunJson = ReturnType<typeof runJson>;

export function runJson(
  arch: ArchSpec,
  archFile: string,
  modelName: string,
  synthetic: boolean,
  r: RunModelResult,
  power: PowerReport,
  wallS: number,
  decode: ((ids: number[]) => string) | null,
) {
  const clockHz = r.config.core.clockHz;
  const decodeCycles = r.perTokenCycles;
  const prefillTokens = r.prefillPasses.reduce((a, p) => a + p.tokens, 0);
  const prefillCycles = r.prefillPasses.reduce((a, p) => a + p.cycles, 0);
  const decodeTotal = decodeCycles.reduce((a, c) => a + c, 0);
  const mean = decodeCycles.length > 0 ? decodeTotal / decodeCycles.length : prefillCycles / Math.max(1, prefillTokens);
  // Aggregate: tokens of all sequences per second of generation passes (each pass gives one
  // token to every sequence in it). Without generation passes: the prefill rate.
  const aggregate = decodeCycles.length > 0 ? (r.generationSlots.reduce((a, s) => a + s, 0) * clockHz) / decodeTotal : clockHz / mean;
  const perSequence = decodeCycles.length > 0 ? clockHz / mean : aggregate / r.sequences.length;
  const timeS = r.totalCycles / clockHz;
  const units = r.config.cores * Math.max(1, r.totalCycles);
  const { energy_pj: _energy, ...commands } = r.memory.detail;
  void _energy;
  const peakGbs = r.peakBytesPerS / 1e9;
  const bandwidth = r.memory.bytesRead / timeS / 1e9;
  return {
    arch: arch.name,
    arch_file: archFile,
    model: modelName,
    synthetic_weights: synthetic,
    timing_only: r.ids === null,
    cores: r.config.cores,
    batch: r.config.batch,
    prompt_ids: r.promptIds,
    ids: r.ids,
    text: r.ids && decode ? decode(r.ids) : null,
    sequences: r.sequences.map((q) => ({ prompt_ids: q.promptIds, ids: q.ids, text: q.ids && decode ? decode(q.ids) : null })),
    clock_mhz: clockHz / 1e6,
    cycles: r.totalCycles,
    time_s: timeS,
    cycles_per_token: { mean, per_token: decodeCycles },
    prefill: { tokens: prefillTokens, cycles: prefillCycles, passes: r.prefillPasses, tokens_per_s: prefillCycles > 0 ? (prefillTokens * clockHz) / prefillCycles : null },
    tokens_per_s: aggregate,
    tokens_per_s_per_sequence: perSequence,
    unit_busy_fraction: Object.fromEntries(Object.entries(r.unitBusyCycles).map(([u, c]) => [u, c / units])),
    stall_cycles: r.stallCycles,
    ddr: {
      bytes_read: r.memory.bytesRead,
      bytes_written: r.memory.bytesWritten,
      reads: r.memory.reads,
      writes: r.memory.writes,
      bandwidth_gbs: bandwidth,
      peak_gbs: Number.isFinite(peakGbs) ? peakGbs : null,
      utilization: Number.isFinite(peakGbs) ? bandwidth / peakGbs : null,
      commands,
    },
    arbiter: r.arbiter,
    bounds: r.bounds,
    breakdown: { per_stage_cycles: r.stageCycles, per_op_busy_cycles: r.opCycles },
    fidelity: r.fidelity,
    paper_projection_tokens_per_s: PAPER_PROJECTED_TOKENS_PER_S,
    resources: power.resources,
    feasible: power.feasible,
    power_w: power.power_w,
    energy_per_token_j: power.energy_per_token_j,
    tokens_per_joule: power.tokens_per_joule,
    power,
    provenance: power.provenance,
    fast_forward: { enabled: r.fastForward.enabled, requests_skipped: r.fastForward.requestsSkipped, stretches: r.fastForward.stretches, closed_form_runs: r.fastForward.closedFormRuns },
    engine_events: r.engineEvents,
    wall_s: wallS,
  };
}

export function runSummary(o: RunJson): string {
  const n = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const lines: string[] = [];
  lines.push(`arch           ${o.arch} (${o.cores} core${o.cores === 1 ? '' : 's'}, batch ${o.batch}, ${o.clock_mhz} MHz)`);
  lines.push(`model          ${o.model}${o.synthetic_weights ? ' — SYNTHETIC weights' : ''}`);
  const S = o.sequences.length;
  o.sequences.forEach((q, i) => {
    const tag = S === 1 ? '' : `[${i}] `;
    lines.push(`prompt ids     ${tag}${q.prompt_ids.join(',')}`);
    if (o.timing_only) lines.push(`ids            ${tag}(timing only: no values computed)`);
    else lines.push(`ids            ${tag}${q.ids!.join(',')}${q.text !== null ? `\ntext           ${tag}${JSON.stringify(q.text)}` : ''}`);
  });
  lines.push(`cycles/token   ${n(o.cycles_per_token.mean, 1)} (generation${S === 1 ? '' : ` pass: one token for each of up to ${S} sequences`}; prefill ${n(o.prefill.cycles)} cycles for ${o.prefill.tokens} prompt token${o.prefill.tokens === 1 ? '' : 's'})`);
  const b = o.bounds;
  const latency = Number.isFinite(b.latency_bound_tokens_per_s) ? `, requests in flight ${n(b.latency_bound_tokens_per_s, 2)} (each ≥ ${n(b.min_read_latency_ns!, 1)} ns)` : '';
  lines.push(`tokens/s       ${n(o.tokens_per_s, 2)}   bounds: memory ${n(b.memory_bound_tokens_per_s, 2)}, compute ${n(b.compute_bound_tokens_per_s, 2)}${latency}`);
  if (S > 1) lines.push(`sequences      ${S} decoded together: ${n(o.tokens_per_s, 2)} tokens/s aggregate = ${n(o.tokens_per_s_per_sequence, 2)} per sequence (one sequence's bound: memory ${n(o.bounds.per_sequence_memory_bound_tokens_per_s, 2)})`);
  if (o.model.includes('1.3b')) {
    lines.push(`paper          ≈${o.paper_projection_tokens_per_s} tokens/s projected for 1.3B on the D5005 (a projection, not a measurement); simulated: ${n(o.tokens_per_s, 2)}`);
  }
  lines.push(`DDR            ${n(o.ddr.bytes_read)} B read, ${n(o.ddr.bandwidth_gbs, 2)} GB/s${o.ddr.peak_gbs === null ? '' : ` of ${n(o.ddr.peak_gbs, 2)} peak (${n(100 * o.ddr.utilization!, 1)}%)`}`);
  if (o.arbiter) {
    const a = o.arbiter;
    const grants = a.grants.reduce((x, y) => x + y, 0);
    const wait = a.wait_cycles.reduce((x, y) => x + y, 0);
    const full = a.memory_full_cycles.reduce((x, y) => x + y, 0);
    lines.push(`arbiter        ${a.policy}, latency ${a.latency_cycles}: ${n(grants)} grants (per core ${a.grants.map((g) => n(g)).join('/')}), ${n(grants > 0 ? wait / grants : 0, 2)} memory cycles waited per request (${n(wait > 0 ? (100 * full) / wait : 0, 1)}% behind a full channel queue)`);
  }
  lines.push(`busy           ${Object.entries(o.unit_busy_fraction).map(([u, f]) => `${u} ${n(100 * f, 1)}%`).join(', ')}`);
  lines.push(`stalls         ${Object.entries(o.stall_cycles).map(([c, v]) => `${c} ${n(v)}`).join(', ')}`);
  lines.push('per op (busy cycles, all passes, all cores):');
  for (const [op, c] of Object.entries(o.breakdown.per_op_busy_cycles)) lines.push(`  ${op.padEnd(13)}${n(c).padStart(16)}`);
  lines.push('per stage (critical-path cycles, all passes):');
  for (const [s, c] of Object.entries(o.breakdown.per_stage_cycles)) lines.push(`  ${s.padEnd(13)}${n(c).padStart(16)}`);
  if (o.fidelity) {
    const f = o.fidelity;
    lines.push(`fidelity       ${f.exact ? 'EXACT (bit-identical logits)' : 'drifts'}: top-1 agreement ${n(100 * f.top1_agreement, 1)}% over ${f.positions} positions, max logit error ${f.max_logit_error.toExponential(3)}`);
  }
  lines.push(`energy/token   ${o.energy_per_token_j === null ? 'n/a' : `${o.energy_per_token_j.toExponential(3)} J`}, ${o.tokens_per_joule === null ? '' : `${n(o.tokens_per_joule, 2)} tokens/J`}`);
  const ff = o.fast_forward;
  lines.push(`simulator      ${n(o.engine_events)} events, ${n(o.wall_s, 2)} s wall${ff.enabled ? `; fast-forwarded ${n(ff.requests_skipped)} memory requests` : '; fast-forwarding off'}`);
  return lines.join('\n') + '\n';
}
