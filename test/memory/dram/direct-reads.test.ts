import { describe, expect, it } from 'vitest';
import type { DramConfig } from '../../../sim/memory/dram/dram-config.ts';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import { DRAM_COMMANDS } from '../../../sim/memory/dram/dram-standard.ts';
import type { MemRequest } from '../../../sim/memory/memory-model.ts';
import { Hbm2Memory } from '../../../sim/memory/technologies/hbm2/hbm2-memory.ts';
import { xorshift32 } from '../../xorshift32.ts';
import { ddr4Config } from './ddr4-helpers.ts';
import { hbm2Config } from './hbm2-helpers.ts';

/**
 * Direct reads (sim/memory/dram/direct-read-path.ts) against the plain controller: the same
 * requester, driven the way a memory port drives a memory (requests checked with canAccept
 * and entered in order, several per cycle; a refused one waits for the memory's next event;
 * the memory advanced for the requester's cycle), must see every request accepted and
 * completed at the same cycle, and every command issued at the same cycle, with the same
 * counters and energy activity, whether the controller serves provable reads directly or not.
 */
interface Offer {
  cycle: number;
  addr: number;
  write: boolean;
}

function observe(make: () => DramMemory, offers: Offer[], direct: boolean, turnOn = (mem: DramMemory) => mem.setDirectReads(direct)) {
  const mem = make();
  turnOn(mem);
  const commands: string[] = [];
  mem.setCommandListener((cmd, channel, rank, bankGroup, bank, row, cycle) => commands.push(`${cycle} ${DRAM_COMMANDS[cmd]} ${channel}.${rank}.${bankGroup}.${bank} r${row}`));
  const accepted: number[] = [];
  const completed: string[] = [];
  const onComplete = (req: MemRequest, cycle: number) => completed.push(`${req.id}@${cycle}`);
  let now = 0;
  let i = 0;
  while (i < offers.length) {
    if (offers[i]!.cycle > now) now = offers[i]!.cycle;
    mem.advanceForRequestsAt(now, onComplete);
    let blocked = false;
    while (i < offers.length && offers[i]!.cycle <= now) {
      const o = offers[i]!;
      if (!mem.canAccept(o.write, now)) {
        blocked = true;
        break;
      }
      mem.enqueue({ id: i, addr: o.addr, bytes: mem.maxRequestBytes, write: o.write }, now);
      accepted.push(now);
      i++;
    }
    // Waiting for room: try again the cycle after the memory's next state change (as the port does).
    if (blocked) now = Math.max(now + 1, mem.nextEventCycle() + 1);
    else if (i < offers.length) now = Math.max(now + 1, offers[i]!.cycle);
  }
  for (let next = mem.nextCompletionBound(); Number.isFinite(next); next = mem.nextCompletionBound()) {
    mem.advanceForRequestsAt(Math.max(next, now), onComplete);
    now = Math.max(next, now) + 1;
  }
  mem.advanceTo(now + 5000, onComplete);
  return { accepted, completed, commands, stats: mem.stats(), served: mem.directReadsServed() };
}

/**
 * Streams like the weight reader's (consecutive bursts, one every `gap` cycles, several at
 * once), interleaved with random reads and writes — some in the same cycle as a streamed
 * read, some in bursts that fill the write buffer — and pauses across refresh deadlines.
 */
function offers(seed: number, burst: number, tREFI: number, n: number): Offer[] {
  const rand = xorshift32(seed);
  const out: Offer[] = [];
  let cycle = rand() % 50;
  let addr = (rand() % 4096) * burst;
  const gap = 6 + (rand() % 12);
  const perCycle = 1 + (rand() % 2);
  while (out.length < n) {
    const r = rand() % 100;
    if (r < 2) {
      // A burst of writes (or reads) elsewhere, all in one cycle: write-drain marks, back-pressure.
      const k = 1 + (rand() % 12);
      const write = rand() % 3 !== 0;
      for (let j = 0; j < k; j++) out.push({ cycle, addr: (rand() % (1 << 20)) * burst, write });
    } else if (r < 4) {
      cycle += rand() % (2 * tREFI);
    } else if (r < 6) {
      addr = (rand() % (1 << 20)) * burst;
    }
    for (let j = 0; j < perCycle; j++) {
      out.push({ cycle, addr, write: false });
      addr += burst;
    }
    if (rand() % 25 === 0) out.push({ cycle, addr: (rand() % (1 << 20)) * burst, write: rand() % 3 === 0 });
    cycle += gap;
  }
  return out;
}

