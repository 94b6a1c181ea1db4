import { ProvenanceLog } from '../../arch/provenance.ts';
import type { WeightFormatName } from '../../isa/weight-formats.ts';
import type { CoreSpec } from '../../arch/core-schema.ts';
import { loadDevice, type CatalogueDevice } from '../../arch/device-catalogue.ts';
import type { VectorProgramShape } from '../../compiler/program-shape.ts';
import { InputError } from '../../input-error.ts';
import { partsOf, type PartOf } from '../../isa/core-kinds.ts';
import { estimateFromDemands, type ResourceEstimate, type WeightMemoryBlocks } from './feasibility.ts';
import { paperCoreDemands, paperCoreResourceParams, type PaperCoreResourceParams } from './paper-core-demand.ts';
import { loadCoreUnitCosts, type CoreUnitCosts } from './unit-cost-table.ts';
import { vectorCoreDemands, vectorCoreResourceParams, type ScratchpadStyle } from './vector-core-demand.ts';
import { mapDemand } from './fabric-mapping.ts';
import { RESOURCE_KINDS } from '../../arch/device-catalogue.ts';

/**
 * A core's resource estimate, per kind: its parts' demand (paper-core-demand.ts,
 * vector-core-demand.ts) over the kind's parts (sim/isa/core-kinds.ts), mapped onto the
 * device, replicated, with the shell, and checked for fit (feasibility.ts).
 */

/** The core a simulation ran, as the resource model needs it: the vector core sizes its scratchpad from the program. */
export type SimulatedCore = { kind: 'paper' } | { kind: 'vector'; program: VectorProgramShape };

export interface PaperEstimateOptions {
  cores?: number;
  /** Count the board shell's footprint (default true). */
  includeShell?: boolean;
  costs?: CoreUnitCosts;
  log?: ProvenanceLog;
}

/** Resources of `cores` copies of a paper core plus the shell on a device, and whether they fit. */
export function paperCoreResources(params: PaperCoreResourceParams, dev: CatalogueDevice, options: PaperEstimateOptions = {}): ResourceEstimate<PartOf<'paper'>> {
  const log = options.log ?? new ProvenanceLog();
  const costs = options.costs ?? loadCoreUnitCosts();
  return estimateFromDemands(partsOf('paper'), paperCoreDemands(params, costs, log), dev, { ...options, log });
}

export interface VectorEstimateOptions {
  /** Device (default: the arch's `device.id`). */
  device?: CatalogueDevice;
  costs?: CoreUnitCosts;
  log?: ProvenanceLog;
  /** Blocks holding the weights on chip (counted once, beside the shell). */
  weightMemory?: WeightMemoryBlocks | null;
}

/**
 * Resources of the arch's vector cores (`core.cores` copies) running `program`, plus the
 * shell, on the arch's device (or `options.device`), and whether they fit.
 */
export function vectorCoreResources(
  arch: { core: CoreSpec; device: { id: string; include_shell: boolean }; weights?: { format: WeightFormatName } },
  program: VectorProgramShape,
  options: VectorEstimateOptions = {},
): ResourceEstimate<PartOf<'vector'>> {
  const log = options.log ?? new ProvenanceLog();
  const costs = options.costs ?? loadCoreUnitCosts();
  const dev = options.device ?? loadDevice(arch.device.id);
  const params = vectorCoreResourceParams(arch.core, arch.weights?.format);
  const style = scratchpadStyleFor(params, program, costs, dev);
  return estimateFromDemands(partsOf('vector'), vectorCoreDemands(params, program, costs, log, style), dev, {
    cores: params.cores,
    includeShell: arch.device.include_shell,
    log,
    ...(options.weightMemory ? { weightMemory: options.weightMemory } : {}),
  });
}

/**
 * The scratchpad organisation a designer would pick for this core on this device: the one
 * (per-buffer memories with select multiplexers, or one banked memory per element format)
 * that takes the smaller share of the device, summed over its resource kinds. Narrow cores
 * keep per-buffer memories where they are cheaper; a 1024-lane fp32 unit's 32,768-bit-wide
 * buffers are banked. Worked out with a scratch provenance log: only the chosen one is priced.
 */
export function scratchpadStyleFor(
  params: ReturnType<typeof vectorCoreResourceParams>,
  program: VectorProgramShape,
  costs: CoreUnitCosts,
  dev: CatalogueDevice,
): ScratchpadStyle {
  const share = (style: ScratchpadStyle): number => {
    const scratch = new ProvenanceLog();
    const counts = mapDemand(vectorCoreDemands(params, program, costs, scratch, style).scratchpad, dev.family, scratch);
    let total = 0;
    for (const k of RESOURCE_KINDS) {
      const available = dev.device.available[k].value;
      total += counts[k] === 0 ? 0 : available > 0 ? counts[k] / available : Infinity;
    }
    return total;
  };
  return share('banked') < share('buffers') ? 'banked' : 'buffers';
}

/**
 * Resources of `cores` copies of the core a simulation ran (its kind's parts), on `device`
 * with the arch's shell setting: what the power report prices.
 */
export function simulatedCoreResources(
  arch: { core: CoreSpec; device: { id: string; include_shell: boolean }; weights?: { format: WeightFormatName } },
  simulated: SimulatedCore,
  options: { device: CatalogueDevice; cores: number; costs?: CoreUnitCosts; log: ProvenanceLog; weightMemory?: WeightMemoryBlocks | null },
): ResourceEstimate {
  switch (simulated.kind) {
    case 'paper':
      return paperCoreResources(paperCoreResourceParams(arch.core), options.device, {
        cores: options.cores,
        includeShell: arch.device.include_shell,
        costs: options.costs,
        log: options.log,
      });
    case 'vector':
      return vectorCoreResources({ ...arch, core: { ...arch.core, cores: options.cores } }, simulated.program, {
        device: options.device,
        costs: options.costs,
        log: options.log,
        weightMemory: options.weightMemory ?? null,
      });
    default: {
      const never: never = simulated;
      throw new Error(`unhandled core kind ${String(never)}`);
    }
  }
}

/**
 * Resources of a paper-kind arch on its own device (`device.id`, `device.include_shell`),
 * before simulating it. A vector core's resources depend on the program compiled for the
 * model (its scratchpad): `simulate()` reports them.
 */
export function estimateArchResources(
  arch: { core: CoreSpec; device: { id: string; include_shell: boolean } },
  cores = 1,
): ResourceEstimate<PartOf<'paper'>> {
  if (arch.core.kind !== 'paper') {
    throw new InputError(`a ${arch.core.kind} core's resources depend on the program compiled for the model: simulate() reports them`, { key: 'core.kind' });
  }
  return paperCoreResources(paperCoreResourceParams(arch.core), loadDevice(arch.device.id), {
    cores,
    includeShell: arch.device.include_shell,
  });
}
