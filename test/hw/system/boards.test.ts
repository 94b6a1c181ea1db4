import { describe, expect, it } from 'vitest';
import { loadArch, parseArch } from '../../../sim/arch/load-arch.ts';
import { splitLayers } from '../../../sim/compiler/board-stages.ts';
import { Engine } from '../../../sim/engine/engine.ts';
import { BoardLink } from '../../../sim/hw/system/board-link.ts';
import { loadModel } from '../../../sim/model/load-model.ts';
import { runModel, type RunModelResult } from '../../../sim/run/run-model.ts';
import { runPowerReport } from '../../../sim/run/run-result.ts';

const runResultFor = (r: RunModelResult) => {
  const p = runPowerReport(parseArch({ ...loadArch('arch-configs/u280-hbm.yaml'), system: { boards: 2, partition: 'rows' } }), r) as ReturnType<typeof runPowerReport> & { boards: { power_w: { total: number } }[] };
  return p;
};

const model = loadModel('models/pycode-tiny');
const base = loadArch('arch-configs/u280-hbm.yaml');
/** The shipped U280 design on one core, weights on chip, batch 4; `boards` of it in a layer pipeline. */
const arch = (boards: number) =>
  parseArch({ ...base, core: { ...base.core, cores: 1, batch: 4 }, memory: { model: 'onchip', block: 'uram' }, system: { boards, partition: 'layers' } });

describe('several boards, layer-parallel', () => {
  const one = runModel({ arch: arch(1), model, promptIds: [100, 101, 102], tokens: 3 });
  const two = runModel({ arch: arch(2), model, promptIds: [100, 101, 102], tokens: 3 });

  it('gives the same tokens as one board, bit-exact', () => {
    expect(two.ids).not.toBeNull();
    expect(two.ids).toEqual(one.ids);
    expect(two.fidelity?.exact).toBe(true);
    const seqs = [
      [100, 101],
      [7, 8, 9],
      [42],
    ];
    const a = runModel({ arch: arch(1), model, prompts: seqs, tokens: 2 });
    const b = runModel({ arch: arch(3), model, prompts: seqs, tokens: 2 });
    expect(b.sequences).toEqual(a.sequences);
    expect(b.fidelity?.exact).toBe(true);
  });

  it('sends over the link exactly the residual streams that cross it: D fp32 per slot, per pass, per board boundary', () => {
    const D = model.config.hiddenSize;
    const slots = two.tokensProcessed;
    // One prefill pass of the three prompt tokens (batch 4), then one pass per generated token: 6 slots.
    expect(slots).toBe(3 + 3);
    expect(two.link!.messages).toBe(slots * (2 - 1));
    expect(two.link!.payload_bytes).toBe(slots * D * 4);
    // Three boards: two boundaries.
    const three = runModel({ arch: arch(3), model, promptIds: [100, 101, 102], tokens: 3 });
    expect(three.link!.payload_bytes).toBe(three.tokensProcessed * 2 * D * 4);
    expect(one.link).toBeNull();
  });

  it('stores each layer on exactly one board: the boards together stream the one board\'s weights', () => {
    const bytes = (r: typeof one) => r.programs.reduce((a, p) => a + p.ddr.weightBytes, 0);
    expect(bytes(two)).toBe(bytes(one));
    expect(two.boards!.map((b) => b.stage)).toEqual(splitLayers(model, 2));
  });

  it('with one sequence the boards take turns; with several they pipeline (both from the events)', () => {
    const turn = runModel({ arch: arch(2), model, prompts: [[100]], tokens: 2, timingOnly: true });
    const four = runModel({ arch: arch(2), model, prompts: [[100], [101], [102], [103]], tokens: 2, timingOnly: true });
    const perPass1 = turn.perTokenCycles[0]!;
    const perPass4 = four.perTokenCycles[0]!;
    // Turns: the pass is board 0's job, the link, then board 1's job: longer than either board's busy time.
    const busy = (r: typeof turn, b: number) => r.boards![b]!.unitBusyCycles['tmatmul']!;
    expect(perPass1).toBeGreaterThan(0);
    // Four sequences pipeline: far less than four turns, though each board does four jobs.
    expect(perPass4).toBeLessThan(4 * perPass1 * 0.8);
    expect(perPass4).toBeGreaterThan(perPass1);
    expect(busy(four, 0)).toBeGreaterThan(busy(turn, 0));
  });

  it('splits layers contiguously, at least one per board, balancing the weights (lm_head on the last board)', () => {
    const m370 = { config: { hiddenSize: 1024, intermediateSize: 2816, vocabSize: 32000, numLayers: 24 } } as Parameters<typeof splitLayers>[0];
    const s = splitLayers(m370, 2);
    // Layer 12.8 M weights, head 32.8 M: 13 | 11 + head balances best.
    expect(s).toEqual([
      { firstLayer: 0, endLayer: 13, embed: true, head: false },
      { firstLayer: 13, endLayer: 24, embed: false, head: true },
    ]);
    expect(() => splitLayers(m370, 25)).toThrow(RangeError);
  });

  it('refuses several cores per board in a layer pipeline', () => {
    expect(() => parseArch({ ...arch(2), core: { ...arch(2).core, cores: 2 } })).toThrow(/one core per board/);
  });
});

