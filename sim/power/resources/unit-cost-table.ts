import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { NonNegativeQuantitySchema, ProvenanceKindSchema } from '../../arch/provenance.ts';
import { loadShippedTable, loadYamlConfig } from '../../arch/yaml-config.ts';

/**
 * The cost table of the core units (sim/power/coefficients/core-units.yaml): what each
 * primitive (an adder bit, a multiplexer input, a divider bit², a floating-point operator)
 * and each unit's control logic costs in LUTs and flip-flops, and how the paper core stores
 * its registers and accumulators. Every figure carries its provenance; the demand functions
 * (paper-core-demand.ts, vector-core-demand.ts) log each one they use.
 */

const Q = NonNegativeQuantitySchema;
const StorageSchema = z
  .object({ style: z.enum(['flops', 'ram']), provenance: ProvenanceKindSchema, note: z.string().min(1) })
  .strict();
const ControlSchema = z.object({ luts: Q, ffs: Q }).strict();

export const CoreUnitCostsSchema = z
  .object({
    id: z.string().min(1),
    storage: z.object({ vector_registers: StorageSchema, accumulators: StorageSchema }).strict(),
    primitives: z
      .object({
        adder_lut_per_bit: Q,
        saturate_lut_per_bit: Q,
        mux_inputs_per_lut: Q,
        divider_lut_per_bit2: Q,
        instruction_memory_words: Q,
        register_file_read_ports: Q,
        register_file_writers: Q,
      })
      .strict(),
    control: z
      .object({
        issue: ControlSchema,
        load_store: ControlSchema,
        tmatmul: ControlSchema,
        rowwise: ControlSchema,
        rms: ControlSchema,
        memory_port: ControlSchema,
      })
      .strict(),
    vector_core: z
      .object({
        fp32_multiplier: z.object({ luts: Q, ffs: Q, mantissa_bits: Q }).strict(),
        fp32_adder: ControlSchema,
        fp32_divider: ControlSchema,
        fp32_rsqrt: ControlSchema,
        fp32_exp: z.object({ luts: Q, ffs: Q, multipliers: Q }).strict(),
        int_float_convert: ControlSchema,
        state_round: z.object({ luts: Q }).strict(),
        fp32_compare_luts: Q,
        instruction_fields: Q,
        opcode_bits: Q,
        rowwise_multipliers_per_lane: Q,
        rowwise_adders_per_lane: Q,
        quantize_multipliers_per_lane: Q,
        ternary_product_bits: Q,
        ternary_select_lut_per_bit: Q,
        control: z
          .object({
            issue: ControlSchema,
            load_store: ControlSchema,
            memory_port: ControlSchema,
            tmatmul: ControlSchema,
            weight_fifo: ControlSchema,
            quantize: ControlSchema,
            rowwise: ControlSchema,
            all_gather: ControlSchema,
          })
          .strict(),
      })
      .strict(),
  })
  .strict();
export type CoreUnitCosts = z.infer<typeof CoreUnitCostsSchema>;

const COSTS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'coefficients', 'core-units.yaml');
let costsCache: CoreUnitCosts | undefined;

export function loadCoreUnitCosts(file: string = COSTS_FILE): CoreUnitCosts {
  if (file === COSTS_FILE) return (costsCache ??= loadShippedTable(COSTS_FILE, CoreUnitCostsSchema));
  return loadYamlConfig(file, CoreUnitCostsSchema);
}
