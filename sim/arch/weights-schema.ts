import * as z from 'zod';
import { WEIGHT_FORMATS, WEIGHT_FORMAT_NAMES, type WeightFormatName } from '../isa/weight-formats.ts';

/** The weights section of the arch YAML: how ternary weights are stored (sim/isa/weight-formats.ts). */
export const WeightsSchema = z
  .object({
    format: z
      .enum(WEIGHT_FORMAT_NAMES as [WeightFormatName, ...WeightFormatName[]])
      .default('ternary-2bit')
      .describe(
        `Packed weight format. ${WEIGHT_FORMAT_NAMES.map((n) => `${n}: ${WEIGHT_FORMATS[n].summary}`).join('; ')}. The compiler's layout, the streamed bytes and the decoder's resources and latency follow it; the tokens do not change.`,
      ),
  })
  .strict();