const ddr4Variants: [string, Record<string, unknown>][] = [
  ['DDR4-2400, 1 rank, shell 80 ns', { shell_latency_ns: 80 }],
  ['2 ranks, bank-group interleave, shell 10 ns', { ranks: 2, mapping: 'rochrabacobg', shell_latency_ns: 10 }],
  ['small queues (read 4, write 2, drain at 1)', { read_queue: 4, write_queue: 2, write_high_watermark: 0.5, write_low_watermark: 0.25, shell_latency_ns: 40 }],
  ['FCFS, 1-cycle shell', { scheduler: 'fcfs', shell_latency_ns: 1 }],
  ['closed page (never direct)', { page_policy: 'closed', shell_latency_ns: 40 }],
  ['no shell (never direct)', { shell_latency_ns: 0 }],
  ['short refresh interval', { shell_latency_ns: 30, timing: { tREFI: 1500 } }],
];

describe('direct reads give the plain controller’s results', () => {
  for (const [name, spec] of ddr4Variants) {
    it(`DDR4: ${name}`, () => {
      const config: DramConfig = ddr4Config(spec);
      let served = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const o = offers(seed * 7919, config.burstBytes, config.timing.tREFI, 1500);
        const make = () => new DramMemory(config);
        const plain = observe(make, o, false);
        const direct = observe(make, o, true);
        expect(direct.accepted).toEqual(plain.accepted);
        expect(direct.completed).toEqual(plain.completed);
        expect(direct.commands).toEqual(plain.commands);
        expect(direct.stats).toEqual(plain.stats);
        expect(plain.served).toBe(0);
        served += direct.served;
      }
      // The comparison is only worth something where the path was taken.
      if (spec['page_policy'] === 'closed' || spec['shell_latency_ns'] === 0) expect(served).toBe(0);
      else expect(served).toBeGreaterThan(300);
    });
  }

  it('HBM2: off in production, and exact where forced on (two bursts per request, 32 pseudo-channels)', () => {
    const config = hbm2Config({ shell_latency_ns: 40 });
    let served = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const o = offers(seed * 104729, 64, config.timing.tREFI, 1500);
      const make = () => new Hbm2Memory(config);
      const plain = observe(make, o, false);
      // Hbm2Memory keeps the path off (it cost more than it saved there) ...
      expect(observe(make, o, true).served).toBe(0);
      // ... but the channels' path itself must still be exact on HBM2 timing.
      const forced = observe(make, o, true, (mem) => DramMemory.prototype.setDirectReads.call(mem, true));
      expect(forced.accepted).toEqual(plain.accepted);
      expect(forced.completed).toEqual(plain.completed);
      expect(forced.commands).toEqual(plain.commands);
      expect(forced.stats).toEqual(plain.stats);
      served += forced.served;
    }
    expect(served).toBeGreaterThan(300);
  });

  it('serves a pipelined stream directly, refusing nothing it should not', () => {
    // A stream of row hits, one every 8 cycles, 12 in flight: after the first row misses
    // every read is served directly, and the observable results still match.
    const config = ddr4Config({ shell_latency_ns: 80 });
    const o = Array.from({ length: 400 }, (_, j) => ({ cycle: 8 * j, addr: 64 * j, write: false }));
    const make = () => new DramMemory(config);
    const plain = observe(make, o, false);
    const direct = observe(make, o, true);
    expect(direct.completed).toEqual(plain.completed);
    expect(direct.commands).toEqual(plain.commands);
    expect(plain.stats.detail['rd']).toBe(400);
    // Every read but each row's first (which opens it: ACT) is served directly.
    expect(direct.served).toBeLessThanOrEqual(plain.stats.detail['rd']! - plain.stats.detail['act']!);
    expect(direct.served).toBeGreaterThan(300);
  });

  it('never reports a state change in the past after serving reads late (the shared-channel arbiter livelock)', () => {
    // The shared-channel arbiter enters each granted request `latency` cycles after the grant,
    // and moves on (asks about room) further ahead still: reads settled late may have RD
    // cycles the requester has already passed. Reporting one as the next state change made
    // the arbiter's ports wake at the same instant for ever.
    const config = ddr4Config({ shell_latency_ns: 10 });
    const mem = new DramMemory(config);
    mem.setDirectReads(true);
    const done: number[] = [];
    const onComplete = (_r: MemRequest, c: number) => done.push(c);
    // Open the row (the first read misses), then six row hits entering together at 200.
    mem.enqueue({ id: 0, addr: 0, bytes: 64, write: false }, 0);
    mem.advanceForRequestsAt(150, onComplete);
    for (let j = 1; j <= 6; j++) mem.enqueue({ id: j, addr: 64 * j, bytes: 64, write: false }, 200);
    // The requester is next heard of far past their RD cycles (advancing, not asking for room,
    // as the arbiter does for a channel its grants did not touch).
    const later = 400;
    mem.advanceForRequestsAt(later, onComplete);
    expect(done.length).toBe(7);
    expect(mem.directReadsServed()).toBeGreaterThan(0);
    const next = mem.nextStateChangeCycle();
    expect(next === Infinity || next >= later).toBe(true);
  });
});
