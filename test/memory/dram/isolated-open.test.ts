import { describe, expect, it } from 'vitest';
import type { DramConfig } from '../../../sim/memory/dram/dram-config.ts';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import { CMD, DRAM_COMMANDS } from '../../../sim/memory/dram/dram-standard.ts';
import { TimingEngine } from '../../../sim/memory/dram/timing-engine.ts';
import type { MemRequest } from '../../../sim/memory/memory-model.ts';
import { Hbm2Memory } from '../../../sim/memory/technologies/hbm2/hbm2-memory.ts';
import { xorshift32 } from '../../xorshift32.ts';
import { ddr4Config } from './ddr4-helpers.ts';
import { hbm2Config } from './hbm2-helpers.ts';

/**
 * Isolated reads that open their bank (IsolatedReadPath.openAndRead, reached through
 * ChannelController.isolatedRead after the refresh before the read's admission is issued)
 * against the event path: a requester with one read in flight — the paper core's port —
 * must see every read complete at the same cycle and every command issued at the same cycle,
 * with the same counters and energy activity, whether the isolated path serves what it can
 * or every read is queued. Its stream crosses refresh deadlines (the read after each opens
 * its bank again), jumps to other rows and ranks (closed banks, conflicts), pauses for
 * longer than tREFI, and sometimes allows only an early completion (`maxCompletion`).
 */
function observe(make: () => DramMemory, seed: number, n: number, isolated: boolean) {
  const mem = make();
  const commands: string[] = [];
  mem.setCommandListener((cmd, channel, rank, bankGroup, bank, row, cycle) => commands.push(`${cycle} ${DRAM_COMMANDS[cmd]} ${channel}.${rank}.${bankGroup}.${bank} r${row}`));
  const rand = xorshift32(seed);
  const burst = mem.maxRequestBytes;
  const tREFI = 9360;
  const completed: number[] = [];
  let opened = 0;
  let afterRefresh = 0;
  let served = 0;
  let done = -1;
  const onComplete = (_req: MemRequest, cycle: number) => {
    done = cycle;
  };
  let now = rand() % 50;
  let addr = (rand() % 4096) * burst;
  const gap = 1 + (rand() % 30);
  for (let i = 0; i < n; i++) {
    const r = rand() % 100;
    if (r < 3) addr = (rand() % (1 << 22)) * burst; // another row, bank or rank
    else if (r < 5) now += rand() % (2 * tREFI); // a pause across refresh deadlines
    const bytes = rand() % 4 === 0 ? burst : 1 + (rand() % burst);
    const at = addr - (addr % burst);
    // Sometimes the requester's next event leaves room for a row hit only.
    const tight = rand() % 5 === 0;
    const maxCompletion = tight ? now + 40 + (rand() % 60) : Infinity;
    const step = rand() % 3 === 0 ? burst : 0;
    if (isolated) {
      const before = commands.length;
      const c = mem.isolatedRead(at, bytes, now, maxCompletion);
      if (c >= 0) {
        expect(c).toBeLessThanOrEqual(maxCompletion);
        served++;
        const issued = commands.slice(before);
        if (issued.some((line) => line.includes(' ACT '))) opened++;
        if (issued.some((line) => line.includes(' REF '))) afterRefresh++;
        completed.push(c);
        now = c + gap;
        addr += step;
        continue;
      }
      mem.endIsolatedReads();
    }
    mem.advanceForRequestsAt(now, onComplete);
    expect(mem.canAccept(false, now)).toBe(true);
    mem.enqueue({ id: i, addr: at, bytes, write: false }, now);
    done = -1;
    for (let t = now; done < 0; ) {
      const next = Math.max(mem.nextCompletionBound(), t);
      mem.advanceForRequestsAt(next, onComplete);
      t = next + 1;
    }
    completed.push(done);
    now = done + gap;
    addr += step;
  }
  mem.endIsolatedReads();
  mem.advanceTo(now + 5000, () => {});
  return { completed, commands, stats: mem.stats(), activity: mem.activity(), opened, afterRefresh, served };
}