describe('several boards, rows (each board a slice of every matrix)', () => {
  /** The shipped U280 design (4 cores on 4 HBM2 pseudo-channels per board), `boards` of it. */
  const rows = (boards: number) => parseArch({ ...base, system: { boards, partition: 'rows' } });
  const one = runModel({ arch: rows(1), model, promptIds: [100, 101, 102], tokens: 3 });
  const two = runModel({ arch: rows(2), model, promptIds: [100, 101, 102], tokens: 3 });

  it('gives the same tokens as one board, bit-exact', () => {
    expect(two.ids).toEqual(one.ids);
    expect(two.fidelity?.exact).toBe(true);
    expect(two.programs.length).toBe(2 * base.core.cores);
  });

  it('sends over the link exactly the slices each board does not hold: every all-gather\'s vector once per slot', () => {
    // Two boards: each sends its slice to the other, so one gather moves the whole vector.
    const gathered = two.programs[0]!.instructions.reduce((a, i) => a + (i.op === 'all_gather' ? i.length : 0), 0);
    expect(two.link!.payload_bytes).toBe(gathered * 4 * two.tokensProcessed);
    // Three boards in a ring: every board receives the two slices it lacks.
    const three = runModel({ arch: rows(3), model, promptIds: [100], tokens: 1, timingOnly: true });
    const g3 = three.programs[0]!.instructions.reduce((a, i) => a + (i.op === 'all_gather' ? i.length : 0), 0);
    expect(three.link!.payload_bytes).toBe(2 * g3 * 4 * three.tokensProcessed);
  });

  it('prices each board as its own device: the boards\' powers add up', () => {
    const r = runResultFor(two);
    expect(r.boards.length).toBe(2);
    expect(r.power_w.total).toBeCloseTo(r.boards.reduce((a, b) => a + b.power_w.total, 0), 9);
  });
});

describe('the inter-board link', () => {
  it('serialises frames at the coded line rate and delivers after the latency, one message at a time per port', () => {
    const engine = new Engine([150e6]);
    const clock = engine.clock(150e6);
    const link = new BoardLink(engine, clock, 2, { lineBitsPerS: 100e9, codingEfficiency: 64 / 66, framePayloadBytes: 1024, frameOverheadBytes: 16, latencyS: 500e-9 });
    // 4096 B in 4 frames: 4160 B on the wire = 33,280 bits at 96.97 Gb/s = 343.2 ns = 51.5 → 52 cycles; 500 ns = 75 cycles.
    expect(link.wireBytes(4096)).toBe(4160);
    expect(link.serialisationCycles(4096)).toBe(52);
    const arrivals: number[] = [];
    link.send(0, 4096, 10, (c) => arrivals.push(c));
    link.send(0, 4096, 10, (c) => arrivals.push(c)); // queues behind the first on the same port
    link.send(1, 4096, 10, (c) => arrivals.push(c)); // the other board's port is free
    engine.run();
    expect(arrivals).toEqual([10 + 52 + 75, 10 + 52 + 75, 10 + 104 + 75]);
    expect(link.stats).toEqual({ messages: 3, payload_bytes: 3 * 4096, wire_bytes: 3 * 4160, busy_cycles_per_port: [104, 52] });
  });
});
