import { firstLayers } from '../model/first-layers.ts';
import { buildSystem, runModel, systemBounds, type RunModelRequest, type RunModelResult } from './run-model.ts';

/**
 * A sampled run (`mmfsim run --sampled`, sweep `mode: sampled`): an estimate, not a
 * simulation of the whole model, for exploring many designs quickly.
 *
 * Every layer of a MatMul-free LM has the same shapes and streams the same number of weight
 * bytes, so a pass costs the embedding fetch, then L nearly identical layers, then the final
 * norm and lm_head. The run simulates the model cut to k₁ and to k₂ = 2k₁ layers (k₁ = 1, or
 * one layer per board of a layer-split system) — the same arch, prompts and passes, timing
 * only — and carries every additive counter (cycles of each pass, busy and stall cycles,
 * DRAM commands and standby cycles, link traffic) linearly to L layers:
 *
 *   x(L) = x(k₁) + (L − k₁) / (k₂ − k₁) · (x(k₂) − x(k₁)).
 *
 * The difference x(k₂) − x(k₁) is what one more layer adds after a layer, with the head
 * still behind it: the steady per-layer cost, refresh and row-buffer state included as they
 * fell in that layer. What it cannot see is how those vary from layer to layer (where the
 * refreshes fall), nor anything that is not additive over layers. The error this leaves was
 * measured against whole runs on every shipped config (`npm run bench:sampled` writes
 * sim/run/sampled-error.json) and is printed with every sampled result.
 *
 * Resources and bounds come from the whole model's programs (compiled, not simulated);
 * the bandwidth series is the k₂-layer run's. Several sequences on a layer-split system
 * pipeline through the boards, where the slowest board and not the sum sets the pace: not
 * additive, so such a run (and a model of at most k₂ layers) is simulated whole instead.
 */
export function runModelSampled(req: RunModelRequest): RunModelResult {
  const { arch, model } = req;
  const L = model.config.numLayers;
  const boards = arch.system.boards;
  const layerSplit = boards > 1 && arch.system.partition === 'layers';
  const sequences = req.prompts?.length ?? 1;
  const k1 = layerSplit ? boards : 1;
  const k2 = 2 * k1;
  // The whole model's programs, bounds and board stages: compiled, never simulated.
  const system = buildSystem(arch, model, true, req.layout ?? 'input-fastest', req.archFile);
  const fullBoards = 'boards' in system ? system.boards : null;
  const fullSplit = layerSplit ? fullBoards!.map((x) => x.stage.endLayer - x.stage.firstLayer) : null;
  const whole =
    L <= k2
      ? `the model's ${L} layers are no more than the ${k2} a sample needs`
      : layerSplit && sequences > 1
        ? 'several sequences pipeline through layer-split boards (the slowest board sets the pace: not additive over layers)'
        : layerSplit && fullSplit!.some((n) => n < 2)
          ? 'a board of the layer split holds a single layer'
          : null;
  if (whole !== null) {
    const r = runModel({ ...req, timingOnly: true, fidelity: false });
    return { ...r, sampled: { layers: L, simulatedLayers: [L, L], factor: 0, simulatedWhole: whole } };
  }
  const passes = { done: 0 };
  const run = (k: number) =>
    runModel({
      ...req,
      model: firstLayers(model, k),
      timingOnly: true,
      fidelity: false,
      ...(layerSplit ? { boardLayers: new Array<number>(boards).fill(k / boards) } : {}),
      // Progress: the two cut runs as one run of twice the passes.
      onPass: req.onPass ? (_d, total, tokens) => req.onPass!(++passes.done, 2 * total, tokens) : undefined,
    });
  const a = run(k1);
  const b = run(k2);
  const t = (L - k1) / (k2 - k1);
  const line = <T>(x: T, y: T): T => linearInLayers(x, y, t);

  const { bounds, peakBytesPerS } = systemBounds(arch, model, system, sequences);
  const perBoard = layerSplit ? fullSplit!.map((n) => n - 1) : null;

  return {
    config: system.config,
    programs: system.programs,
    promptIds: b.promptIds,
    ids: null,
    sequences: b.sequences,
    prefillPasses: b.prefillPasses.map((p, i) => ({ ...p, cycles: line(a.prefillPasses[i]!.cycles, p.cycles) })),
    perTokenCycles: line(a.perTokenCycles, b.perTokenCycles),
    generationSlots: b.generationSlots,
    tokensProcessed: b.tokensProcessed,
    totalCycles: line(a.totalCycles, b.totalCycles),
    unitBusyCycles: line(a.unitBusyCycles, b.unitBusyCycles),
    stallCycles: line(a.stallCycles, b.stallCycles),
    opCycles: line(a.opCycles, b.opCycles),
    stageCycles: wholeModelStages(b.stageCycles, layerSplit ? fullSplit! : [L]),
    memory: line(a.memory, b.memory),
    bandwidthSeries: b.bandwidthSeries,
    peakBytesPerS,
    bounds,
    arbiter: a.arbiter && b.arbiter ? line(a.arbiter, b.arbiter) : null,
    fidelity: null,
    boards:
      b.boards && fullBoards
        ? b.boards.map((x, i) => ({
            stage: fullBoards[i]!.stage,
            cores: x.cores,
            program: system.programs[fullBoards[i]!.cores[0]!]!,
            weightBytes: fullBoards[i]!.cores.reduce((s, k) => s + system.programs[k]!.ddr.weightBytes, 0),
            unitBusyCycles: linearInLayers(a.boards![i]!.unitBusyCycles, x.unitBusyCycles, perBoard ? perBoard[i]! : t),
            memory: linearInLayers(a.boards![i]!.memory, x.memory, perBoard ? perBoard[i]! : t),
          }))
        : null,
    link: a.link && b.link ? line(a.link, b.link) : null,
    engineEvents: a.engineEvents + b.engineEvents,
    fastForward: {
      enabled: b.fastForward.enabled,
      requestsSkipped: a.fastForward.requestsSkipped + b.fastForward.requestsSkipped,
      stretches: a.fastForward.stretches + b.fastForward.stretches,
      closedFormRuns: a.fastForward.closedFormRuns + b.fastForward.closedFormRuns,
    },
    sampled: { layers: L, simulatedLayers: [k1, k2], factor: t, simulatedWhole: null },
  };
}