/** Both runs of one stream, required to agree on everything observable; the fast run's counts. */
function compare(make: () => DramMemory, seed: number) {
  const plain = observe(make, seed, 1500, false);
  const fast = observe(make, seed, 1500, true);
  expect(fast.completed).toEqual(plain.completed);
  expect(fast.commands).toEqual(plain.commands);
  expect(fast.stats).toEqual(plain.stats);
  expect(fast.activity).toEqual(plain.activity);
  return fast;
}

const variants: [string, Record<string, unknown>][] = [
  ['DDR4-2400, 1 rank, shell 80 ns', { shell_latency_ns: 80 }],
  ['2 ranks, bank-group interleave, shell 10 ns', { ranks: 2, mapping: 'rochrabacobg', shell_latency_ns: 10 }],
  ['FCFS, no shell', { scheduler: 'fcfs', shell_latency_ns: 0 }],
  ['closed page (never opens)', { page_policy: 'closed', shell_latency_ns: 40 }],
  ['short refresh interval, 2 ranks', { ranks: 2, shell_latency_ns: 30, timing: { tREFI: 700 } }],
];

describe('isolated reads that open their bank give the event path’s results', () => {
  for (const [name, spec] of variants) {
    it(`DDR4: ${name}`, () => {
      const config: DramConfig = ddr4Config(spec);
      let opened = 0;
      let afterRefresh = 0;
      let served = 0;
      for (let seed = 1; seed <= 5; seed++) {
        const fast = compare(() => new DramMemory(config), seed * 7919);
        opened += fast.opened;
        afterRefresh += fast.afterRefresh;
        served += fast.served;
      }
      // The comparison is only worth something where reads opened their banks.
      // (A read served right after the refresh that closed its bank: the catch-up engaged.)
      if (spec['page_policy'] === 'closed') expect(served).toBe(0);
      else {
        expect(opened).toBeGreaterThan(50);
        expect(afterRefresh).toBeGreaterThan(20);
      }
    });
  }

  it('HBM2 pseudo-channels (1-byte to 32-byte reads)', () => {
    const config = hbm2Config({ shell_latency_ns: 40 });
    let opened = 0;
    for (let seed = 1; seed <= 3; seed++) opened += compare(() => new Hbm2Memory(config), seed * 104729).opened;
    expect(opened).toBeGreaterThan(50);
  });
});

describe('TimingEngine.earliestAfter', () => {
  it('answers as earliestAt would after the issue, without changing the table', () => {
    const config = ddr4Config({ ranks: 2 });
    const fanouts = [config.ranks, config.org.bankGroups, config.org.banksPerGroup];
    const a = new TimingEngine(config.standard, config.timing, fanouts);
    const b = new TimingEngine(config.standard, config.timing, fanouts);
    const banks = config.ranks * config.org.bankGroups * config.org.banksPerGroup;
    const bankCommands = [CMD.ACT, CMD.PRE, CMD.RD, CMD.WR];
    const rankCommands: number[] = [CMD.PREA, CMD.REF];
    const target = (cmd: number, r: number) => (rankCommands.includes(cmd) ? r % config.ranks : r % banks);
    const rand = xorshift32(12345);
    const all = [...bankCommands, ...rankCommands];
    let clk = 0;
    let raised = 0;
    for (let i = 0; i < 4000; i++) {
      const prev = all[rand() % all.length]!;
      const prevNode = target(prev, rand());
      clk += rand() % 8;
      // Often the same bank or its neighbours (ACTs four at a time in one rank: tFAW's window).
      const cmd = all[rand() % all.length]!;
      const node = rand() % 2 === 0 ? target(cmd, prevNode) : target(cmd, rand());
      const before = a.earliestAt(cmd, node);
      const predicted = a.earliestAfter(cmd, node, prev, prevNode, clk);
      expect(a.earliestAt(cmd, node)).toBe(before); // asking changed nothing
      a.issueAt(prev, prevNode, clk);
      b.issueAt(prev, prevNode, clk);
      expect(predicted).toBe(a.earliestAt(cmd, node));
      if (predicted > before) raised++;
    }
    expect(raised).toBeGreaterThan(500);
    // Both engines saw the same issues: the questions left no trace.
    for (let node = 0; node < banks; node++) for (const cmd of bankCommands) expect(a.earliestAt(cmd, node)).toBe(b.earliestAt(cmd, node));
  });
});
