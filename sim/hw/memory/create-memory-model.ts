import type { MemorySpec } from '../../arch/memory-schema.ts';
import { Ddr4Memory } from './dram/ddr4-memory.ts';
import { resolveDdr4Config } from './dram/ddr4-config.ts';
import { resolveHbm2Config } from './dram/hbm2-config.ts';
import { Hbm2Memory } from './dram/hbm2-memory.ts';
import { FixedMemory } from './fixed-memory.ts';
import type { MemoryModel } from './memory-model.ts';

/** What a memory model needs to know about the system it is attached to. */
export interface MemoryContext {
  /** The requesting core's clock (fixed-latency memory counts in core cycles). */
  coreClockHz: number;
}

/** Build the timing model an arch's `memory:` section describes. One case per `model`. */
export function createMemoryModel(spec: MemorySpec, ctx: MemoryContext): MemoryModel {
  switch (spec.model) {
    case 'fixed':
      return new FixedMemory({ clockHz: ctx.coreClockHz, responseCycles: spec.response_cycles });
    case 'ddr4':
      // DDR4 channels simulated command by command, in the DRAM clock (sim/hw/memory/dram/).
      return new Ddr4Memory(resolveDdr4Config(spec));
    case 'hbm2':
      // HBM2 pseudo-channels on the same DRAM controller, HBM2 table, 32-byte bursts.
      return new Hbm2Memory(resolveHbm2Config(spec));
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown memory model ${JSON.stringify(unreachable)}`);
    }
  }
}
