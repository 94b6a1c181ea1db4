import { ProvenanceLog } from '../../arch/provenance.ts';
import { RESOURCE_KINDS, type CatalogueDevice, type ResourceCounts, type ResourceKind } from '../../arch/device-catalogue.ts';
import type { UnitDemand } from './demand.ts';
import { mapDemand, zeroCounts } from './fabric-mapping.ts';

/**
 * A design's resources and whether it fits: each part's demand mapped onto the device,
 * one core replicated `cores` times, the board shell added once, and every resource kind
 * checked against what the device has (shared by every core kind).
 */

export interface ResourceUse {
  /** Resource name on this device (ALM, LUT, M20K, BRAM36, …). */
  label: string | null;
  used: number;
  available: number;
  /** used / available; 0 when none is available or used, null when some is used but none exists. */
  utilisation: number | null;
}

export interface ResourceOverflow {
  resource: ResourceKind;
  label: string | null;
  used: number;
  available: number;
  /** used − available. */
  excess: number;
}

export interface ResourceEstimate<U extends string = string> {
  device_id: string;
  cores: number;
  /** One core's parts (before multiplying by `cores`). */
  per_core_by_unit: Record<U, ResourceCounts>;
  per_core: ResourceCounts;
  shell: ResourceCounts;
  /** Blocks holding the weights on chip (`memory.model: onchip`), once per board; zero otherwise. */
  weight_memory?: ResourceCounts;
  total: ResourceCounts;
  resources: Record<ResourceKind, ResourceUse>;
  feasible: boolean;
  /** Every resource that overflows, worst (largest excess fraction) first. */
  overflow: ResourceOverflow[];
  /** One line naming the first overflowing resource, or null when the design fits. */
  infeasible_reason: string | null;
  /** Most cores of this configuration that fit beside the shell. */
  max_cores: number;
}

export function shellCounts(dev: CatalogueDevice, log: ProvenanceLog): ResourceCounts {
  const counts = zeroCounts();
  const shell = dev.device.shell;
  if (!shell) return counts;
  for (const k of RESOURCE_KINDS) counts[k] = log.use(`${dev.device.id}.shell.resources.${k}`, shell.resources[k]);
  return counts;
}

/**
 * Map each part's demand onto the device, replicate the core `cores` times, add the shell
 * once and check every resource kind against the device.
 */
export function estimateFromDemands<U extends string>(
  units: readonly U[],
  demands: Record<U, UnitDemand>,
  dev: CatalogueDevice,
  options: { cores?: number; includeShell?: boolean; log?: ProvenanceLog; weightMemory?: WeightMemoryBlocks } = {},
): ResourceEstimate<U> {
  const cores = options.cores ?? 1;
  if (!Number.isInteger(cores) || cores < 1) throw new RangeError(`cores must be a positive integer, got ${cores}`);
  const log = options.log ?? new ProvenanceLog();

  const perCoreByUnit = {} as Record<U, ResourceCounts>;
  const perCore = zeroCounts();
  for (const unit of units) {
    const counts = mapDemand(demands[unit], dev.family, log);
    perCoreByUnit[unit] = counts;
    for (const k of RESOURCE_KINDS) perCore[k] += counts[k];
  }
  const shell = options.includeShell === false ? zeroCounts() : shellCounts(dev, log);
  const total = zeroCounts();
  const resources = {} as Record<ResourceKind, ResourceUse>;
  const overflow: ResourceOverflow[] = [];
  let maxCores = Infinity;
  for (const k of RESOURCE_KINDS) {
    const available = log.use(`${dev.device.id}.available.${k}`, dev.device.available[k]);
    const weights = options.weightMemory?.resource === k ? options.weightMemory.used : 0;
    total[k] = perCore[k] * cores + shell[k] + weights;
    const label = dev.family.labels[k];
    resources[k] = {
      label,
      used: total[k],
      available,
      utilisation: available > 0 ? total[k] / available : total[k] > 0 ? null : 0,
    };
    if (total[k] > available) overflow.push({ resource: k, label, used: total[k], available, excess: total[k] - available });
    if (perCore[k] > 0) maxCores = Math.min(maxCores, Math.floor(Math.max(0, available - shell[k]) / perCore[k]));
  }
  overflow.sort((a, b) => b.excess / Math.max(1, b.available) - a.excess / Math.max(1, a.available));
  const wm = options.weightMemory;
  const weightOverflow = wm ? overflow.find((o) => o.resource === wm.resource) : undefined;
  let weightCounts: ResourceCounts | undefined;
  if (wm) {
    weightCounts = zeroCounts();
    weightCounts[wm.resource] = wm.used;
  }
  return {
    device_id: dev.device.id,
    cores,
    per_core_by_unit: perCoreByUnit,
    per_core: perCore,
    shell,
    ...(weightCounts ? { weight_memory: weightCounts } : {}),
    total,
    resources,
    feasible: overflow.length === 0,
    overflow,
    infeasible_reason: overflow.length === 0 ? null : wm && weightOverflow ? weightMemoryMessage(dev, wm, weightOverflow) : infeasibleMessage(dev, cores, overflow[0]!),
    max_cores: Number.isFinite(maxCores) ? maxCores : 0,
  };
}

/** The blocks an on-chip weight memory takes (sim/power/resources/weight-memory.ts). */
export interface WeightMemoryBlocks {
  resource: ResourceKind;
  /** Blocks the weights need to be stored (capacity alone). */
  needed: number;
  /** Blocks the memory uses: whole banks deep enough for the weights (≥ needed). */
  used: number;
  banks: number;
}

/** Names the overflowing block kind, how many the weights need and what the device has. */
function weightMemoryMessage(dev: CatalogueDevice, wm: WeightMemoryBlocks, o: ResourceOverflow): string {
  const name = o.label ?? o.resource;
  const others = o.used - wm.used;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `${name}: model weights need ${n(wm.needed)} blocks${wm.used > wm.needed ? ` (${n(wm.used)} as ${n(wm.banks)} banks)` : ''}` +
    `${others > 0 ? ` plus ${n(others)} for the core and shell` : ''}, the ${dev.device.name} has ${n(o.available)}`
  );
}

function infeasibleMessage(dev: CatalogueDevice, cores: number, o: ResourceOverflow): string {
  const name = o.label ?? o.resource;
  const pct = o.available > 0 ? ` (+${((o.excess / o.available) * 100).toFixed(1)}%)` : '';
  return (
    `${cores} core${cores === 1 ? '' : 's'} do${cores === 1 ? 'es' : ''} not fit ${dev.device.id}: ` +
    `${name} ${o.used.toLocaleString('en-US')} needed, ${o.available.toLocaleString('en-US')} available, ` +
    `${o.excess.toLocaleString('en-US')} over${pct}`
  );
}
