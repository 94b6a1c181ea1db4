import * as z from 'zod';

/**
 * One axis of a sweep: the values a dotted arch path takes. Either an explicit list (any
 * YAML values: numbers, strings such as a device id or a memory preset, whole sections) or
 * a range, discretised by a step or a count on a linear or a log scale.
 */
/** At most this many values per range (a typo such as step 0.0001 fails early). */
export const MAX_RANGE_VALUES = 100_000;

export const RangeAxisSchema = z
  .object({
    range: z.tuple([z.number(), z.number()]).describe('[lo, hi], both included when the steps reach hi.'),
    step: z.number().positive().optional().describe('Linear: lo, lo+step, … ≤ hi. Log: the factor between values (lo, lo·step, … ≤ hi; > 1).'),
    count: z.number().int().min(1).optional().describe('This many values from lo to hi, evenly spaced on the scale (1: lo only).'),
    scale: z.enum(['linear', 'log']).default('linear').describe('Spacing of the values.'),
    integer: z.boolean().optional().describe('Round every value to an integer (default: when lo, hi and step are integers).'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.step === undefined) === (r.count === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of step or count' });
    if (r.range[1] < r.range[0]) ctx.addIssue({ code: 'custom', path: ['range'], message: `hi (${r.range[1]}) is below lo (${r.range[0]})` });
    if (r.scale === 'log' && !(r.range[0] > 0)) ctx.addIssue({ code: 'custom', path: ['range'], message: 'a log scale needs lo > 0' });
    if (r.scale === 'log' && r.step !== undefined && !(r.step > 1)) ctx.addIssue({ code: 'custom', path: ['step'], message: 'a log step is a factor and must be > 1' });
    else if (r.step !== undefined && r.range[1] >= r.range[0] && !(r.scale === 'log' && !(r.range[0] > 0))) {
      const n = stepCount(r.range[0], r.range[1], r.step, r.scale === 'log');
      if (n > MAX_RANGE_VALUES) ctx.addIssue({ code: 'custom', path: ['step'], message: `this step gives ${n} values (at most ${MAX_RANGE_VALUES})` });
    }
  });

/** Values lo, lo∘step, … ≤ hi (∘ = + or ×); the last may overshoot hi by float noise only. */
function stepCount(lo: number, hi: number, step: number, log: boolean): number {
  return log ? Math.floor(Math.log(hi / lo) / Math.log(step) + 1e-9) + 1 : Math.floor((hi - lo) / step + 1e-9) + 1;
}
export type RangeAxis = z.infer<typeof RangeAxisSchema>;

export const AxisSchema = z.union([z.array(z.any()).min(1).describe('The values, in order.'), RangeAxisSchema]);
export type AxisSpec = z.infer<typeof AxisSchema>;

/** 12 significant digits: 0.1 + 0.2 is 0.3 on an axis, and 64·2^(1/3)^3 is 128. */
function tidy(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(12));
}

/** The values of an axis, in order. */
export function axisValues(axis: AxisSpec): unknown[] {
  if (Array.isArray(axis)) return axis;
  const [lo, hi] = axis.range;
  const integer = axis.integer ?? (Number.isInteger(lo) && Number.isInteger(hi) && (axis.step === undefined || Number.isInteger(axis.step)));
  const values: number[] = [];
  const log = axis.scale === 'log';
  if (axis.count !== undefined) {
    const n = axis.count;
    for (let i = 0; i < n; i++) {
      const t = n === 1 ? 0 : i / (n - 1);
      values.push(log ? lo * (hi / lo) ** t : lo + (hi - lo) * t);
    }
  } else {
    const step = axis.step!;
    const n = stepCount(lo, hi, step, log);
    for (let i = 0; i < n; i++) values.push(log ? lo * step ** i : lo + step * i);
  }
  const out = values.map((v) => (integer ? Math.round(v) : tidy(v)));
  // Rounding may merge neighbours (count 10 over [1, 4] as integers): keep each value once.
  return out.filter((v, i) => i === 0 || v !== out[i - 1]);
}
