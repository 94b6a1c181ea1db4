/**
 * Cores sharing DDR channels through the memory arbiter against private channels:
 * simulated cycles/token, DDR bandwidth and simulator cost per pass (synthetic weights,
 * timing only, one prompt token and one generated token).
 * `npx tsx bench/run-shared.ts [--model models/mmfreelm-370m]`
 */
import { ArchSchema, type ArchSpec } from '../sim/arch/schema.ts';
import { loadYamlConfig } from '../sim/arch/yaml-config.ts';
import { runModel } from '../sim/run/run-model.ts';
import { loadModel } from '../sim/model/load-model.ts';

const args = process.argv.slice(2);
const mi = args.indexOf('--model');
const modelDir = mi >= 0 ? args[mi + 1]! : 'models/mmfreelm-370m';
const model = loadModel(modelDir);

const shipped = (name: string) => loadYamlConfig(`arch-configs/${name}.yaml`, ArchSchema);
/** d5005-4ch with other cores/channels and sharing. */
const variant = (cores: number, channels: number, sharing: 'private' | 'shared'): ArchSpec => {
  const b = shipped('d5005-4ch');
  return ArchSchema.parse({ ...b, name: `${cores}c/${channels}ch ${sharing}`, core: { ...b.core, cores, memory_sharing: sharing }, memory: { ...b.memory, channels } });
};
const configs: ArchSpec[] = [variant(1, 1, 'private'), variant(2, 1, 'shared'), variant(2, 2, 'private'), variant(2, 2, 'shared'), shipped('d5005-4ch'), variant(4, 4, 'shared'), shipped('d5005-8core-shared')];

console.log(`${modelDir}, timing only, 2 passes each`);
for (const arch of configs) {
  const t = performance.now();
  const r = runModel({ arch, model, promptIds: [1], tokens: 1, timingOnly: true, fidelity: false });
  const wall = (performance.now() - t) / 1000 / 2;
  const hz = r.config.core.clockHz;
  const cyc = r.perTokenCycles[0]!;
  const gbs = r.memory.bytesRead / (r.totalCycles / hz) / 1e9;
  const wait = r.arbiter ? r.arbiter.wait_cycles.reduce((a, b) => a + b, 0) / r.arbiter.grants.reduce((a, b) => a + b, 0) : 0;
  console.log(
    `${arch.name.padEnd(20)} ${cyc.toLocaleString('en-US').padStart(12)} cycles/token  ${(hz / cyc).toFixed(2).padStart(8)} tokens/s  ` +
      `${gbs.toFixed(1).padStart(5)} of ${(r.peakBytesPerS / 1e9).toFixed(1)} GB/s  row conflicts ${String(r.memory.detail['row_conflicts']).padStart(7)}  ` +
      `${r.arbiter ? `wait ${wait.toFixed(2)} mem cycles/request  ` : ''}${(r.engineEvents / 2 / 1e6).toFixed(2)} M events/pass  ${wall.toFixed(2)} s/pass`,
  );
}
