import type { MemorySpec } from '../../arch/memory-schema.ts';
import { Ddr4Memory } from './dram/ddr4-memory.ts';
import { resolveDdr4Config } from './dram/ddr4-config.ts';
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
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown memory model ${JSON.stringify(unreachable)}`);
    }
  }
}
