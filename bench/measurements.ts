/**
 * The measurements `npm run bench` takes (bench/run-all.ts). Each runs in a fresh child
 * process (`node --import tsx bench/measure.ts NAME`), so every figure starts cold and its
 * peak RSS is its own; each returns its figures, never asserts them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Engine } from '../sim/engine/engine.ts';
import { hash32 } from '../sim/engine/hash32.ts';
import { loadArch, loadModel, runDramTrace, simulate, simulateProgram } from '../sim/index.ts';
import { runSweep } from '../sim/explore/index.ts';
import { IntegerForward } from '../sim/model/integer-forward.ts';
import { randomTrace, sequentialTrace } from './dram-traces.ts';
import { paperBlockArch, timePair } from './paper-core-reference-runner.ts';

/** One figure: a value, its unit, and whether larger is better (for the table's arrows). */
export interface Figure {
  value: number;
  unit: string;
  better: 'lower' | 'higher';
}

export type Measurement = () => Record<string, Figure> | Promise<Record<string, Figure>>;

const ROOT = new URL('..', import.meta.url).pathname;
const CARDS: Record<string, string> = { '370m': 'models/mmfreelm-370m', '1.3b': 'models/mmfreelm-1.3b', '2.7b': 'models/mmfreelm-2.7b' };

/** Shipped designs whose 1.3B pass is timed (every arch-configs/*.yaml the run command takes). */
export const RUN_CONFIGS = ['d5005-burst', 'd5005-4ch', 'd5005-8core-shared', 'u280-hbm', 'd5005-paper-like', 'd5005-paper'];

const seconds = (t0: number) => (performance.now() - t0) / 1000;

function integerForward(card: string): Measurement {
  return () => {
    const model = loadModel(CARDS[card]!);
    const fw = new IntegerForward(model);
    fw.step(1); // warm-up: JIT and page-in
    const n = 3;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fw.step((i * 7919) % model.config.vocabSize);
    return { ms_per_token: { value: (1000 * seconds(t0)) / n, unit: 'ms/token', better: 'lower' } };
  };
}

/**
 * Wall seconds per simulated pass of the 1.3B card (one prompt token, one generated: two
 * passes). Sampled (sim/run/sampled-run.ts): the wall time of the whole estimate per pass it
 * stands for (its two cut-model runs report four passes).
 */
function runPass(config: string, mode: 'timing' | 'values' | 'sampled'): Measurement {
  const values = mode === 'values';
  return () => {
    const model = loadModel(CARDS['1.3b']!);
    const passTimes: number[] = [];
    let last = performance.now();
    const r = simulate({
      arch: join(ROOT, 'arch-configs', `${config}.yaml`),
      model,
      tokens: 1,
      timingOnly: !values,
      sampled: mode === 'sampled',
      onPass: () => {
        const now = performance.now();
        passTimes.push((now - last) / 1000);
        last = now;
      },
    });
    const perPass = passTimes.reduce((a, b) => a + b, 0) / (mode === 'sampled' ? passTimes.length / 2 : passTimes.length);
    return {
      s_per_pass: { value: perPass, unit: 's/pass', better: 'lower' },
      simulated_tokens_per_s: { value: r.tokens_per_s, unit: 'tokens/s', better: 'higher' },
      engine_events: { value: r.engine_events, unit: 'events', better: 'lower' },
    };
  };
}

function execWholeProcess(d: number): Measurement {
  return () => {
    const arch = paperBlockArch();
    const argv = [join(ROOT, 'bin', 'mmfsim.mjs'), 'exec', '--arch', arch, '--program', join(ROOT, 'arch-configs', 'paper-block.tmi'), '--d', String(d), '--json'];
    const t0 = performance.now();
    const out = JSON.parse(execFileSync(process.execPath, argv, { encoding: 'utf8' }));
    const wall = seconds(t0);
    return {
      wall_s: { value: wall, unit: 's', better: 'lower' },
      cycles: { value: out.cycles, unit: 'cycles', better: 'lower' },
    };
  };
}

function execInProcess(): Measurement {
  return () => {
    const arch = paperBlockArch();
    const program = join(ROOT, 'arch-configs', 'paper-block.tmi');
    simulateProgram({ arch, program, d: 64 }); // warm-up
    const t0 = performance.now();
    const { result } = simulateProgram({ arch, program, d: 512 });
    const s = seconds(t0);
    return {
      simulation_s: { value: s, unit: 's', better: 'lower' },
      simulated_cycles_per_s: { value: result.cycles / s, unit: 'cycles/s', better: 'higher' },
    };
  };
}

