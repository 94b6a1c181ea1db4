import { RESOURCE_KINDS, loadDevice, type ResourceCounts, type ResourceKind } from '../arch/device-catalogue.ts';
import { CORE_KINDS, partsOf, unitsOf, type CoreKind, type CoreUnitName, type PartOf, type UnitOf } from '../isa/core-kinds.ts';
import { simulatedCoreResources, type SimulatedCore } from './resources/core-resources.ts';
import type { ResourceOverflow, ResourceUse } from './resources/feasibility.ts';
import type { CoreUnitCosts } from './resources/unit-cost-table.ts';
import type { ArchSpec } from '../arch/schema.ts';
import { loadFpgaDynamicTable } from './coefficient-tables.ts';
import { dramPower, type DramPower, type DramRun } from './dram-power.ts';
import { activityByKind, dynamicCoefficients, idleFractions, staticPowerW, unitDynamicPowerW } from './fpga-power.ts';
import { ProvenanceLog, type ProvenanceEntry } from '../arch/provenance.ts';
import { averagePowerW, cyclesToSeconds, energyJ, mhzToHz, pjToJ } from './units.ts';
import { resolveMemorySection } from '../arch/onchip-memory.ts';
import { memoryTechnology } from '../memory/registry.ts';
import type { ProvenanceKind } from '../arch/provenance.ts';
import { weightMemoryBlocks } from './resources/weight-memory.ts';

/**
 * The power/resources block of a run's result: plain data in (resolved arch spec, what the
 * simulation counted), plain JSON-serialisable data out, snake_case keys. The units whose
 * busy cycles it reads and the parts it sizes and prices are the simulated core kind's
 * (sim/isa/core-kinds.ts).
 */

export interface PowerReportInput {
  /** The validated, defaulted arch spec (its core, device and power sections are read). */
  arch: ArchSpec;
  /** Core clock cycles the run took (from start to ready). */
  cycles: number;
  /**
   * Busy cycles per functional unit of the simulated kind, summed over all cores. Missing
   * units count as idle. Each part is as busy as the busiest unit that drives it (its kind's
   * `parts`): issue runs every cycle, a register file or scratchpad is as busy as its busiest
   * user, the memory port as load/store or tmatmul, whichever is busier.
   */
  unitBusyCycles: Partial<Record<CoreUnitName, number>>;
  /** Number of identical cores (default 1). */
  cores?: number;
  /** What the DRAM model counted, or null/absent when the run used no DRAM model. */
  dram?: DramRun | null;
  /** Tokens produced (for per-token figures), or null/absent. */
  tokens?: number | null;
  /** Override of the core-unit cost table (tests, what-if studies). */
  costs?: CoreUnitCosts;
  /**
   * The core the simulation ran, which is not always `arch.core.kind` (`mmfsim run`
   * simulates a paper-kind core as the vector core): its parts are sized and priced, and a
   * vector core's scratchpad comes from its compiled program.
   */
  simulated: SimulatedCore;
  /**
   * With weights in on-chip memory (`memory.model: onchip`): the weight bytes this board
   * stores (its blocks are counted in the resources) and the bytes its cores read from it
   * (charged per bit read, instead of DRAM commands).
   */
  onChip?: { weightBytes: number; bytesRead: number } | null;
  /** Power of this board's inter-board link ports (system.link.port_power_w × ports), W; absent with one board. */
  linkPortsW?: number;
}

export interface PowerBreakdownW {
  /** Everything below: FPGA core rail + DRAM. */
  total: number;
  /** FPGA core rail: static + dynamic (the quantity the paper's 13 W measures). */
  fpga_total: number;
  fpga_static: number;
  fpga_dynamic: number;
  /** Dynamic power per core unit (all cores together) and of the shell (logic, hard IP). */
  fpga_dynamic_by_unit: Record<string, number>;
  /** DRAM command (ACT/RD/WR/REF) power from IDD currents. */
  dram_core: number;
  /** DRAM interface I/O and termination, per bit transferred. */
  dram_io: number;
  /** DRAM standby (IDD2N/IDD3N) over the run. */
  dram_background: number;
}

export interface PowerReport {
  device: { id: string; name: string; part: string; family: string; shell: string | null };
  cores: number;
  clock_mhz: number;
  junction_temp_c: number;
  /** Simulated time of the run, in seconds. */
  time_s: number;
  resources: Record<ResourceKind, ResourceUse>;
  resources_per_core: ResourceCounts;
  /** Per part of the simulated core kind (`parts` in sim/isa/core-kinds.ts). */
  resources_by_unit: Record<string, ResourceCounts>;
  resources_shell: ResourceCounts;
  /** Blocks holding the weights on chip, when they are (`memory.model: onchip`). */
  resources_weight_memory?: ResourceCounts;
  feasible: boolean;
  infeasible_reason: string | null;
  overflow: ResourceOverflow[];
  max_cores: number;
  /** Busy fraction of each unit (0..1), averaged over cores. */
  busy_fraction: Record<string, number>;
  power_w: PowerBreakdownW;
  /** Total energy of the run (power_w.total × time_s), in J. */
  energy_j: number;
  /** DRAM energies in J, or null without a DRAM model. */
  dram: DramPower | null;
  tokens: number | null;
  tokens_per_s: number | null;
  energy_per_token_j: number | null;
  tokens_per_joule: number | null;
  /** Every coefficient used, with its provenance label. */
  provenance: ProvenanceEntry[];
  notes: string[];
}

