import * as z from 'zod';
import { isArchPath } from './arch-paths.ts';
import { AxisSchema, axisValues } from './axis.ts';
import { METRICS, isMetricName } from './metrics.ts';
import { parseConstraint, parseObjective } from './objectives.ts';

/** How each point is simulated: cycles only, or cycles and the datapath's values (fidelity). */
export type SweepMode = 'timing' | 'sampled' | 'full';

export const SampleSchema = z
  .union([
    z.literal('grid').describe('Every combination of the axes (zip groups move together).'),
    z.object({ random: z.number().int().min(1).describe('Distinct points drawn uniformly.'), seed: z.number().int().default(0).describe('Seed of the draw.') }).strict(),
    z.object({ latin: z.number().int().min(1).describe('Points of a Latin hypercube: each axis\'s values covered evenly.'), seed: z.number().int().default(0).describe('Seed of the design.') }).strict(),
    z
      .object({
        nsga2: z
          .object({
            population: z.number().int().min(4).describe('Individuals per generation.'),
            generations: z.number().int().min(1).describe('Generations after the initial population (evaluations ≤ population × (generations + 1)).'),
            seed: z.number().int().default(0).describe('Seed of the search.'),
            crossover_probability: z.number().min(0).max(1).default(0.9).describe('Probability that two parents are recombined (simulated binary crossover).'),
            mutation_probability: z.number().min(0).max(1).optional().describe('Per-axis mutation probability (default 1 / number of axes).'),
          })
          .strict()
          .describe('NSGA-II (Deb et al. 2002), a multi-objective evolutionary search for spaces too big to enumerate.'),
      })
      .strict(),
  ])
  .default('grid')
  .describe('How points are chosen: grid, {random: N, seed}, {latin: N, seed} or {nsga2: {population, generations, seed}}.');
export type SampleSpec = z.infer<typeof SampleSchema>;

const DATAPATH_PATHS = /^core\.datapath(\.|$)|^core\.tmatmul\.accumulator_bits$/;

const BaseSweepSpec = z
  .object({
    name: z.string().min(1).optional().describe('Short identifier of the sweep (reports).'),
    description: z.string().optional().describe('What the sweep explores.'),
    base: z.string().min(1).describe('Arch YAML every point starts from, relative to the spec file.'),
    model: z.string().min(1).describe('Model directory (config.json [+ safetensors]), relative to the spec file.'),
    prompt: z.string().min(1).optional().describe('Prompt text (needs a tokenizer). Default: the model\'s BOS id or run\'s default prompt.'),
    prompt_ids: z.array(z.number().int().nonnegative()).min(1).optional().describe('Prompt token ids.'),
    tokens: z.number().int().min(1).default(1).describe('Tokens generated per sequence at each point.'),
    sequences: z.number().int().min(1).default(1).describe('Sequences decoded together (≤ core.batch of every point).'),
    seed: z.number().int().default(0).describe('Seed of synthetic weights (model cards without a checkpoint).'),
    mode: z
      .enum(['timing', 'sampled', 'full'])
      .optional()
      .describe('timing: cycles, power, resources (no values); sampled: the same estimated from the model cut to 1 and 2 layers (several times faster; its measured error is in docs/performance.md, "Sampled runs"); full: also the datapath values and fidelity.* (needed for a datapath axis). Default: timing for synthetic weights, full for a checkpoint.'),
    confirm: z
      .boolean()
      .optional()
      .describe('mode sampled only (default true there): after the estimates, simulate in timing mode every point that could be on the front, so that pareto.json is the front of exact results (docs/explore.md, "Confirming a sampled sweep").'),
    confirm_margin: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.02)
      .describe('The relative error assumed of every sampled metric when choosing the points to confirm (2 %: four times the largest error measured on the shipped configs, docs/performance.md, "Sampled runs").'),
    axes: z.record(z.string(), AxisSchema).default({}).describe('Dotted arch path → a list of values or {range: [lo, hi], step | count, scale}. The device (device.id) and the memory preset (memory.preset, or a whole memory section) are axes like any other.'),
    zip: z
      .array(z.record(z.string(), AxisSchema))
      .default([])
      .describe('Groups of coupled axes: in each group every path has as many values, and the i-th values go together (e.g. lanes with port width).'),
    sample: SampleSchema,
    constraints: z
      .array(z.string())
      .default(['feasible'])
      .describe('`feasible` (or any boolean metric), or `METRIC OP NUMBER` with OP one of <= < >= > == != (e.g. `power_w.total <= 25`). A point failing one is `infeasible`.'),
    objectives: z.array(z.string()).min(1).describe('`max METRIC` or `min METRIC`, any number (e.g. `max tokens_per_s`, `min power_w.total`).'),
    reference_point: z
      .record(z.string(), z.number())
      .optional()
      .describe('Hypervolume reference point, one value per objective metric. Default: the worst value of each objective among the feasible simulated points, 10 % of its range further out (0 for a non-negative maximised metric).'),
  })
  .strict();

