import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoreSchema } from '../../sim/arch/core-schema.ts';
import { resolveCoreConfig, type CoreConfig } from '../../sim/hw/core/core-config.ts';
import { FixedMemory } from '../../sim/memory/technologies/fixed/fixed-memory.ts';
import { MemoryImage } from '../../sim/compiler/memory-image.ts';
import { runProgram, type ProgramRun } from '../../sim/hw/run-program.ts';
import { bindProgram, parseTmi } from '../../sim/isa/assembler.ts';
import { layoutSymbols } from '../../sim/isa/symbol-layout.ts';

const PAPER_BLOCK = readFileSync(new URL('../../arch-configs/paper-block.tmi', import.meta.url), 'utf8');
const WITHOUT_TMATMUL = PAPER_BLOCK.split('\n').filter((l) => !/^\s*tmatmul/.test(l)).join('\n');

function config(d: number, core: Record<string, unknown> = {}): CoreConfig {
  return { ...resolveCoreConfig(CoreSchema.parse(core), { d }), format: { registerBits: 3, addressBits: 32 } };
}

function run(text: string, d: number, responseCycles = 3, core: Record<string, unknown> = {}, memClockHz?: number): ProgramRun {
  const cfg = config(d, core);
  const parsed = parseTmi(text, 't.tmi');
  const program = bindProgram(parsed, layoutSymbols(parsed, d, {}).symbols, cfg.format);
  const mem = new FixedMemory({ clockHz: memClockHz ?? cfg.clockHz, responseCycles });
  return runProgram(cfg, program.instructions, mem, new MemoryImage({ kind: 'random', seed: 9 }));
}

const timeline = (r: ProgramRun) => r.instructions.map((t) => [t.issueCycle, t.doneCycle]);

describe('paper core timing: the RTL anchors (authors RTL in simulation, 3-cycle testbench memory)', () => {
  it.each([
    [16, 1494, 304, 48],
    [64, 15030, 3520, 192],
  ])('paper-block.tmi at d = %i takes %i cycles, %i reads, %i writes', (d, cycles, reads, writes) => {
    const r = run(PAPER_BLOCK, d);
    expect(r.instructions).toHaveLength(29);
    expect(r.cycles).toBe(cycles);
    expect(r.memory.reads).toBe(reads);
    expect(r.memory.writes).toBe(writes);
  });

  it.each([
    [16, 597],
    [64, 2277],
  ])('the published 26-instruction program at d = %i takes %i cycles', (d, cycles) => {
    const r = run(WITHOUT_TMATMUL, d);
    expect(r.instructions).toHaveLength(26);
    expect(r.cycles).toBe(cycles);
  });

  it('is deterministic: same inputs, same cycles and values', () => {
    const a = run(PAPER_BLOCK, 32);
    const b = run(PAPER_BLOCK, 32);
    expect(b.cycles).toBe(a.cycles);
    expect(timeline(b)).toEqual(timeline(a));
    expect(Array.from(b.registers)).toEqual(Array.from(a.registers));
  });
});

describe('per-unit timing, hand-derived (issue in t, busy t+1 … t+B, ready = last busy + 2)', () => {
  it.each([
    [8, 3],
    [16, 5],
    [24, 12],
  ])('ldv at d = %i, round trip %i: B = r·d + 1', (d, r) => {
    const res = run('ldv v0,X', d, r);
    // First request in t+1, response k in t+1+r·k, busy ends with the last response.
    expect(timeline(res)).toEqual([[0, r * d + 1]]);
    expect(res.cycles).toBe(r * d + 3);
    expect(res.memory.reads).toBe(d);
  });

  it.each([8, 16, 40])('row-wise d + 1 and RMS 3d at d = %i', (d) => {
    expect(timeline(run('add v1,v2,v3', d))).toEqual([[0, d + 1]]);
    expect(timeline(run('norm v1', d))).toEqual([[0, 3 * d]]);
    expect(run('norm v1', d).cycles).toBe(3 * d + 2);
  });

  it.each([
    [16, 1],
    [16, 2],
    [16, 3],
    [32, 3],
  ])('tmatmul is compute-bound when memory is fast (d = %i, r = %i): d² + d + r + 3', (d, r) => {
    // Request in t+3 (idle → start → reading), first byte in t+3+r, its weights from the
    // next cycle, one per cycle without a gap, then the d-cycle copy phase.
    expect(timeline(run('tmatmul v1,v0,W', d, r))).toEqual([[0, d * d + d + r + 3]]);
  });

  it.each([
    [16, 4],
    [16, 12],
    [24, 7],
  ])('tmatmul is memory-bound when memory is slow (d = %i, r = %i): a byte every r + 1 cycles', (d, r) => {
    const bytes = (d * d) / 4;
    const lastArrival = 3 + r + (bytes - 1) * (r + 1);
    expect(timeline(run('tmatmul v1,v0,W', d, r))).toEqual([[0, lastArrival + 4 + d]]);
    expect(run('tmatmul v1,v0,W', d, r).memory.reads).toBe(bytes);
  });

  it('a shallow weight FIFO throttles the read side', () => {
    const d = 16;
    // FIFO of one byte, r = 1: byte k is requested when byte k−1 has been consumed, so a
    // byte's weights start every 6 cycles (request, 1-cycle trip, 4 compute cycles).
    const one = run('tmatmul v1,v0,W', d, 1, { tmatmul: { fifo_bytes: 1 } });
    expect(timeline(one)).toEqual([[0, 8 + 6 * ((d * d) / 4 - 1) + d]]);
    // Two bytes suffice to keep the compute side busy.
    expect(timeline(run('tmatmul v1,v0,W', d, 1, { tmatmul: { fifo_bytes: 2 } }))).toEqual([[0, d * d + d + 4]]);
  });

  it('wider datapaths shorten the units', () => {
    const d = 16;
    expect(timeline(run('mul v1,v2,v3', d, 3, { rowwise: { elements_per_cycle: 4 } }))).toEqual([[0, d / 4 + 1]]);
    // A 4-byte port with one request in flight: d/4 round trips.
    expect(timeline(run('ldv v0,X', d, 3, { memory_port: { width_bytes: 4 } }))).toEqual([[0, 3 * (d / 4) + 1]]);
    // Two requests in flight, one sent per cycle: responses in t+4, t+5, t+7, t+8, …
    const two = run('ldv v0,X', 8, 3, { memory_port: { outstanding: 2 } });
    expect(two.instructions[0]!.doneCycle).toBe(1 + 3 * 4 + 1);
  });
});

