import { nonDominatedSort } from './pareto.ts';
import { Random } from './random.ts';
import { latinPoints } from './samplers.ts';
import { pointKey, type PointIndex, type Space } from './space.ts';

/** What an evaluation tells NSGA-II about a point. */
export interface Fitness {
  /** Objective values in minimisation form; null when the point could not be evaluated. */
  objectives: number[] | null;
  /** Constraint violation (0: feasible; Infinity: not evaluated). */
  violation: number;
}

export interface Nsga2Options {
  population: number;
  generations: number;
  seed: number;
  /** Probability that a pair of parents is recombined (default 0.9). */
  crossoverProbability?: number;
  /** Per-dimension mutation probability (default 1 / dimensions). */
  mutationProbability?: number;
  /** Distribution indices of SBX and polynomial mutation (Deb & Agrawal 1995; defaults 15, 20). */
  etaCrossover?: number;
  etaMutation?: number;
}

/**
 * Evaluates the points of one generation (all of them new: NSGA-II never asks twice for the
 * same point) and returns their fitness in the same order.
 */
export type EvaluateGeneration = (points: PointIndex[], generation: number) => Promise<Fitness[]>;

export interface Nsga2Result {
  /** Every point evaluated, in the order proposed, with its generation. */
  evaluated: { point: PointIndex; generation: number; fitness: Fitness }[];
  /** The final population. */
  population: PointIndex[];
  /** True when the search stopped early (the space ran out of new points, or `stop`). */
  exhausted: boolean;
}

export interface Individual {
  point: PointIndex;
  fitness: Fitness;
  rank: number;
  crowding: number;
}

/**
 * NSGA-II (Deb, Pratap, Agarwal & Meyarivan, "A fast and elitist multiobjective genetic
 * algorithm: NSGA-II", IEEE TEVC 6(2), 2002) over a discrete space: every dimension is an
 * ordered list of values, a gene is a value index. Elitist (μ + λ) survival by constrained
 * non-dominated rank then crowding distance; binary tournaments; simulated binary
 * crossover and polynomial mutation on the index scale, rounded to the nearest index.
 * Constraint handling is Deb's: a feasible point beats an infeasible one, two infeasible
 * points compare by violation. Generation 0 is a Latin hypercube (even coverage of every
 * axis). An offspring equal to a point already evaluated is mutated again (a search on a
 * finite space should not pay twice for a point). Deterministic for a given seed.
 */
export async function nsga2(space: Space, options: Nsga2Options, evaluate: EvaluateGeneration, stop: () => boolean = () => false): Promise<Nsga2Result> {
  const rng = new Random(options.seed);
  const sizes = space.dimensions.map((d) => d.values.length);
  const N = options.population;
  const pc = options.crossoverProbability ?? 0.9;
  const pm = options.mutationProbability ?? 1 / Math.max(1, sizes.length);
  const etaC = options.etaCrossover ?? 15;
  const etaM = options.etaMutation ?? 20;
  const seen = new Map<string, Fitness>();
  const evaluated: Nsga2Result['evaluated'] = [];

  const run = async (points: PointIndex[], generation: number): Promise<Individual[]> => {
    const fresh = points.filter((p) => !seen.has(pointKey(p)));
    if (fresh.length > 0) {
      const fit = await evaluate(fresh, generation);
      fresh.forEach((p, i) => {
        seen.set(pointKey(p), fit[i]!);
        evaluated.push({ point: p, generation, fitness: fit[i]! });
      });
    }
    return points.map((p) => ({ point: p, fitness: seen.get(pointKey(p))!, rank: 0, crowding: 0 }));
  };

  // Generation 0: a Latin hypercube, topped up with random points if strata collided.
  const initial = [...latinPoints(space, N, options.seed)];
  const keys = new Set(initial.map(pointKey));
  for (let tries = 0; initial.length < Math.min(N, space.size) && tries < 100 * N; tries++) {
    const p = sizes.map((k) => rng.int(k));
    if (!keys.has(pointKey(p))) {
      keys.add(pointKey(p));
      initial.push(p);
    }
  }
  let population = await run(initial, 0);
  assignRankAndCrowding(population);
  let exhausted = false;

  for (let gen = 1; gen <= options.generations && !stop(); gen++) {
    const offspring: PointIndex[] = [];
    const proposed = new Set<string>();
    let attempts = 0;
    while (offspring.length < N && attempts < 50 * N) {
      attempts++;
      const a = tournament(population, rng);
      const b = tournament(population, rng);
      const [c1, c2] = rng.next() < pc ? sbx(a.point, b.point, sizes, etaC, rng) : [[...a.point], [...b.point]];
      for (const child of [c1, c2]) {
        if (offspring.length >= N) break;
        // Mutate; re-mutate a child that repeats an evaluated or already proposed point.
        let c = mutate(child, sizes, pm, etaM, rng);
        for (let k = 0; k < 20 && (seen.has(pointKey(c)) || proposed.has(pointKey(c))); k++) c = mutate(c, sizes, Math.max(pm, 1 / sizes.length), etaM, rng);
        if (seen.has(pointKey(c)) || proposed.has(pointKey(c))) continue;
        proposed.add(pointKey(c));
        offspring.push(c);
      }
    }
    if (offspring.length === 0) {
      exhausted = true;
      break;
    }
    const children = await run(offspring, gen);
    population = survivors([...population, ...children], N);
  }
  return { evaluated, population: population.map((i) => i.point), exhausted: exhausted || stop() };
}