/**
 * The sweep spec (sweep YAML). `defaultMode` is the mode the model implies when the spec
 * names none (timing for synthetic weights): with it, mode-dependent rules (fidelity
 * metrics and datapath axes need mode: full) are checked at their line too.
 */
export function sweepSpecSchema(defaultMode?: SweepMode) {
  return BaseSweepSpec.superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const seen = new Map<string, string>();
    const claim = (path: string, where: (string | number)[], label: string) => {
      if (!isArchPath(path)) issue(where, `'${path}' is not an arch key (see docs/arch-config.md)`);
      const other = seen.get(path);
      if (other) issue(where, `'${path}' is already swept by ${other}`);
      seen.set(path, label);
    };
    for (const path of Object.keys(s.axes)) claim(path, ['axes', path], 'axes');
    s.zip.forEach((group, g) => {
      const paths = Object.keys(group);
      if (paths.length === 0) issue(['zip', g], 'a zip group needs at least one path');
      let n: number | null = null;
      for (const path of paths) {
        claim(path, ['zip', g, path], `zip group ${g + 1}`);
        const len = axisValues(group[path]!).length;
        if (n === null) n = len;
        else if (len !== n) issue(['zip', g, path], `has ${len} values; the group's first path has ${n} (zip groups move together)`);
      }
    });
    if (s.prompt !== undefined && s.prompt_ids !== undefined) issue(['prompt_ids'], 'give prompt or prompt_ids, not both');
    const mode = s.mode ?? defaultMode;
    const metricUse = (metric: string, where: (string | number)[]) => {
      if (!isMetricName(metric)) issue(where, `unknown metric '${metric}' (one of ${Object.keys(METRICS).join(', ')})`);
      else if (METRICS[metric].full && mode !== 'full') issue(where, `${metric} needs mode: full (the sweep runs in ${mode} mode, which computes no values)`);
    };
    const objectiveMetrics = new Set<string>();
    s.objectives.forEach((text, i) => {
      const o = parseObjective(text);
      if (!o) return issue(['objectives', i], `expected 'max METRIC' or 'min METRIC', got '${text}'`);
      metricUse(o.metric, ['objectives', i]);
      if (isMetricName(o.metric) && METRICS[o.metric].kind !== 'number') issue(['objectives', i], `${o.metric} is not a number`);
      if (objectiveMetrics.has(o.metric)) issue(['objectives', i], `${o.metric} is already an objective`);
      objectiveMetrics.add(o.metric);
    });
    s.constraints.forEach((text, i) => {
      const c = parseConstraint(text);
      if (!c) return issue(['constraints', i], `expected a boolean metric (feasible) or 'METRIC OP NUMBER', got '${text}'`);
      metricUse(c.metric, ['constraints', i]);
      if (!isMetricName(c.metric)) return;
      const kind = METRICS[c.metric].kind;
      if (c.kind === 'true' && kind !== 'boolean') issue(['constraints', i], `${c.metric} is a number: compare it (e.g. '${c.metric} <= 10')`);
      if (c.kind === 'compare' && kind !== 'number') issue(['constraints', i], `${c.metric} is a boolean: write it alone ('${c.metric}')`);
    });
    if (s.reference_point) {
      for (const k of Object.keys(s.reference_point)) if (!objectiveMetrics.has(k)) issue(['reference_point', k], `'${k}' is not an objective metric`);
      for (const m of objectiveMetrics) if (!(m in s.reference_point)) issue(['reference_point'], `needs a value for every objective: ${m} is missing`);
    }
    if (s.confirm === true && mode !== 'sampled') issue(['confirm'], `confirming re-simulates the estimates of mode: sampled; this sweep runs in ${mode} mode, whose results are already exact`);
    if (mode !== 'full') {
      for (const path of seen.keys()) {
        if (DATAPATH_PATHS.test(path)) {
          const group = s.zip.findIndex((g) => path in g);
          issue(group >= 0 ? ['zip', group, path] : ['axes', path], `${path} changes only values: sweeping it needs mode: full`);
        }
      }
    }
  });
}

/** The spec as validated against the JSON Schema and docs (mode rules need the model). */
export const SweepSpecSchema = sweepSpecSchema();
export type SweepSpec = z.infer<typeof BaseSweepSpec>;
