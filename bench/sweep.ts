/**
 * Sweep benchmark on the 1.3B example (arch-configs/sweeps/d5005-lanes-channels-clock.yaml):
 *   1. points/s with 1 and with 2 workers on the same N random points (no pruning), from a
 *      cold start (worker threads, model loads included), and whether the results agree;
 *   2. the whole example's wall time (2 workers, pruning), its pruned fraction and front;
 *   3. NSGA-II against the exhaustive front: the hypervolume of what a seeded NSGA-II finds
 *      with ≤ 25 % of the example's points, as a fraction of the exact front's (pruning is
 *      exact, so step 2's front is the exhaustive one; test/explore/pruning.test.ts).
 *      NSGA-II runs in a copy of step 2's output: points step 2 simulated are reused (same
 *      hash, same result), the others are simulated — an evaluation is a distinct point
 *      NSGA-II asked for, whichever way it was obtained.
 *
 *   npx tsx bench/sweep.ts [--points N] [--seeds K] [--out DIR]
 *
 * Takes minutes (each 1.3B point simulates two passes of ~5 s on an idle core). The machine's
 * load average is printed: on a shared machine the worker speed-up is bounded by free cores.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { readResults, runSweep, type SweepSummary } from '../sim/explore/index.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = flag('--points', 8);
const SEEDS = flag('--seeds', 5);
const oi = args.indexOf('--out');
const OUT = resolve(oi >= 0 ? args[oi + 1]! : 'reports/bench-sweep');
const EXAMPLE = resolve('arch-configs/sweeps/d5005-lanes-channels-clock.yaml');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

/** The example with another sampler, written with absolute paths (it lives elsewhere). */
function derivedSpec(name: string, sample: unknown): string {
  const spec = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  const dir = dirname(EXAMPLE);
  spec['base'] = resolve(dir, spec['base'] as string);
  spec['model'] = resolve(dir, spec['model'] as string);
  spec['sample'] = sample;
  const file = join(OUT, `${name}.yaml`);
  writeFileSync(file, stringify(spec));
  return file;
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const line = (s: string) => process.stdout.write(s + '\n');
const comparable = (dir: string) =>
  JSON.stringify(
    readResults(dir)
      .map(({ duration_s: _d, ...r }) => r)
      .sort((a, b) => (a.hash < b.hash ? -1 : 1)),
  );

line(`load average before: ${load()}`);

// 1. points/s, 1 vs 2 workers ------------------------------------------------------------
const sample = derivedSpec('throughput', { random: N, seed: 1 });
const runs: Record<number, SweepSummary> = {};
for (const workers of [1, 2]) {
  runs[workers] = await runSweep({ specFile: sample, outDir: join(OUT, `throughput-w${workers}`), workers, prune: false });
  const s = runs[workers]!;
  line(`${workers} worker${workers > 1 ? 's' : ' '}: ${s.simulated} points in ${s.wall_s.toFixed(1)} s = ${(s.simulated / s.wall_s).toFixed(3)} points/s (load ${load()})`);
}
const speedup = runs[1]!.wall_s / runs[2]!.wall_s;
line(`speed-up 2 vs 1 workers: ${speedup.toFixed(2)}x; results identical: ${comparable(join(OUT, 'throughput-w1')) === comparable(join(OUT, 'throughput-w2'))}`);

// 2. the whole example --------------------------------------------------------------------
const full = await runSweep({ specFile: EXAMPLE, outDir: join(OUT, 'example'), workers: 2 });
line(
  `whole example (${full.points} points, 2 workers, pruning): ${full.wall_s.toFixed(1)} s; ${full.simulated} simulated, ${full.counts.pruned} pruned (${(100 * full.pruned_fraction).toFixed(1)} %), ` +
    `front ${full.front.length} points, hypervolume ${full.hypervolume.toFixed(3)} (reference ${JSON.stringify(full.reference_point)})`,
);

// 3. NSGA-II with ≤ 25 % of the evaluations -----------------------------------------------
const budget = Math.floor(0.25 * full.points);
const population = 5;
const generations = Math.floor(budget / population) - 1;
const fractions: number[] = [];
const evals: number[] = [];
const nsgaDir = join(OUT, 'nsga2');
cpSync(join(OUT, 'example'), nsgaDir, { recursive: true });
for (let seed = 1; seed <= SEEDS; seed++) {
  const spec = derivedSpec(`nsga2-seed${seed}`, { nsga2: { population, generations, seed } });
  const s = await runSweep({ specFile: spec, outDir: nsgaDir, workers: 2 });
  const fraction = s.hypervolume / full.hypervolume;
  fractions.push(fraction);
  evals.push(s.points);
  line(`nsga2 seed ${seed} (population ${population}, ${generations} generations): ${s.points} evaluations (${((100 * s.points) / full.points).toFixed(1)} % of ${full.points}), front ${s.front.length}, hypervolume ${(100 * fraction).toFixed(1)} % of the exhaustive front's`);
}
const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
line(`nsga2 over ${SEEDS} seeds: hypervolume ${(100 * Math.min(...fractions)).toFixed(1)} % min, ${(100 * mean).toFixed(1)} % mean; evaluations ≤ ${Math.max(...evals)} of ${full.points} (${((100 * Math.max(...evals)) / full.points).toFixed(1)} %)`);
line(`load average after: ${load()}`);
