import { z } from 'zod';
import { CoreSchema } from './core-schema.ts';
import { MemorySchema } from './memory-schema.ts';
import { WeightsSchema } from './weights-schema.ts';
import { DeviceSectionSchema, PowerSectionSchema } from './power-schema.ts';

/**
 * The architecture YAML: the single source of truth for its TypeScript type, its
 * validation, its JSON Schema (`mmfsim schema`) and docs/arch-config.md.
 * Each section lives in its own file, owned by the part of the simulator it configures.
 */
export const ArchSchema = z
  .object({
    name: z.string().min(1).describe('Short identifier of this design, used in reports.'),
    description: z.string().optional().describe('What this design is and where its numbers come from.'),
    core: CoreSchema.describe('The token-generation core: `kind` chooses the microarchitecture (paper or vector), and the numeric defaults are the paper core\'s (docs/paper-core.md).'),
    weights: WeightsSchema.prefault({}).describe('How the ternary weights are stored in memory (packing format).'),
    memory: MemorySchema.describe('The memory timing model behind the core memory port, chosen by `model`.'),
    device: DeviceSectionSchema.prefault({}).describe('FPGA board or part the design is placed on (resources, static power, shell).'),
    power: PowerSectionSchema.prefault({}).describe('Power-model settings (temperature, DRAM I/O energy).'),
    symbols: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.number().int().nonnegative())
      .optional()
      .describe('DDR byte addresses bound to program symbols (`X: 0x0`). Unbound symbols are laid out by `mmfsim exec`.'),
  })
  .strict();

export type ArchSpec = z.infer<typeof ArchSchema>;