describe('hazards on small programs with known timelines (d = 16, r = 3)', () => {
  const d = 16;
  const LS = 3 * d + 1; // 49
  const RW = d + 1; // 17

  it('independent units overlap; a busy unit stalls the next instruction for it', () => {
    expect(timeline(run('ldv v0,X\nadd v1,v2,v3\nsub v4,v5,v6', d))).toEqual([
      [0, LS],
      [1, 1 + RW],
      [RW + 2, 2 * RW + 2],
    ]);
  });

  it('RAW: a reader waits for the writer to finish', () => {
    expect(timeline(run('ldv v0,X\nadd v1,v0,v0', d))).toEqual([
      [0, LS],
      [LS + 1, LS + 1 + RW],
    ]);
  });

  it('WAR: a writer waits for an earlier reader of its register', () => {
    expect(timeline(run('add v1,v0,v2\nldv v0,X', d))).toEqual([
      [0, RW],
      [RW + 1, RW + 1 + LS],
    ]);
  });

  it('WAW: a second writer waits for the first', () => {
    expect(timeline(run('ldv v0,X\nexp v0,v1', d))).toEqual([
      [0, LS],
      [LS + 1, LS + 1 + RW],
    ]);
  });

  it('in-order issue: a stalled instruction blocks independent ones behind it', () => {
    expect(timeline(run('ldv v0,X\nadd v1,v0,v0\nnorm v5', d))).toEqual([
      [0, LS],
      [LS + 1, LS + 1 + RW],
      [LS + 2, LS + 2 + 3 * d],
    ]);
  });

  it('load/store and tmatmul share the memory port (structural hazard), both ways', () => {
    const TM = d * d + d + 6;
    expect(timeline(run('ldv v0,X\ntmatmul v1,v2,W', d))).toEqual([
      [0, LS],
      [LS + 1, LS + 1 + TM],
    ]);
    expect(timeline(run('tmatmul v1,v2,W\nsv v3,Y', d))).toEqual([
      [0, TM],
      [TM + 1, TM + 1 + LS],
    ]);
    expect(timeline(run('sv v3,Y\nldv v4,X', d))).toEqual([
      [0, LS],
      [LS + 1, 2 * LS + 1],
    ]);
  });

  it('ready rises two cycles after the last busy cycle, or after the last issue', () => {
    expect(run('add v1,v2,v3\nnop', d).cycles).toBe(RW + 2);
    expect(run('nop\nnop', d).cycles).toBe(3);
  });
});

describe('memory in another clock domain', () => {
  it('a response at memory cycle m is seen at the first core edge at or after it', () => {
    // Memory at 4× the core clock, 3 memory cycles per request: a request in core cycle n
    // enters at memory cycle 4n and completes at 4n + 3 → seen in core cycle n + 1.
    const d = 8;
    const r = run('ldv v0,X', d, 3, {}, 240_000_000);
    expect(timeline(r)).toEqual([[0, 1 + d]]);
    // Memory at 1.5× (90 MHz), 4 memory cycles: from core cycle n (memory ⌈1.5n⌉) the answer
    // arrives at ⌈1.5n⌉ + 4, seen at core ⌈(⌈1.5n⌉ + 4) / 1.5⌉.
    let c = 1;
    for (let k = 0; k < d; k++) c = Math.ceil((Math.ceil(1.5 * c) + 4) / 1.5);
    expect(timeline(run('ldv v0,X', d, 4, {}, 90_000_000))).toEqual([[0, c]]);
  });
});