/** The N best of parents + offspring: whole fronts by constrained rank, the last by crowding. */
function survivors(all: Individual[], N: number): Individual[] {
  const fronts = assignRankAndCrowding(all);
  const next: Individual[] = [];
  for (const front of fronts) {
    if (next.length + front.length <= N) {
      next.push(...front);
      continue;
    }
    // Most isolated first; ties by the point's key for determinism.
    const rest = [...front].sort((x, y) => y.crowding - x.crowding || (pointKey(x.point) < pointKey(y.point) ? -1 : 1));
    next.push(...rest.slice(0, N - next.length));
    break;
  }
  return next;
}

/**
 * Constrained non-dominated fronts (feasible points by dominance first, then infeasible ones
 * by increasing violation, each violation level a front) with crowding distances.
 */
export function assignRankAndCrowding(pop: Individual[]): Individual[][] {
  const feasible = pop.filter((i) => i.fitness.violation === 0 && i.fitness.objectives !== null);
  const infeasible = pop.filter((i) => !(i.fitness.violation === 0 && i.fitness.objectives !== null));
  const fronts: Individual[][] = nonDominatedSort(feasible.map((i) => i.fitness.objectives!)).map((f) => f.map((k) => feasible[k]!));
  const levels = [...new Set(infeasible.map((i) => i.fitness.violation))].sort((a, b) => a - b);
  for (const v of levels) fronts.push(infeasible.filter((i) => i.fitness.violation === v));
  fronts.forEach((front, r) => {
    for (const i of front) {
      i.rank = r;
      i.crowding = 0;
    }
    crowding(front);
  });
  return fronts;
}

/** Crowding distance (Deb et al. 2002): the normalised perimeter of each point's neighbours' box. */
function crowding(front: Individual[]): void {
  if (front.length === 0 || front[0]!.fitness.objectives === null) {
    for (const i of front) i.crowding = Infinity;
    return;
  }
  const M = front[0]!.fitness.objectives.length;
  for (let m = 0; m < M; m++) {
    const sorted = [...front].sort((a, b) => a.fitness.objectives![m]! - b.fitness.objectives![m]!);
    const lo = sorted[0]!.fitness.objectives![m]!;
    const hi = sorted[sorted.length - 1]!.fitness.objectives![m]!;
    sorted[0]!.crowding = Infinity;
    sorted[sorted.length - 1]!.crowding = Infinity;
    if (hi === lo) continue;
    for (let k = 1; k < sorted.length - 1; k++) {
      sorted[k]!.crowding += (sorted[k + 1]!.fitness.objectives![m]! - sorted[k - 1]!.fitness.objectives![m]!) / (hi - lo);
    }
  }
}

/** Binary tournament: lower rank wins, then larger crowding distance, then the first drawn. */
function tournament(pop: Individual[], rng: Random): Individual {
  const a = pop[rng.int(pop.length)]!;
  const b = pop[rng.int(pop.length)]!;
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  return b.crowding > a.crowding ? b : a;
}

/** Simulated binary crossover (Deb & Agrawal 1995) per gene, on the index scale [0, k − 1]. */
function sbx(a: PointIndex, b: PointIndex, sizes: number[], eta: number, rng: Random): [number[], number[]] {
  const c1 = [...a];
  const c2 = [...b];
  for (let i = 0; i < sizes.length; i++) {
    const hi = sizes[i]! - 1;
    if (hi === 0 || rng.next() >= 0.5 || a[i] === b[i]) continue;
    const u = rng.next();
    const beta = u <= 0.5 ? (2 * u) ** (1 / (eta + 1)) : (1 / (2 * (1 - u))) ** (1 / (eta + 1));
    const x1 = a[i]!;
    const x2 = b[i]!;
    const y1 = 0.5 * ((1 + beta) * x1 + (1 - beta) * x2);
    const y2 = 0.5 * ((1 - beta) * x1 + (1 + beta) * x2);
    c1[i] = clampIndex(y1, hi);
    c2[i] = clampIndex(y2, hi);
  }
  return [c1, c2];
}

/**
 * Polynomial mutation (Deb & Goyal 1996) per gene with probability pm, on the index scale.
 * A perturbation that rounds back to the same index moves one step instead, so a mutation
 * always changes the gene it hits.
 */
function mutate(p: PointIndex, sizes: number[], pm: number, eta: number, rng: Random): number[] {
  const out = [...p];
  for (let i = 0; i < sizes.length; i++) {
    const hi = sizes[i]! - 1;
    if (hi === 0 || rng.next() >= pm) continue;
    const u = rng.next();
    const delta = u < 0.5 ? (2 * u) ** (1 / (eta + 1)) - 1 : 1 - (2 * (1 - u)) ** (1 / (eta + 1));
    // The perturbation spans the whole index range (δ ∈ [−1, 1] × the range).
    let v = clampIndex(out[i]! + delta * hi, hi);
    if (v === out[i]) v = out[i] === 0 ? 1 : out[i] === hi ? hi - 1 : out[i]! + (u < 0.5 ? -1 : 1);
    out[i] = v;
  }
  return out;
}

function clampIndex(x: number, hi: number): number {
  return Math.min(hi, Math.max(0, Math.round(x)));
}
