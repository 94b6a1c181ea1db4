import * as z from 'zod';
import type { MemorySection } from '../memory/memory-technology.ts';
import { findMemoryTechnology, memoryTechnologies, memoryTechnologyNames } from '../memory/registry.ts';

/**
 * A validated `memory:` section. Its shape belongs to the technology `model` names (each
 * technology's schema lives in its folder under sim/memory/technologies/); code outside that
 * folder reaches its fields only through the technology (sim/memory/registry.ts).
 */
export type MemorySpec = MemorySection;

/**
 * The `memory:` section: `model` picks a registered technology, whose own schema then
 * validates (and fills the defaults of) the whole section. Dispatching at parse time keeps
 * technologies registered at run time as valid as the built-in ones; issues keep their
 * codes and key paths, so errors still point at the line and key.
 */
export const MemorySchema: z.ZodType<MemorySpec> = z
  .looseObject({ model: z.string().describe('The memory technology: a registered name (fixed, ddr4, hbm2, …).') })
  .transform((section, ctx) => {
    const technology = findMemoryTechnology(section.model);
    if (!technology) {
      ctx.addIssue({ code: 'custom', path: ['model'], message: `unknown memory model '${section.model}': expected one of ${memoryTechnologyNames().join(', ')}` });
      return z.NEVER;
    }
    const result = technology.schema.safeParse(section);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
      return z.NEVER;
    }
    return result.data as MemorySpec;
  });

/** The section as a union of every registered technology's schema: what the JSON Schema and the docs show. */
export function memorySchemaUnion(): z.ZodType {
  // Every technology schema is a strict object with a literal `model` (MemoryTechnology.schema).
  const schemas = memoryTechnologies().map((t) => t.schema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z.discriminatedUnion('model', schemas);
}
