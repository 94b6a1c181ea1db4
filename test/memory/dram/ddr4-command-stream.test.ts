import { describe, expect, it } from 'vitest';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import type { DramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { playTrace } from '../../../sim/memory/dram/trace-player.ts';
import { ddr4Config } from './ddr4-helpers.ts';
import { xorshift32 } from '../../xorshift32.ts';

/**
 * Command-stream fingerprints: every command (kind, channel, rank, bank group, bank, row,
 * cycle), every request's acceptance and completion cycle and the stats counters, folded
 * into one FNV-1a hash per scenario. The hashes were recorded with the straightforward
 * scheduler (scan every bank with work, ask the timing table per candidate) before any fast
 * path existed; a scheduling shortcut that changes one command's cycle, order or target in
 * any scenario fails here. The scenarios cover what the fast paths must respect: refresh
 * (traces span several tREFI), write drain, closed page, FCFS, shell latency, several
 * channels and ranks, idle gaps, back-pressure and mixed hit/miss locality.
 */


interface TraceShape {
  n: number;
  seed: number;
  /** 1 in `writeEvery` requests is a write (0: reads only). */
  writeEvery: number;
  /** Probability (per mille) that a request stays near the previous one (row hits). */
  localityPermille: number;
  /** Largest random gap between requests in cycles (0: one per cycle). */
  maxGap: number;
  /** Address span in bursts. */
  spanBursts: number;
}

function makeTrace(s: TraceShape): DramTrace {
  const next = xorshift32(s.seed);
  const addr = new Float64Array(s.n);
  const write = new Uint8Array(s.n);
  const cycle = new Float64Array(s.n);
  let burst = 0;
  let at = 0;
  for (let i = 0; i < s.n; i++) {
    const r = next();
    if (next() % 1000 < s.localityPermille) burst = (burst + 1 + (r % 4)) % s.spanBursts;
    else burst = r % s.spanBursts;
    addr[i] = burst * 64;
    write[i] = s.writeEvery > 0 && next() % s.writeEvery === 0 ? 1 : 0;
    if (s.maxGap > 0) at += next() % (s.maxGap + 1);
    else at += 1;
    cycle[i] = at;
  }
  return { length: s.n, addr, write, cycle };
}

function sequential(n: number): DramTrace {
  return { length: n, addr: Float64Array.from({ length: n }, (_, i) => i * 64), write: new Uint8Array(n), cycle: new Float64Array(n) };
}

function fnv(h: number, v: number): number {
  // Values are integers (cycles, ids, rows); fold 32 bits at a time.
  let x = v;
  for (let k = 0; k < 2; k++) {
    const lo = x >>> 0;
    h = Math.imul(h ^ (lo & 0xff), 16777619) >>> 0;
    h = Math.imul(h ^ ((lo >>> 8) & 0xff), 16777619) >>> 0;
    h = Math.imul(h ^ ((lo >>> 16) & 0xff), 16777619) >>> 0;
    h = Math.imul(h ^ (lo >>> 24), 16777619) >>> 0;
    x = Math.floor(x / 2 ** 32);
  }
  return h;
}

function fingerprint(spec: Record<string, unknown>, trace: DramTrace): { hash: string; commands: number; cycles: number } {
  const model = new DramMemory(ddr4Config(spec));
  let h = 2166136261;
  let commands = 0;
  model.setCommandListener((cmd, channel, rank, bankGroup, bank, row, cycle) => {
    commands++;
    for (const v of [cmd, channel, rank + 1, bankGroup + 1, bank + 1, row + 1, cycle]) h = fnv(h, v);
  });
  const r = playTrace(model, trace);
  for (let i = 0; i < r.requests; i++) {
    h = fnv(h, r.acceptedAt[i]!);
    h = fnv(h, r.completedAt[i]!);
  }
  const d = r.stats.detail as Record<string, number>;
  for (const k of ['act', 'pre_single', 'pre_all', 'auto_precharge', 'ref', 'rd', 'wr', 'row_hits', 'row_misses', 'row_conflicts']) {
    h = fnv(h, d[k]!);
  }
  return { hash: h.toString(16).padStart(8, '0'), commands, cycles: r.cycles };
}

const random = (seed: number, extra: Partial<TraceShape> = {}): DramTrace =>
  makeTrace({ n: 6000, seed, writeEvery: 3, localityPermille: 0, maxGap: 0, spanBursts: 2 ** 28, ...extra });

const SCENARIOS: [string, Record<string, unknown>, () => DramTrace, { hash: string; commands: number; cycles: number }][] = [
  ['seq, bg-interleave, 2 ranks', { ranks: 2, mapping: 'rochrabacobg' }, () => sequential(20000), { hash: 'ef10541f', commands: 20230, cycles: 83735 }],
  ['seq, row-major, 2 ranks', { ranks: 2, mapping: 'rochrababgco' }, () => sequential(20000), { hash: '41f5427e', commands: 20218, cycles: 108915 }],
  ['random 1/3 writes, 2 ranks', { ranks: 2 }, () => random(1), { hash: '0add3155', commands: 19450, cycles: 31916 }],
  ['random, locality, 2 ranks, small queues', { ranks: 2, read_queue: 8, write_queue: 8, bank_queue: 4 }, () => random(2, { localityPermille: 700, spanBursts: 2 ** 16 }), { hash: 'b297941f', commands: 9707, cycles: 42845 }],
  ['random, locality, closed page', { ranks: 2, page_policy: 'closed' }, () => random(3, { localityPermille: 600, spanBursts: 2 ** 18 }), { hash: '15d473d7', commands: 9765, cycles: 28983 }],
  ['random, locality, FCFS', { ranks: 1, scheduler: 'fcfs' }, () => random(4, { localityPermille: 600, spanBursts: 2 ** 18 }), { hash: 'dae779db', commands: 12831, cycles: 31627 }],
  ['random, shell latency, gaps', { ranks: 2, shell_latency_ns: 20 }, () => random(5, { localityPermille: 500, maxGap: 12, spanBursts: 2 ** 20 }), { hash: '5cac5ee8', commands: 12877, cycles: 36253 }],
  ['random, 2 channels, 4 ranks, bg-interleave', { channels: 2, ranks: 4, mapping: 'rochrabacobg' }, () => random(6, { localityPermille: 800, spanBursts: 2 ** 22 }), { hash: 'dad173e2', commands: 12574, cycles: 16299 }],
  ['ddr4-3200, 1 rank, writes half, idle gaps', { preset: 'ddr4-3200' }, () => random(7, { writeEvery: 2, localityPermille: 500, maxGap: 40, spanBursts: 2 ** 20 }), { hash: '766389cc', commands: 12427, cycles: 121658 }],
  ['refresh off, write-heavy, low watermarks', { ranks: 2, refresh: false, write_high_watermark: 0.5, write_low_watermark: 0.1 }, () => random(8, { writeEvery: 1, localityPermille: 300 }), { hash: '32bd5e96', commands: 14612, cycles: 25277 }],
];

describe('DDR4 command-stream fingerprints (fast paths change nothing)', () => {
  it.each(SCENARIOS)('%s', (_name, spec, trace, expected) => {
    const got = fingerprint(spec, trace());
    if (process.env.RECORD) console.log('FP', JSON.stringify([_name, got]));
    expect(got).toEqual(expected);
  });
});
