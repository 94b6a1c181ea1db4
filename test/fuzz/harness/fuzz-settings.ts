/**
 * How hard the fuzzing suite tries. In CI (`npx vitest run`) each property runs a few dozen
 * seeded cases, so the suite is deterministic and takes a few minutes; `npm run fuzz` sets
 * MMFSIM_FUZZ_RUNS (cases per property) and MMFSIM_FUZZ_SEED for a longer local run, and a
 * failure prints the seed and the shrunk counterexample to replay.
 */
const scale = Number(process.env['MMFSIM_FUZZ_RUNS'] ?? '');
const seedEnv = Number(process.env['MMFSIM_FUZZ_SEED'] ?? '');

/** Cases for a property: its CI count, or MMFSIM_FUZZ_RUNS when set. */
export function fuzzRuns(ciRuns: number): number {
  return Number.isInteger(scale) && scale > 0 ? scale : ciRuns;
}

/** The fast-check seed: fixed in CI, MMFSIM_FUZZ_SEED (or a fresh one) for `npm run fuzz`. */
export const FUZZ_SEED = Number.isInteger(seedEnv) && process.env['MMFSIM_FUZZ_SEED'] !== undefined ? seedEnv : process.env['MMFSIM_FUZZ_RUNS'] ? Date.now() % 2 ** 31 : 17;

/** fast-check parameters for a property with `ciRuns` cases in CI (a failure is shrunk to a minimal case). */
export function fuzzParams(ciRuns: number): { numRuns: number; seed: number } {
  return { numRuns: fuzzRuns(ciRuns), seed: FUZZ_SEED };
}

/** Vitest timeout for a property: enough for every case to hit the sandbox's watchdog. */
export function fuzzTimeoutMs(ciRuns: number, perCaseMs = 3000): number {
  return 60_000 + fuzzRuns(ciRuns) * perCaseMs;
}
