import * as z from 'zod';
import { checkClocks, wholeHz } from './clock-checks.ts';
import { CoreSchema } from './core-schema.ts';
import { MemorySchema } from './memory-schema.ts';
import { WeightsSchema } from './weights-schema.ts';
import { SystemSchema } from './system-schema.ts';
import { memoryTechnology } from '../memory/registry.ts';
import { DeviceSectionSchema, PowerSectionSchema } from './power-schema.ts';

/** Text that reaches the terminal in reports: no C0/C1 control characters (escape sequences). */
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]*$/;

/**
 * The architecture YAML: the single source of truth for its TypeScript type, its
 * validation, its JSON Schema (`mmfsim schema`) and docs/arch-config.md.
 * Each section lives in its own file, owned by the part of the simulator it configures.
 */
export const ArchSchema = z
  .object({
    name: z.string().min(1).max(200).regex(PRINTABLE, 'must be printable text (no control characters): it is printed in reports').describe('Short identifier of this design, used in reports.'),
    description: z.string().max(10_000).regex(PRINTABLE, 'must be printable text (no control characters)').optional().describe('What this design is and where its numbers come from.'),
    core: CoreSchema.describe('The token-generation core: `kind` chooses the microarchitecture (paper or vector), and the numeric defaults are the paper core\'s (docs/paper-core.md).'),
    weights: WeightsSchema.prefault({}).describe('How the ternary weights are stored in memory (packing format).'),
    memory: MemorySchema.describe('The memory timing model behind the core memory port, chosen by `model`.'),
    system: SystemSchema.prefault({}).describe('Several boards running one model: how many, how the model is split, and the link between them.'),
    device: DeviceSectionSchema.prefault({}).describe('FPGA board or part the design is placed on (resources, static power, shell).'),
    power: PowerSectionSchema.prefault({}).describe('Power-model settings (temperature, DRAM I/O energy).'),
    symbols: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.number().int().nonnegative())
      .optional()
      .describe('DDR byte addresses bound to program symbols (`X: 0x0`). Unbound symbols are laid out by `mmfsim exec`.'),
  })
  .strict()
  // Checks across sections: the core's and the memory's clocks must share an exact timebase;
  // private memories split the channels evenly over the cores.
  .superRefine((arch, ctx) => {
    checkClocks(ctx, arch.core.clock_mhz, arch.memory);
    const technology = memoryTechnology(arch.memory);
    const channels = technology.channels(arch.memory);
    if (arch.core.memory_sharing === 'private' && channels > 0 && channels % arch.core.cores !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['core', 'cores'],
        message: `${arch.core.cores} cores need a multiple of ${arch.core.cores} DRAM channels with private memories (memory.${technology.channelKey} is ${channels}); set core.memory_sharing: shared to let the cores share the channels through an arbiter`,
      });
    }
    const crossing = arch.core.memory_port.clock_crossing;
    if (crossing && wholeHz(crossing.memory_side_mhz) === null) {
      ctx.addIssue({ code: 'custom', path: ['core', 'memory_port', 'clock_crossing', 'memory_side_mhz'], message: `the memory-side clock must be a whole number of Hz: ${crossing.memory_side_mhz} MHz is not` });
    }
    if (arch.system.boards > 1 && arch.system.partition === 'layers' && arch.core.cores !== 1) {
      ctx.addIssue({ code: 'custom', path: ['core', 'cores'], message: `system.partition: layers runs one core per board (the layer pipeline), but core.cores is ${arch.core.cores}` });
    }
  });

export type ArchSpec = z.infer<typeof ArchSchema>;