/**
 * The paper block on an already-built Verilator model of the authors' RTL (its path in
 * MMFSIM_VERILATOR_BIN; bench/paper-core-reference-runner.ts says what it must do) beside
 * `mmfsim exec`, whole processes, in both orders (the mean of each); throws when the cycle
 * counts differ. bench/reference-paper-core.ts takes the fuller comparison.
 */
function referenceVerilator(d: number): Measurement {
  return () => {
    const bin = process.env['MMFSIM_VERILATOR_BIN']!;
    const arch = paperBlockArch();
    const a = timePair(bin, arch, d, true);
    const b = timePair(bin, arch, d, false);
    const reference = (a.reference.wall_s + b.reference.wall_s) / 2;
    const mmfsim = (a.mmfsim.wall_s + b.mmfsim.wall_s) / 2;
    return {
      mmfsim_wall_s: { value: mmfsim, unit: 's', better: 'lower' },
      verilator_wall_s: { value: reference, unit: 's', better: 'lower' },
      verilator_over_mmfsim: { value: reference / mmfsim, unit: '×', better: 'higher' },
      cycles: { value: a.mmfsim.cycles, unit: 'cycles', better: 'lower' },
    };
  };
}

/** Why the reference comparison is skipped, or undefined when its binary is given. */
const VERILATOR_SKIP = process.env['MMFSIM_VERILATOR_BIN']
  ? undefined
  : 'set MMFSIM_VERILATOR_BIN to an already-built Verilator model of the authors\' RTL (bench/paper-core-reference-runner.ts)';

function engineKernel(): Measurement {
  return () => {
    const engine = new Engine([1_200_000_000]);
    const actors = 1000;
    let left = 3_000_000;
    const ids: number[] = [];
    for (let a = 0; a < actors; a++) {
      ids.push(engine.register(`actor${a}`, (n) => {
        if (--left > actors) engine.schedule(engine.now + 1 + (hash32(a, n) & 255), ids[a]!, n + 1);
      }));
    }
    for (let a = 0; a < actors; a++) engine.schedule(a, ids[a]!, 0);
    const t0 = performance.now();
    engine.run();
    return { events_per_s: { value: engine.eventsProcessed / seconds(t0), unit: 'events/s', better: 'higher' } };
  };
}

function dramTrace(kind: 'sequential' | 'random', memory: string, burst: number): Measurement {
  return () => {
    const n = 200_000;
    const trace = kind === 'sequential' ? sequentialTrace(n, burst) : randomTrace(n, burst);
    const file = join(ROOT, 'arch-configs', 'memory', memory);
    runDramTrace({ memory: file, trace: kind === 'sequential' ? sequentialTrace(5000, burst) : randomTrace(5000, burst) }); // warm-up
    const t0 = performance.now();
    const r = runDramTrace({ memory: file, trace });
    return {
      requests_per_s: { value: r.requests / seconds(t0), unit: 'requests/s', better: 'higher' },
      bandwidth_gbs: { value: r.bandwidth_gbs, unit: 'GB/s', better: 'higher' },
    };
  };
}

function startup(args: string[]): Measurement {
  return () => {
    const t0 = performance.now();
    execFileSync(process.execPath, [join(ROOT, 'bin', 'mmfsim.mjs'), ...args], { stdio: 'ignore' });
    return { wall_s: { value: seconds(t0), unit: 's', better: 'lower' } };
  };
}

/** A bare `node -e 0` started the same way: the floor under every whole-process figure. */
function nodeFloor(): Measurement {
  return () => {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    return { wall_s: { value: seconds(t0), unit: 's', better: 'lower' } };
  };
}

/**
 * Points/s of the 1.3B sweep example (arch-configs/sweeps/d5005-lanes-channels-clock.yaml) on
 * `points` random points with pruning off, from a cold start (worker threads and model loads
 * included): what a user waits for per design.
 */
function sweepPoints(workers: number, points: number, mode?: 'sampled' | 'sampled-confirmed'): Measurement {
  return async () => {
    const example = join(ROOT, 'arch-configs', 'sweeps', 'd5005-lanes-channels-clock.yaml');
    const spec = parse(readFileSync(example, 'utf8')) as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-bench-sweep-'));
    spec['base'] = join(ROOT, 'arch-configs', 'sweeps', spec['base'] as string);
    spec['model'] = join(ROOT, 'arch-configs', 'sweeps', spec['model'] as string);
    spec['sample'] = { random: points, seed: 1 };
    // Estimates alone, or estimates and then the timing runs of the points that could be on the front.
    if (mode) Object.assign(spec, { mode: 'sampled', confirm: mode === 'sampled-confirmed' });
    const file = join(dir, 'spec.yaml');
    writeFileSync(file, stringify(spec));
    const s = await runSweep({ specFile: file, outDir: join(dir, 'out'), workers, prune: false });
    return {
      // Design points per second (a confirmed sweep simulates some twice: that is its cost).
      points_per_s: { value: s.points / s.wall_s, unit: 'points/s', better: 'higher' },
      wall_s: { value: s.wall_s, unit: 's', better: 'lower' },
    };
  };
}