export function powerReport(input: PowerReportInput): PowerReport {
  const { arch } = input;
  const cores = input.cores ?? 1;
  if (!Number.isInteger(input.cycles) || input.cycles <= 0) {
    throw new RangeError(`cycles must be a positive integer, got ${input.cycles}`);
  }
  const log = new ProvenanceLog();
  const notes: string[] = [];
  const dev = loadDevice(arch.device.id);
  const includeShell = arch.device.include_shell;
  const weightMemory = input.onChip ? weightMemoryBlocks(arch, input.onChip.weightBytes) : null;
  const estimate = simulatedCoreResources(arch, input.simulated, { device: dev, cores, costs: input.costs, log, weightMemory });
  const parts: readonly string[] = partsOf(input.simulated.kind);

  const clockMhz = arch.core.clock_mhz;
  const timeS = cyclesToSeconds(input.cycles, mhzToHz(clockMhz));
  const junctionC =
    arch.power.junction_temp_c ??
    log.use(`${dev.device.id}.static_power.typical_junction_c`, dev.device.static_power.typical_junction_c);

  // ------------------------------------------------------------ FPGA core rail
  const familyTable = loadFpgaDynamicTable().families[dev.family.id];
  if (!familyTable) throw new Error(`sim/power/coefficients/fpga-dynamic.yaml has no entry for family '${dev.family.id}'`);
  const k = dynamicCoefficients(dev.family.id, familyTable, log);
  const idle = idleFractions(dev.family.id, familyTable, log);
  log.use('fpga-dynamic.reference_toggle_rate', loadFpgaDynamicTable().reference_toggle_rate);

  const busy: Record<string, number> = busyFractions(input.simulated.kind, input.unitBusyCycles, input.cycles * cores);
  const byUnit: PowerBreakdownW['fpga_dynamic_by_unit'] = {};
  let coreDynamic = 0;
  for (const part of parts) {
    const counts = scale(estimate.per_core_by_unit[part]!, cores);
    const p = unitDynamicPowerW(counts, clockMhz, activityByKind(busy[part]!, idle), k);
    byUnit[part] = p;
    coreDynamic += p;
  }
  const shell = includeShell ? dev.device.shell : null;
  if (shell) {
    const shellMhz = log.use(`${dev.device.id}.shell.clock_mhz`, shell.clock_mhz);
    const shellActivity = log.use(`${dev.device.id}.shell.activity`, shell.activity);
    byUnit.shell_logic = unitDynamicPowerW(estimate.shell, shellMhz, shellActivity, k);
    byUnit.shell_hard_ip = log.use(`${dev.device.id}.shell.hard_ip_w`, shell.hard_ip_w);
  } else {
    byUnit.shell_logic = 0;
    byUnit.shell_hard_ip = 0;
    notes.push(includeShell ? `${dev.device.id} has no shell in the catalogue` : 'shell excluded (device.include_shell: false)');
  }
  if (input.onChip && arch.memory.model === 'onchip') {
    // Weight reads from the blocks: energy per bit read, on the FPGA's own rails.
    const section = resolveMemorySection(arch);
    const figure = memoryTechnology(section).readEnergyPjPerBit?.(section);
    if (figure) {
      const pj = log.use(`onchip.${String(section['block'])}.read_pj_per_bit`, { value: figure.value, unit: 'pJ/bit', provenance: figure.provenance as ProvenanceKind, note: figure.note });
      byUnit.weight_memory = averagePowerW(pjToJ(pj * 8 * input.onChip.bytesRead), timeS);
    }
  }
  if (input.linkPortsW !== undefined) {
    byUnit.link = input.linkPortsW;
    log.use('arch.system.link.port_power_w', { value: arch.system.link.port_power_w, unit: 'W', provenance: 'assumed', note: 'Power of one board link port: 4 GTY transceivers with their PLL and a passive QSFP28 copper cable (system.link.port_power_w).' });
  }
  const fpgaStatic = staticPowerW(dev, junctionC, log);
  const fpgaDynamic = coreDynamic + byUnit.shell_logic + byUnit.shell_hard_ip + (byUnit.weight_memory ?? 0) + (byUnit.link ?? 0);

  // ------------------------------------------------------------ DRAM
  let dram: DramPower | null = null;
  if (input.dram) {
    const tech = input.dram.technology;
    const table = input.dram.table;
    let ioPjPerBit = arch.power.dram_io_pj_per_bit;
    if (ioPjPerBit === undefined) {
      ioPjPerBit = log.use(`dram-io.${tech}.io_pj_per_bit`, { value: table.ioPjPerBit.value, unit: 'pJ/bit', provenance: table.ioPjPerBit.provenance, note: table.ioPjPerBit.note });
    } else {
      log.use('arch.power.dram_io_pj_per_bit', {
        value: ioPjPerBit,
        unit: 'pJ/bit',
        provenance: 'assumed',
        note: 'Set in the arch YAML (power.dram_io_pj_per_bit).',
      });
    }
    const idd = table.idd;
    for (const key of Object.keys(idd) as (keyof typeof idd)[]) {
      log.use(`dram.idd.${key}`, { value: idd[key], unit: key === 'vdd' ? 'V' : 'mA', provenance: table.iddSource.provenance, note: table.iddSource.note });
    }
    dram = dramPower(input.dram, ioPjPerBit, timeS);
    const board = dev.device.board_memory.find((m) => m.technology === tech);
    if (board && board.channels > input.dram.channels) {
      notes.push(
        `DRAM power counts the ${input.dram.channels} simulated ${tech} channel(s); ${dev.device.id} has ${board.channels} (their standby power is not included)`,
      );
    }
  } else {
    notes.push('no DRAM model in this run: DRAM power lines are 0');
  }

  const fpgaTotal = fpgaStatic + fpgaDynamic;
  const dramCore = dram?.core_w ?? 0;
  const dramIo = dram?.io_w ?? 0;
  const dramBackground = dram?.background_w ?? 0;
  const total = fpgaTotal + dramCore + dramIo + dramBackground;
  const runEnergyJ = energyJ(total, timeS);
  const tokens = input.tokens ?? null;
  const perToken = tokens !== null && tokens > 0;

  return {
    device: {
      id: dev.device.id,
      name: dev.device.name,
      part: dev.device.part,
      family: dev.family.id,
      shell: shell?.name ?? null,
    },
    cores,
    clock_mhz: clockMhz,
    junction_temp_c: junctionC,
    time_s: timeS,
    resources: estimate.resources,
    resources_per_core: estimate.per_core,
    resources_by_unit: estimate.per_core_by_unit,
    resources_shell: estimate.shell,
    ...(estimate.weight_memory ? { resources_weight_memory: estimate.weight_memory } : {}),
    feasible: estimate.feasible,
    infeasible_reason: estimate.infeasible_reason,
    overflow: estimate.overflow,
    max_cores: estimate.max_cores,
    busy_fraction: busy,
    power_w: {
      total,
      fpga_total: fpgaTotal,
      fpga_static: fpgaStatic,
      fpga_dynamic: fpgaDynamic,
      fpga_dynamic_by_unit: byUnit,
      dram_core: dramCore,
      dram_io: dramIo,
      dram_background: dramBackground,
    },
    energy_j: runEnergyJ,
    dram,
    tokens,
    tokens_per_s: perToken ? tokens / timeS : null,
    energy_per_token_j: perToken ? runEnergyJ / tokens : null,
    tokens_per_joule: perToken ? tokens / runEnergyJ : null,
    provenance: log.list(),
    notes,
  };
}

