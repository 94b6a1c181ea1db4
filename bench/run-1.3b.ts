/**
 * Wall time per simulated MMfreeLM-1.3B token (synthetic weights) on the shipped configs.
 * `npx tsx bench/run-1.3b.ts [arch ...] [--tokens N] [--values] [--no-fast-forward]`
 * Default: d5005-burst, timing only (the datapath arithmetic adds ≈ the integer forward
 * pass's ~0.9 s/token, measured separately with --values). Prints simulated cycles/token,
 * tokens/s, engine events, requests fast-forwarded (docs/run.md) and wall seconds per token.
 */
import { ArchSchema } from '../sim/arch/schema.ts';
import { loadYamlConfig } from '../sim/arch/yaml-config.ts';
import { runModel } from '../sim/run/run-model.ts';
import { loadModel } from '../sim/model/load-model.ts';

const args = process.argv.slice(2);
const values = args.includes('--values');
const fastForward = !args.includes('--no-fast-forward');
const ti = args.indexOf('--tokens');
const tokens = ti >= 0 ? Number(args[ti + 1]) : 2;
const archs = args.filter((a, i) => !a.startsWith('--') && (ti < 0 || i !== ti + 1));
if (archs.length === 0) archs.push('d5005-burst');

const t0 = performance.now();
const model = loadModel('models/mmfreelm-1.3b');
console.log(`load 1.3B (synthetic): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
for (const name of archs) {
  const arch = loadYamlConfig(`arch-configs/${name}.yaml`, ArchSchema);
  const t = performance.now();
  // CPU time too: on a machine shared with other jobs wall time overstates the cost.
  const cpu0 = process.cpuUsage();
  const perPass: number[] = [];
  let last = t;
  const r = runModel({
    arch,
    model,
    promptIds: [1],
    tokens,
    timingOnly: !values,
    fidelity: false,
    fastForward,
    onPass: () => {
      const now = performance.now();
      perPass.push((now - last) / 1000);
      last = now;
    },
  });
  const wall = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  const mean = r.perTokenCycles.reduce((a, c) => a + c, 0) / r.perTokenCycles.length;
  const hz = r.config.core.clockHz;
  console.log(
    `${name}${values ? ' (values)' : ' (timing only)'}: ${Math.round(mean).toLocaleString('en-US')} cycles/token = ${(hz / mean).toFixed(2)} tokens/s ` +
      `(bounds: memory ${r.bounds.memory_bound_tokens_per_s.toFixed(2)}, compute ${r.bounds.compute_bound_tokens_per_s.toFixed(2)}, requests in flight ${r.bounds.latency_bound_tokens_per_s.toFixed(r.bounds.latency_bound_tokens_per_s < 1 ? 4 : 2)}); ` +
      `${Math.round(r.engineEvents / (tokens + 1)).toLocaleString('en-US')} events/pass; ` +
      `fast-forward ${fastForward ? `${(r.fastForward.requestsSkipped / (tokens + 1) / 1e6).toFixed(1)} M of ${((r.memory.reads + r.memory.writes) / (tokens + 1) / 1e6).toFixed(1)} M requests/pass skipped, ${(r.fastForward.closedFormRuns / (tokens + 1) / 1e6).toFixed(2)} M closed-form runs` : 'off'}; wall ${(wall / (tokens + 1)).toFixed(2)} s/pass, CPU ${(cpu / (tokens + 1)).toFixed(2)} s/pass ` +
      `(passes: ${perPass.map((s) => s.toFixed(2)).join(', ')} s)`,
  );
}
