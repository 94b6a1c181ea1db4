import type { PowerBreakdownW, PowerReport } from './power-report.ts';

/** One board's share of a several-board system's power report. */
export interface BoardPower {
  board: number;
  /** Layers [first, end) the board runs, and whether it fetches the embedding / runs the head. */
  layers: [number, number];
  embed: boolean;
  head: boolean;
  feasible: boolean;
  infeasible_reason: string | null;
  resources: PowerReport['resources'];
  power_w: PowerBreakdownW;
}

/**
 * The power report of several boards from each board's own (every board its own device,
 * shell, memory and static power): powers and energies add up; the system fits when every
 * board does (the first that does not is named); resources are shown for the board that uses
 * the largest fraction of any resource, and every board's are listed under `boards`.
 */
export function combineBoardReports(reports: PowerReport[], stages: { firstLayer: number; endLayer: number; embed: boolean; head: boolean }[]): PowerReport & { boards: BoardPower[] } {
  const first = reports[0]!;
  const sum = (f: (p: PowerBreakdownW) => number) => reports.reduce((a, r) => a + f(r.power_w), 0);
  const byUnit: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.power_w.fpga_dynamic_by_unit)) byUnit[k] = (byUnit[k] ?? 0) + v;
  const power_w: PowerBreakdownW = {
    total: sum((p) => p.total),
    fpga_total: sum((p) => p.fpga_total),
    fpga_static: sum((p) => p.fpga_static),
    fpga_dynamic: sum((p) => p.fpga_dynamic),
    fpga_dynamic_by_unit: byUnit,
    dram_core: sum((p) => p.dram_core),
    dram_io: sum((p) => p.dram_io),
    dram_background: sum((p) => p.dram_background),
  };
  const worstUse = (r: PowerReport) => Math.max(...Object.values(r.resources).map((u) => u.utilisation ?? Infinity));
  const fullest = reports.reduce((best, r) => (worstUse(r) > worstUse(best) ? r : best), first);
  const failing = reports.findIndex((r) => !r.feasible);
  const energy = reports.reduce((a, r) => a + r.energy_j, 0);
  const tokens = first.tokens;
  const perToken = tokens !== null && tokens > 0;
  const provenance = [...new Map(reports.flatMap((r) => r.provenance).map((p) => [p.coefficient, p])).values()];
  return {
    ...first,
    resources: fullest.resources,
    resources_per_core: fullest.resources_per_core,
    resources_by_unit: fullest.resources_by_unit,
    feasible: failing < 0,
    infeasible_reason: failing < 0 ? null : `board ${failing}: ${reports[failing]!.infeasible_reason}`,
    overflow: failing < 0 ? [] : reports[failing]!.overflow,
    power_w,
    energy_j: energy,
    dram: null,
    energy_per_token_j: perToken ? energy / tokens : null,
    tokens_per_joule: perToken ? tokens / energy : null,
    provenance,
    notes: [...new Set(reports.flatMap((r) => r.notes))],
    boards: reports.map((r, b) => ({
      board: b,
      layers: [stages[b]!.firstLayer, stages[b]!.endLayer],
      embed: stages[b]!.embed,
      head: stages[b]!.head,
      feasible: r.feasible,
      infeasible_reason: r.infeasible_reason,
      resources: r.resources,
      power_w: r.power_w,
    })),
  };
}
