import { memoryTechnology } from '../../../sim/memory/registry.ts';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../sim/compiler/compile-model.ts';
import { Accelerator } from '../../../sim/hw/system/accelerator.ts';
import { resolveVectorCore } from '../../../sim/run/run-model.ts';
import { createMemoryModel } from '../../../sim/memory/create-memory-model.ts';
import { arch, smallModel } from '../system/fixtures.ts';
import { EveryCoreEdge } from './every-core-edge.ts';

function simulate(core: Record<string, unknown>, memory: Record<string, unknown>, everyEdge: boolean) {
  const a = arch(core, memory);
  const model = smallModel(5, 64, 128, 48, 2);
  const r = resolveVectorCore(a);
  const cores = r.cores;
  const programs = Array.from({ length: cores }, (_, k) => compileModel(model, k, { cores, fuseProjections: a.core.pipelining.fuse_projections, layout: 'input-fastest' }));
  const technology = memoryTechnology(a.memory);
  const perCore = technology.withChannels(a.memory, Math.max(1, technology.channels(a.memory) / cores));
  const memories = programs.map(() => {
    const m = createMemoryModel(perCore, { coreClockHz: r.core.clockHz });
    return everyEdge ? new EveryCoreEdge(m) : m;
  });
  const acc = new Accelerator({ core: r.core, datapath: null, cores, batch: r.batch, interconnectBytesPerCycle: r.interconnectBytesPerCycle }, programs, memories);
  acc.reset();
  const passes = [acc.runPass([1, 2, 3].slice(0, r.batch)), acc.runPass([4]), acc.runPass([5])];
  return {
    passes,
    events: acc.engine.eventsProcessed,
    memory: acc.memoryStats(),
    stream: acc.cores.map((c) => ({ ...c.stream.stats })),
    stalls: acc.cores.map((c) => [...c.stallCycles]),
    busy: acc.cores.map((c) => [...c.busyCycles]),
  };
}

const DDR = { model: 'ddr4', channels: 1, mapping: 'rochrabacobg' };

describe('lazy memory port', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['burst port, 32 in flight, shell', { clock_mhz: 150, memory_port: { width_bytes: 64, outstanding: 32 }, tmatmul: { weights_per_cycle: 256, fifo_bytes: 4096, accumulator_bits: 32 } }, { ...DDR, shell_latency_ns: 80 }],
    ['one byte, one in flight (paper-like)', { clock_mhz: 60, memory_port: { width_bytes: 1, outstanding: 1 }, tmatmul: { weights_per_cycle: 1, fifo_bytes: 256, accumulator_bits: 32 }, pipelining: { prefetch_weights: false, overlap_elementwise: false, fuse_projections: false } }, { ...DDR, shell_latency_ns: 80, mapping: 'rochrababgco' }],
    ['no shell, small queue (back-pressure), frequent refresh', { clock_mhz: 200, memory_port: { width_bytes: 32, outstanding: 16 }, tmatmul: { weights_per_cycle: 64, fifo_bytes: 1024, accumulator_bits: 32 } }, { ...DDR, read_queue: 4, timing: { tREFI: 700 } }],
    ['two cores, two channels, closed page, fcfs', { clock_mhz: 100, cores: 2, batch: 2, memory_port: { width_bytes: 16, outstanding: 8 }, tmatmul: { weights_per_cycle: 32, fifo_bytes: 512, accumulator_bits: 32 } }, { ...DDR, channels: 2, page_policy: 'closed', scheduler: 'fcfs', shell_latency_ns: 25 }],
  ];
  for (const [name, core, memory] of cases) {
    it(`gives the cycles of a port that advances the memory at every core edge: ${name}`, () => {
      const lazy = simulate(core, memory, false);
      const oracle = simulate(core, memory, true);
      expect(lazy.passes).toEqual(oracle.passes);
      expect(lazy.memory).toEqual(oracle.memory);
      expect(lazy.stream).toEqual(oracle.stream);
      expect(lazy.stalls).toEqual(oracle.stalls);
      expect(lazy.busy).toEqual(oracle.busy);
      // The oracle really did more work (so the comparison is not of two identical schedules).
      expect(oracle.events).toBeGreaterThan(lazy.events);
    });
  }
});
