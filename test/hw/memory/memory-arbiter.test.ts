import { describe, expect, it } from 'vitest';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import { FixedMemory } from '../../../sim/memory/technologies/fixed/fixed-memory.ts';
import { MemoryArbiter, type ArbitrationPolicy } from '../../../sim/hw/memory/memory-arbiter.ts';
import type { MemRequest, MemoryModel } from '../../../sim/memory/memory-model.ts';
import { sharedMemoryTarget } from '../../../sim/hw/memory/shared-memory.ts';
import { Prng } from '../../../sim/model/prng.ts';
import { ddr4Config } from '../../memory/dram/ddr4-helpers.ts';

/** A real fixed-latency memory that also records the cycle each request entered it. */
class RecordingFixedMemory extends FixedMemory {
  readonly entered: number[] = [];
  override enqueue(req: MemRequest, cycle: number): void {
    this.entered.push(cycle);
    super.enqueue(req, cycle);
  }
}

/** A real DDR4 memory that also records (cycle, channel) of each request entering it. */
class RecordingDdr4 extends DramMemory {
  readonly entered: { cycle: number; channel: number }[] = [];
  private readonly at = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
  override enqueue(req: MemRequest, cycle: number): void {
    this.mapping.decode(req.addr, this.at);
    this.entered.push({ cycle, channel: this.at.channel });
    super.enqueue(req, cycle);
  }
}

interface Tagged extends MemRequest {
  readonly requester: number;
}

interface DriveResult {
  /** Per requester: [tag id, completion cycle] in the order its view reported them. */
  completions: [number, number][][];
  arbiter: MemoryArbiter;
  presented: number[];
}

/**
 * Drive an arbiter cycle by cycle (memory cycles) as the cores' ports would: each requester
 * presents its next request (sequential 64-byte reads from its own region) whenever its view
 * has room, then every view is advanced to the cycle. `order(c)` says in which order the
 * requesters act in cycle c (a port's events may run in any order within a time).
 */
function drive(
  model: MemoryModel,
  opts: { requesters: number; cycles: number; perRequester: number; policy?: ArbitrationPolicy; latency?: number; order?: (c: number) => number[]; region?: number; write?: (k: number, i: number) => boolean },
): DriveResult {
  const n = opts.requesters;
  const arbiter = new MemoryArbiter(sharedMemoryTarget(model), { requesters: n, policy: opts.policy ?? 'round_robin', latencyCycles: opts.latency ?? 1, queueDepth: 2 });
  const views = Array.from({ length: n }, (_, k) => arbiter.port(k));
  const completions: [number, number][][] = Array.from({ length: n }, () => []);
  const presented = new Array<number>(n).fill(0);
  const region = opts.region ?? 1 << 20;
  for (let c = 0; c < opts.cycles; c++) {
    const order = opts.order ? opts.order(c) : Array.from({ length: n }, (_, k) => k);
    for (const k of order) {
      const i = presented[k]!;
      if (i >= opts.perRequester) continue;
      const write = opts.write ? opts.write(k, i) : false;
      if (!views[k]!.canAccept(write, c)) continue;
      const req: Tagged = { id: k * 1_000_000 + i, addr: k * region + i * 64, bytes: 64, write, requester: k };
      views[k]!.enqueue(req, c);
      presented[k]!++;
    }
    for (const k of order) {
      views[k]!.advanceForRequestsAt!(c, (req, at) => {
        expect((req as Tagged).requester).toBe(k);
        completions[k]!.push([req.id, at]);
      });
    }
  }
  return { completions, arbiter, presented };
}

const ddr4 = (spec: Record<string, unknown> = {}) => new RecordingDdr4(ddr4Config({ mapping: 'rochrabacobg', ...spec }));