/**
 * Every measurement, by name; `repeats` is how many fresh processes take it; `skip` says why
 * it cannot be taken here (a reference binary not given), and the table shows that instead.
 */
export const MEASUREMENTS: Record<string, { title: string; repeats: number; run: Measurement; skip?: string }> = {
  'startup-node': { title: '`node -e 0`, the floor of every whole-process figure', repeats: 7, run: nodeFloor() },
  'startup-help': { title: '`mmfsim --help`, whole process', repeats: 7, run: startup(['--help']) },
  'engine-kernel': { title: 'event kernel, 1,000 actors', repeats: 5, run: engineKernel() },
  'exec-d512': { title: '`mmfsim exec` paper block d=512, 12-cycle memory, whole process', repeats: 5, run: execWholeProcess(512) },
  'exec-d16': { title: '`mmfsim exec` paper block d=16 (start-up and set-up), whole process', repeats: 5, run: execWholeProcess(16) },
  'exec-sim': { title: 'paper block d=512 simulation alone (in process, warm)', repeats: 5, run: execInProcess() },
  'reference-verilator-d512': { title: 'paper block d=512 beside Verilator (authors\' RTL), whole processes', repeats: 5, run: referenceVerilator(512), skip: VERILATOR_SKIP },
  'reference-verilator-d16': { title: 'paper block d=16 beside Verilator (authors\' RTL), whole processes', repeats: 5, run: referenceVerilator(16), skip: VERILATOR_SKIP },
  'dram-ddr4-sequential': { title: 'DDR4-2400 2-rank, 200k sequential reads', repeats: 5, run: dramTrace('sequential', 'ddr4-2400-x8-2rank.yaml', 64) },
  'dram-ddr4-random': { title: 'DDR4-2400 2-rank, 200k random (1/3 writes)', repeats: 5, run: dramTrace('random', 'ddr4-2400-x8-2rank.yaml', 64) },
  'dram-hbm2-sequential': { title: 'HBM2 U280 (32 PCs), 200k sequential reads', repeats: 5, run: dramTrace('sequential', 'hbm2-u280.yaml', 32) },
  'sweep-1.3b-1-worker': { title: 'sweep of the 1.3B example, 6 random points, 1 worker, no pruning', repeats: 3, run: sweepPoints(1, 6) },
  'sweep-1.3b-2-workers': { title: 'sweep of the 1.3B example, 6 random points, 2 workers, no pruning', repeats: 3, run: sweepPoints(2, 6) },
  'sweep-1.3b-2-workers-sampled': { title: 'the same, `mode: sampled`, `confirm: false` (estimates: docs/performance.md, "Sampled runs")', repeats: 3, run: sweepPoints(2, 6, 'sampled') },
  'sweep-1.3b-2-workers-confirmed': { title: 'the same, `mode: sampled` with its front confirmed in timing mode (exact front: docs/explore.md)', repeats: 3, run: sweepPoints(2, 6, 'sampled-confirmed') },
  'forward-370m': { title: 'integer forward pass, 370M', repeats: 3, run: integerForward('370m') },
  'forward-1.3b': { title: 'integer forward pass, 1.3B', repeats: 3, run: integerForward('1.3b') },
  'forward-2.7b': { title: 'integer forward pass, 2.7B', repeats: 3, run: integerForward('2.7b') },
  ...Object.fromEntries(
    RUN_CONFIGS.flatMap((c) => [
      [`run-1.3b-${c}-timing`, { title: `\`run\` 1.3B on ${c}, timing only`, repeats: 3, run: runPass(c, 'timing') }],
      [`run-1.3b-${c}-values`, { title: `\`run\` 1.3B on ${c}, with values`, repeats: 1, run: runPass(c, 'values') }],
      [`run-1.3b-${c}-sampled`, { title: `\`run --sampled\` 1.3B on ${c} (an estimate)`, repeats: 1, run: runPass(c, 'sampled') }],
    ]),
  ),
};
