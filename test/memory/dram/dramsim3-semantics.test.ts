import { describe, expect, it } from 'vitest';
import type { DramConfig } from '../../../sim/memory/dram/dram-config.ts';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import type { DramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { playTrace } from '../../../sim/memory/dram/trace-player.ts';
import { ddr4Config } from './ddr4-helpers.ts';
import { traceKind } from './dramsim3-traces.ts';
import { runReference } from './dramsim3-reference.ts';
import { hbm2Config } from './hbm2-helpers.ts';

/**
 * `controller: dramsim3` (CommandQueueController, event-driven) against the plain
 * cycle-by-cycle statement of DRAMsim3's semantics (dramsim3-reference.ts): every command at
 * the same cycle on the same bank, every request accepted and completed at the same cycle.
 */
function compare(config: DramConfig, trace: DramTrace): { commands: number } {
  const ref = runReference(config, trace, { rowHitCap: config.rowHitCap, dualCommand: config.dualCommand, writeIdleDrain: config.idleWriteDrain });
  const model = new DramMemory(config);
  const ours: string[] = [];
  const perBank = config.org.bankGroups * config.org.banksPerGroup;
  model.setCommandListener((cmd, ch, rank, bg, ba, _row, cycle) => ours.push(`${ch} ${cycle} ${cmd} ${bg < 0 ? rank : rank * perBank + bg * config.org.banksPerGroup + ba}`));
  const r = playTrace(model, trace, config.burstBytes);
  // The reference stops once every column command has issued: compare up to its last command per channel.
  const last = new Map<number, number>();
  for (const c of ref.commands) last.set(c.channel, Math.max(last.get(c.channel) ?? -1, c.cycle));
  const byChannel = (xs: string[]) => [...xs].sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]) || Number(a.split(' ')[1]) - Number(b.split(' ')[1]));
  const theirs = byChannel(ref.commands.map((c) => `${c.channel} ${c.cycle} ${c.cmd} ${c.target}`));
  const mine = byChannel(ours.filter((c) => Number(c.split(' ')[1]) <= (last.get(Number(c.split(' ')[0])) ?? -1)));
  expect(mine).toEqual(theirs);
  for (let i = 0; i < trace.length; i++) {
    expect(r.acceptedAt[i]).toBe(ref.acceptedAt[i]);
    if (ref.completedAt[i]! >= 0) expect(r.completedAt[i]).toBe(ref.completedAt[i]);
  }
  return { commands: theirs.length };
}

const DRAMSIM3 = { controller: 'dramsim3', write_high_watermark: 1, write_low_watermark: 0 };
const configs: [string, DramConfig, number, number][] = [
  ['DDR4 2 ranks', ddr4Config({ ...DRAMSIM3, ranks: 2, turnarounds: 'dramsim3', timing: { tRTRS: 1 } }), 64, 2 ** 18],
  ['DDR4 1 rank, closed page, shell, watermarks 0.8/0.2, idle writes drained', ddr4Config({ controller: 'dramsim3', page_policy: 'closed', shell_latency_ns: 10, hold_idle_writes: false }), 64, 2 ** 17],
  ['DDR4 FCFS, bank queue 2', ddr4Config({ ...DRAMSIM3, scheduler: 'fcfs', bank_queue: 2 }), 64, 2 ** 17],
  ['HBM2 legacy 2 channels (dual command)', hbm2Config({ ...DRAMSIM3, preset: 'hbm2-2000', mode: 'legacy', pseudo_channels: 2, mapping: 'rorabgbachco' }), 64, 2 ** 17],
];

describe('controller: dramsim3 issues exactly the reference statement of DRAMsim3 semantics', () => {
  for (const [name, config, burst, rowStride] of configs) {
    it.each(['seq-read', 'random-read', 'seq-write', 'mix', 'conflict', 'sparse'])(`${name}: %s`, (kind) => {
      const { commands } = compare(config, traceKind(kind, 400, burst, rowStride));
      // At least a command per request (DRAMsim3 may leave up to 8 writes buffered for good).
      expect(commands).toBeGreaterThan(390);
    });
  }
});