/**
 * x + t·(y − x) over a tree of counters: numbers (rounded when both are integers, never
 * below 0: they count), arrays of equal length element by element, objects key by key.
 * Anything else (a policy name, a constant) must be equal in both and is kept.
 */
export function linearInLayers<T>(x: T, y: T, t: number): T {
  if (typeof x === 'number' && typeof y === 'number') {
    const v = x + t * (y - x);
    return (Math.max(0, Number.isInteger(x) && Number.isInteger(y) ? Math.round(v) : v) as unknown) as T;
  }
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) throw new RangeError(`cannot extrapolate arrays of ${x.length} and ${y.length} entries`);
    return x.map((v, i) => linearInLayers(v, y[i], t)) as T;
  }
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const xv = (x as Record<string, unknown>)[k];
      const yv = (y as Record<string, unknown>)[k];
      // A counter only the longer run has (a stall it met, an op it ran) started at 0.
      out[k] = linearInLayers(xv ?? (typeof yv === 'number' ? 0 : yv), yv ?? (typeof xv === 'number' ? 0 : xv), t);
    }
    return out as T;
  }
  if (x !== y) throw new RangeError(`cannot extrapolate ${JSON.stringify(x)} to ${JSON.stringify(y)}`);
  return x;
}

/**
 * Per-stage cycles of the whole model from the k₂ run's (two layers per board): `embed` and
 * `head` as they were, and on each board (one board: the whole model) its first layer as
 * that board's first sampled layer and every later one as its second — the steady layer.
 * `perBoard` is the whole model's layers per board.
 */
function wholeModelStages(sampled: Record<string, number>, perBoard: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  const layerStage = /^layer(\d+)\.(.+)$/;
  const kinds = [...new Set(Object.keys(sampled).flatMap((k) => layerStage.exec(k)?.[2] ?? []))];
  for (const [k, v] of Object.entries(sampled)) if (!layerStage.test(k) && k !== 'head') out[k] = v;
  let layer = 0;
  perBoard.forEach((n, board) => {
    for (let p = 0; p < n; p++, layer++) {
      const from = 2 * board + Math.min(p, 1);
      for (const kind of kinds) {
        const v = sampled[`layer${from}.${kind}`];
        if (v !== undefined) out[`layer${layer}.${kind}`] = v;
      }
    }
  });
  if (sampled['head'] !== undefined) out['head'] = sampled['head'];
  return out;
}