describe('memory arbiter', () => {
  it('round-robin is fair: two saturating requesters on one channel get equal grants (±1)', () => {
    for (const model of [new RecordingFixedMemory({ clockHz: 1e8, responseCycles: 5 }), ddr4()]) {
      const { arbiter, presented } = drive(model, { requesters: 2, cycles: 6000, perRequester: 1e9 });
      const g = arbiter.stats().grants;
      expect(g[0]! + g[1]!).toBeGreaterThan(1000);
      expect(Math.abs(g[0]! - g[1]!)).toBeLessThanOrEqual(1);
      // Both were held back (queue full) yet both kept making progress.
      expect(presented[0]! - g[0]!).toBeLessThanOrEqual(2);
    }
  });

  it('fixed priority serves requester 0 first: requester 1 starves while 0 saturates the channel', () => {
    const { arbiter } = drive(new RecordingFixedMemory({ clockHz: 1e8, responseCycles: 5 }), { requesters: 2, cycles: 2000, perRequester: 1e9, policy: 'fixed_priority' });
    const g = arbiter.stats().grants;
    expect(g[0]).toBeGreaterThan(1900);
    expect(g[1]).toBe(0);
  });

  it('serialises grants: at most one request enters each channel per cycle', () => {
    const fixed = new RecordingFixedMemory({ clockHz: 1e8, responseCycles: 3 });
    drive(fixed, { requesters: 4, cycles: 500, perRequester: 1e9 });
    expect(fixed.entered.length).toBeGreaterThan(450);
    expect(new Set(fixed.entered).size).toBe(fixed.entered.length);

    // Four requesters on four channels (1 MiB regions cover every channel stripe): one entry
    // per (cycle, channel), and more than one channel per cycle does happen.
    const m = ddr4({ channels: 4 });
    drive(m, { requesters: 4, cycles: 3000, perRequester: 1e9, region: 131072 });
    const keys = m.entered.map((e) => `${e.cycle}:${e.channel}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(m.entered.map((e) => e.cycle)).size).toBeLessThan(m.entered.length);
  });

  it('a grant enters the memory `latency` cycles later; an idle arbiter adds nothing else', () => {
    for (const latency of [0, 1, 3]) {
      const m = new RecordingFixedMemory({ clockHz: 1e8, responseCycles: 4 });
      const arbiter = new MemoryArbiter(sharedMemoryTarget(m), { requesters: 2, policy: 'round_robin', latencyCycles: latency, queueDepth: 2 });
      const v = arbiter.port(1);
      expect(v.canAccept(false, 10)).toBe(true);
      v.enqueue({ id: 7, addr: 0, bytes: 8, write: false }, 10);
      // The port's next look: no earlier than the grant plus latency plus one.
      expect(v.nextCompletionBound!()).toBe(10 + latency + 1);
      const done: [number, number][] = [];
      v.advanceForRequestsAt!(10 + latency + 4, (r, c) => done.push([r.id, c]));
      expect(m.entered).toEqual([10 + latency]);
      expect(done).toEqual([[7, 10 + latency + 4]]);
      expect(arbiter.port(0).nextEventCycle()).toBe(Infinity);
    }
  });

  it('routes every completion to the requester that made it, each exactly once', () => {
    const { completions, presented } = drive(ddr4({ channels: 2 }), { requesters: 3, cycles: 30000, perRequester: 300, write: (k, i) => (k + i) % 5 === 0 });
    for (let k = 0; k < 3; k++) {
      expect(presented[k]).toBe(300);
      const ids = completions[k]!.map(([id]) => id).sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: 300 }, (_, i) => k * 1_000_000 + i));
      // Reported in completion order.
      const at = completions[k]!.map(([, c]) => c);
      expect(at).toEqual([...at].sort((a, b) => a - b));
    }
  });

  it('back-pressure: a full channel queue refuses grants; waiting requests retry and all complete', () => {
    const { completions, arbiter } = drive(ddr4({ read_queue: 2, write_queue: 2 }), { requesters: 3, cycles: 30000, perRequester: 200, write: (k, i) => k === 2 && i % 2 === 0 });
    const s = arbiter.stats();
    for (let k = 0; k < 3; k++) expect(completions[k]).toHaveLength(200);
    expect(s.memory_full_cycles.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (let k = 0; k < 3; k++) expect(s.memory_full_cycles[k]!).toBeLessThanOrEqual(s.wait_cycles[k]!);
    expect(s.grants).toEqual([200, 200, 200]);
  });

  it('deterministic whatever order the requesters act in within a cycle', () => {
    const run = (order: (c: number) => number[]) => drive(ddr4({ channels: 2 }), { requesters: 4, cycles: 4000, perRequester: 400, region: 4096 * 3, order });
    const rng = new Prng(7);
    const shuffled = (c: number) => {
      void c;
      const o = [0, 1, 2, 3];
      for (let i = 3; i > 0; i--) {
        const j = Math.floor(rng.nextFloat() * (i + 1));
        [o[i], o[j]] = [o[j]!, o[i]!];
      }
      return o;
    };
    const a = run(() => [0, 1, 2, 3]);
    const b = run(() => [3, 2, 1, 0]);
    const c = run(shuffled);
    expect(b.completions).toEqual(a.completions);
    expect(c.completions).toEqual(a.completions);
    expect(b.arbiter.stats()).toEqual(a.arbiter.stats());
    expect(c.arbiter.stats()).toEqual(a.arbiter.stats());
  });

  it('counts the shared memory once: the views report no traffic of their own', () => {
    const m = ddr4();
    const { arbiter } = drive(m, { requesters: 2, cycles: 1000, perRequester: 50 });
    expect(m.stats().reads).toBe(100);
    expect(arbiter.port(0).stats().reads).toBe(0);
  });
});
