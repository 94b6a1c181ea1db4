/**
 * Resources and feasibility of every shipped paper-kind architecture (arch-configs/*.yaml)
 * on its device, and how many copies of its core fit. A vector core's resources depend on
 * the program compiled for a model: bench/resources-vector.ts prints those.
 * Run: npx tsx bench/resources-shipped.ts
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ArchSchema } from '../sim/arch/schema.ts';
import { loadYamlConfig } from '../sim/arch/yaml-config.ts';
import { loadDevice, RESOURCE_KINDS } from '../sim/arch/device-catalogue.ts';
import { estimateArchResources } from '../sim/power/resources/core-resources.ts';

const dir = join(import.meta.dirname, '..', 'arch-configs');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const arch = loadYamlConfig(join(dir, file), ArchSchema);
  if (arch.core.kind !== 'paper') continue;
  const dev = loadDevice(arch.device.id);
  const e = estimateArchResources(arch);
  const per = RESOURCE_KINDS.filter((k) => e.per_core[k] > 0).map((k) => `${dev.family.labels[k] ?? k} ${e.per_core[k].toLocaleString('en-US')}`);
  const tot = RESOURCE_KINDS.filter((k) => e.resources[k].available > 0).map(
    (k) => `${e.resources[k].label} ${((e.resources[k].utilisation ?? 0) * 100).toFixed(1)}%`,
  );
  console.log(`${file} on ${dev.device.id}: per core ${per.join(', ')}; with shell ${tot.join(', ')}; ${e.feasible ? 'fits' : e.infeasible_reason}; max cores ${e.max_cores}`);
}