/** One unit's busy cycles as a fraction of the run (validated: busy cycles are counts). */
function busyFraction(unit: string, busy: number | undefined, coreCycles: number): number {
  const b = busy ?? 0;
  if (!Number.isFinite(b) || b < 0) throw new RangeError(`busy cycles of ${unit} must be non-negative, got ${b}`);
  return Math.min(1, b / coreCycles);
}

/**
 * Busy fraction of each part of a core kind: its units' busy cycles over the run, and for
 * every part the activity its kind's table gives it — every cycle (issue), or as busy as the
 * busiest unit that drives it.
 */
export function busyFractions<K extends CoreKind>(
  kind: K,
  busyCycles: Partial<Record<UnitOf<K>, number>>,
  coreCycles: number,
): Record<PartOf<K>, number> {
  const unit = {} as Record<UnitOf<K>, number>;
  for (const u of unitsOf(kind)) unit[u] = busyFraction(u, busyCycles[u], coreCycles);
  const table = CORE_KINDS[kind].parts as Readonly<Record<PartOf<K>, 'every_cycle' | readonly UnitOf<K>[]>>;
  const out = {} as Record<PartOf<K>, number>;
  for (const part of partsOf(kind)) {
    const activity = table[part];
    out[part] = activity === 'every_cycle' ? 1 : Math.max(...activity.map((u) => unit[u]));
  }
  return out;
}

function scale(c: ResourceCounts, n: number): ResourceCounts {
  const out = {} as ResourceCounts;
  for (const kind of RESOURCE_KINDS) out[kind] = c[kind] * n;
  return out;
}
