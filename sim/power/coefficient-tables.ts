import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { loadShippedTable } from '../arch/yaml-config.ts';
import { NonNegativeQuantitySchema } from '../arch/provenance.ts';

/**
 * Schemas and loaders of the power coefficient tables in sim/power/coefficients/. The tables
 * are data with provenance; nothing here computes power.
 */
const Q = NonNegativeQuantitySchema;

export const FamilyDynamicSchema = z
  .object({
    k_w_per_mhz: z.object({ logic: Q, registers: Q, bram: Q, uram: Q, dsp: Q }).strict(),
    idle_fraction: Q.refine((q) => q.value <= 1, 'idle_fraction must be at most 1'),
    /**
     * Per resource kind, where the family's coefficients separate them: the share of a kind's
     * reference power an idle, clocked unit still draws. Absent: `idle_fraction` for every kind.
     */
    idle_fraction_by_kind: z
      .object({ logic: Q, registers: Q, bram: Q, uram: Q, dsp: Q })
      .strict()
      .refine((o) => Object.values(o).every((q) => q.value <= 1), 'every idle fraction must be at most 1')
      .optional(),
  })
  .strict();
export type FamilyDynamic = z.infer<typeof FamilyDynamicSchema>;

export const FpgaDynamicTableSchema = z
  .object({
    id: z.literal('fpga-dynamic'),
    reference_toggle_rate: Q,
    families: z.record(z.string(), FamilyDynamicSchema),
  })
  .strict();
export type FpgaDynamicTable = z.infer<typeof FpgaDynamicTableSchema>;

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'coefficients');
let fpgaCache: FpgaDynamicTable | undefined;

export function loadFpgaDynamicTable(): FpgaDynamicTable {
  return (fpgaCache ??= loadShippedTable(join(DIR, 'fpga-dynamic.yaml'), FpgaDynamicTableSchema));
}
