import type { MemoryTechnology } from '../../memory-technology.ts';
import { FixedMemory } from './fixed-memory.ts';
import { FixedMemorySchema, type FixedMemorySpec } from './fixed-schema.ts';

/** The authors' RTL testbench memory: every request answered a fixed number of core cycles later. */
export const fixedTechnology: MemoryTechnology<FixedMemorySpec> = {
  name: 'fixed',
  description: 'An idealised memory answering every request a fixed number of core cycles later (the RTL testbench)',
  schema: FixedMemorySchema,
  channelKey: null,
  channels: () => 0,
  withChannels: (spec) => spec,
  peakBytesPerS: () => Infinity,
  burstBytes: () => null,
  create: (spec, ctx) => new FixedMemory({ clockHz: ctx.coreClockHz, responseCycles: spec.response_cycles }),
  energyTable: () => null,
  summary: (spec) => ({ response_cycles: spec.response_cycles }),
};
