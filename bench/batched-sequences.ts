/**
 * Aggregate generation throughput of S sequences decoded together (each weight streamed once
 * per pass, applied to S activation vectors), MMfreeLM-370M with synthetic weights, timing only.
 * `npx tsx bench/batched-sequences.ts [arch] [--batch 8] [--tokens 2] [--sequences 1,2,4,8] [--lanes N]`
 * Default: d5005-burst with core.batch raised to 8; `--lanes` overrides tmatmul.weights_per_cycle
 * (the shipped designs have exactly the lanes their port feeds, so they are compute-bound too). Prints, per S: cycles of a generation pass,
 * aggregate and per-sequence tokens/s against the bounds, DDR bandwidth, wall seconds per pass.
 */
import { ArchSchema } from '../sim/arch/schema.ts';
import { loadYamlConfig } from '../sim/arch/yaml-config.ts';
import { runModel } from '../sim/run/run-model.ts';
import { loadModel } from '../sim/model/load-model.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const batch = Number(flag('--batch', '8'));
const tokens = Number(flag('--tokens', '2'));
const counts = flag('--sequences', '1,2,4,8').split(',').map(Number);
const lanes = args.includes('--lanes') ? Number(flag('--lanes', '0')) : null;
const name = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'd5005-burst';

const base = loadYamlConfig(`arch-configs/${name}.yaml`, ArchSchema);
const arch = { ...base, core: { ...base.core, batch, tmatmul: { ...base.core.tmatmul, weights_per_cycle: lanes ?? base.core.tmatmul.weights_per_cycle } } };
const model = loadModel('models/mmfreelm-370m');
const n = (x: number, d = 2) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`${name}, core.batch ${batch}, ${arch.core.tmatmul.weights_per_cycle} lanes, MMfreeLM-370M (synthetic), 1 prompt token + ${tokens} generated per sequence, timing only`);
console.log('| S | cycles/pass | tokens/s aggregate | per sequence | bounds (memory × S / compute) | DDR GB/s | wall s/pass |');
console.log('|---|---|---|---|---|---|---|');
for (const S of counts) {
  const t = performance.now();
  const r = runModel({ arch, model, prompts: Array.from({ length: S }, (_, q) => [q + 1]), tokens, timingOnly: true, fidelity: false });
  const wall = (performance.now() - t) / 1000;
  const hz = r.config.core.clockHz;
  const cycles = r.perTokenCycles.reduce((a, c) => a + c, 0);
  const slots = r.generationSlots.reduce((a, s) => a + s, 0);
  const aggregate = (slots * hz) / cycles;
  const passes = r.prefillPasses.length + r.perTokenCycles.length;
  const gbs = r.memory.bytesRead / (r.totalCycles / hz) / 1e9;
  console.log(
    `| ${S} | ${n(cycles / r.perTokenCycles.length, 0)} | **${n(aggregate)}** | ${n(hz / (cycles / r.perTokenCycles.length))} | ` +
      `${n(r.bounds.memory_bound_tokens_per_s)} / ${n(r.bounds.compute_bound_tokens_per_s)} | ${n(gbs)} | ${n(wall / passes)} |`,
  );
}
