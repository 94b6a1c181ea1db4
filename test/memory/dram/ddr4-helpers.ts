import { Ddr4MemorySchema } from '../../../sim/memory/technologies/ddr4/ddr4-schema.ts';
import type { DramConfig } from '../../../sim/memory/dram/dram-config.ts';
import { resolveDdr4Config } from '../../../sim/memory/technologies/ddr4/ddr4-config.ts';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import { DRAM_COMMANDS, type DramCommand } from '../../../sim/memory/dram/dram-standard.ts';
import type { DramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { playTrace, type TracePlayResult } from '../../../sim/memory/dram/trace-player.ts';

/** A DDR4 config from YAML-style keys (defaults: DDR4-2400, 1 channel, 1 rank, open page). */
export function ddr4Config(spec: Record<string, unknown> = {}): DramConfig {
  return resolveDdr4Config(Ddr4MemorySchema.parse({ model: 'ddr4', ...spec }));
}

export interface IssuedCommand {
  cmd: DramCommand;
  channel: number;
  rank: number;
  bankGroup: number;
  bank: number;
  row: number;
  cycle: number;
}

export function traceOf(requests: { addr: number; write?: boolean; cycle?: number }[]): DramTrace {
  return {
    length: requests.length,
    addr: Float64Array.from(requests, (r) => r.addr),
    write: Uint8Array.from(requests, (r) => (r.write ? 1 : 0)),
    cycle: Float64Array.from(requests, (r) => r.cycle ?? 0),
  };
}

export function sequentialReads(n: number, stride = 64): DramTrace {
  return traceOf(Array.from({ length: n }, (_, i) => ({ addr: i * stride })));
}

/** Run a trace and record every command the controller issued. */
export function runRecorded(config: DramConfig, trace: DramTrace): { result: TracePlayResult; commands: IssuedCommand[]; model: DramMemory } {
  const model = new DramMemory(config);
  const commands: IssuedCommand[] = [];
  model.setCommandListener((cmd, channel, rank, bankGroup, bank, row, cycle) =>
    commands.push({ cmd: DRAM_COMMANDS[cmd]!, channel, rank, bankGroup, bank, row, cycle }),
  );
  const result = playTrace(model, trace);
  return { result, commands, model };
}

/** Address of (rank, bank group, bank, row, burst column) under `rochrababgco`, 1 rank. */
export function addrRoBaBgCo(row: number, bank: number, bankGroup: number, column = 0, rank = 0, ranks = 1): number {
  // Fields LSB first: 6 offset bits, 7 column bits, 2 bank group bits, 2 bank bits, rank, row.
  return ((((row * ranks + rank) * 4 + bank) * 4 + bankGroup) * 128 + column) * 64;
}
