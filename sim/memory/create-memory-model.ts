import type { MemoryContext, MemorySection } from './memory-technology.ts';
import type { MemoryModel } from './memory-model.ts';
import { memoryTechnology } from './registry.ts';

export type { MemoryContext };

/** Build the timing model an arch's `memory:` section describes, through its technology. */
export function createMemoryModel(spec: MemorySection, ctx: MemoryContext): MemoryModel {
  return memoryTechnology(spec).create(spec, ctx);
}
