/**
 * Resources of every shipped architecture's vector core (what `mmfsim run` reports, for
 * either core.kind) for the MMfreeLM 370M / 1.3B / 2.7B shapes, from the compiled program's scratchpad (no
 * weights are generated). Run: npx tsx bench/resources-vector.ts [model…]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCE_KINDS } from '../sim/arch/device-catalogue.ts';
import { programShapeFromConfig } from '../sim/compiler/program-shape.ts';
import { ArchSchema } from '../sim/arch/schema.ts';
import { scratchpadBytes, scratchpadMemories } from '../sim/power/resources/scratchpad.ts';
import { vectorCoreResources } from '../sim/power/resources/core-resources.ts';
import { loadYamlConfig } from '../sim/arch/yaml-config.ts';
import { loadModelConfig } from '../sim/model/config.ts';

const root = join(import.meta.dirname, '..');
const models = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['mmfreelm-370m', 'mmfreelm-1.3b', 'mmfreelm-2.7b'];
const dir = join(root, 'arch-configs');
const n = (x: number) => x.toLocaleString('en-US');
for (const model of models) {
  const config = loadModelConfig(join(root, 'models', model));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const arch = loadYamlConfig(join(dir, file), ArchSchema);
    const t0 = performance.now();
    const shape = programShapeFromConfig(config, arch.core);
    const e = vectorCoreResources(arch, shape);
    const ms = performance.now() - t0;
    const kb = scratchpadBytes(scratchpadMemories(shape, arch.core.batch, arch.core.datapath.state === 'fp32' ? 32 : 16)) / 1024;
    const per = RESOURCE_KINDS.filter((k) => e.per_core[k] > 0).map((k) => `${e.resources[k].label} ${n(e.per_core[k])}`).join(', ');
    const util = RESOURCE_KINDS.filter((k) => e.resources[k].available > 0)
      .map((k) => `${e.resources[k].label} ${((e.resources[k].utilisation ?? 0) * 100).toFixed(1)}%`)
      .join(', ');
    const sp = e.per_core_by_unit.scratchpad;
    console.log(
      `${model} ${file} (${arch.core.cores} core${arch.core.cores > 1 ? 's' : ''}, batch ${arch.core.batch}) on ${e.device_id}: scratchpad ${n(Math.round(kb))} KiB → ` +
        `${n(sp.bram)} ${e.resources.bram.label}${sp.uram > 0 ? ` + ${n(sp.uram)} URAM` : ''}; per core ${per}; total ${util}; ` +
        `${e.feasible ? 'fits' : `INFEASIBLE: ${e.infeasible_reason}`}; max cores ${e.max_cores} (${ms.toFixed(0)} ms)`,
    );
  }
}
