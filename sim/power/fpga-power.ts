import { RESOURCE_KINDS, type CatalogueDevice, type ResourceCounts, type ResourceKind } from '../arch/device-catalogue.ts';
import type { FamilyDynamic } from './coefficient-tables.ts';
import { combine } from './combine.ts';
import type { ProvenanceLog } from '../arch/provenance.ts';

/**
 * FPGA core-rail power as the vendors' early estimators compute it:
 *   P = P_static(device, T_j) + Σ_units Σ_kinds resources × f_MHz × k_kind × activity_unit.
 */

/**
 * Leakage at junction temperature `junctionC`: the device's reference figure scaled by
 * 2^((T − T_ref) / T_double), the exponential shape of vendor static-power curves.
 */
export function staticPowerW(dev: CatalogueDevice, junctionC: number, log: ProvenanceLog): number {
  const s = dev.device.static_power;
  const id = dev.device.id;
  const ref = log.use(`${id}.static_power.reference_w`, s.reference_w);
  const refT = log.use(`${id}.static_power.reference_junction_c`, s.reference_junction_c);
  const doubling = log.use(`${id}.static_power.doubling_c`, s.doubling_c);
  return ref * 2 ** ((junctionC - refT) / doubling);
}

/**
 * Activity of a unit relative to the estimator's 12.5 % toggle: a busy unit toggles at the
 * reference rate, an idle one still clocks (clock tree, flip-flop clock pins), so it keeps
 * `idleFraction` of that power. Linear in the busy fraction in between.
 */
export function activityFactor(busyFraction: number, idleFraction: number): number {
  const busy = Math.min(1, Math.max(0, busyFraction));
  return idleFraction + (1 - idleFraction) * busy;
}

/**
 * Idle fraction of each resource kind (logged): the family's per-kind figures when it has
 * them, else its one `idle_fraction` for every kind.
 */
export function idleFractions(familyId: string, table: FamilyDynamic, log: ProvenanceLog): Record<ResourceKind, number> {
  const out = {} as Record<ResourceKind, number>;
  const byKind = table.idle_fraction_by_kind;
  if (!byKind) {
    const all = log.use(`fpga-dynamic.${familyId}.idle_fraction`, table.idle_fraction);
    for (const kind of RESOURCE_KINDS) out[kind] = all;
    return out;
  }
  for (const kind of RESOURCE_KINDS) out[kind] = log.use(`fpga-dynamic.${familyId}.idle_fraction_by_kind.${kind}`, byKind[kind]);
  return out;
}

/** Activity of each resource kind of a unit busy `busyFraction` of the run (activityFactor per kind). */
export function activityByKind(busyFraction: number, idle: Readonly<Record<ResourceKind, number>>): Record<ResourceKind, number> {
  const out = {} as Record<ResourceKind, number>;
  for (const kind of RESOURCE_KINDS) out[kind] = activityFactor(busyFraction, idle[kind]);
  return out;
}

/** W per (resource · MHz) of each resource kind, logged as used. */
export function dynamicCoefficients(familyId: string, table: FamilyDynamic, log: ProvenanceLog): Record<ResourceKind, number> {
  const k = {} as Record<ResourceKind, number>;
  for (const kind of RESOURCE_KINDS) k[kind] = log.use(`fpga-dynamic.${familyId}.k_w_per_mhz.${kind}`, table.k_w_per_mhz[kind]);
  return k;
}

/**
 * Dynamic power of one unit: its resources at `clockMhz` and `activity` (see activityFactor),
 * one figure for every kind or one per kind (activityByKind).
 */
export function unitDynamicPowerW(
  counts: ResourceCounts,
  clockMhz: number,
  activity: number | Readonly<Record<ResourceKind, number>>,
  k: Readonly<Record<ResourceKind, number>>,
): number {
  const resourceMhz = {} as Record<ResourceKind, number>;
  for (const kind of RESOURCE_KINDS) resourceMhz[kind] = counts[kind] * clockMhz * (typeof activity === 'number' ? activity : activity[kind]);
  return combine(k, resourceMhz).total;
}
