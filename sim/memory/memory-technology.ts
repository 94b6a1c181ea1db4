import type * as z from 'zod';
import type { DramEnergyTable } from './dram/dram-activity.ts';
import type { DramConfig } from './dram/dram-config.ts';
import type { MemoryModel } from './memory-model.ts';

/** Every `memory:` section has a `model` naming its technology; the rest is the technology's own. */
export type MemorySection = { readonly model: string } & Readonly<Record<string, unknown>>;

/** What a memory model needs to know about the system it is attached to. */
export interface MemoryContext {
  /** The requesting core's clock (a fixed-latency memory counts in core cycles). */
  coreClockHz: number;
}

/**
 * One memory technology (a DRAM standard, an idealised memory, …) as the rest of mmfsim sees
 * it: everything the schema, the system builder, the bounds, the power model and the reports
 * need, in one object. A technology lives in its own folder under sim/memory/technologies/
 * and is listed once in builtin-technologies.ts, or registered at run time through
 * `registerMemoryTechnology`; nothing else names it.
 */
export interface MemoryTechnology<S extends MemorySection = MemorySection> {
  /** The `memory.model` value that selects it. */
  readonly name: string;
  /** One line for docs and `--help`. */
  readonly description: string;
  /** The section's schema: `model: z.literal(name)`, strict, with defaults (its type, validation, JSON Schema and docs). */
  readonly schema: z.ZodType<S>;
  /** The section key holding its channel count (`channels`, `pseudo_channels`), or null for an unchannelled memory. */
  readonly channelKey: string | null;
  /** Independent channels of a configured memory; 0 for an unchannelled one. */
  channels(spec: S): number;
  /** The same memory with `channels` channels (a core's private share); an unchannelled one unchanged. */
  withChannels(spec: S, channels: number): S;
  /**
   * Peak data bandwidth of the whole memory in bytes/s (Infinity for an idealised memory).
   * `ctx` gives the core's clock, which a memory clocked with the core (on-chip blocks) needs.
   */
  peakBytesPerS(spec: S, ctx?: MemoryContext): number;
  /** Bytes one column command moves on the data bus (what interface energy is paid on); null without a DRAM bus. */
  burstBytes(spec: S): number | null;
  /**
   * For technologies simulated on the generic DRAM controller (sim/memory/dram/): the resolved
   * controller config, which lets `mmfsim dram` drive the controller with a trace burst by burst.
   */
  dramConfig?(spec: S): DramConfig;
  /**
   * The memory's own clock in Hz, for a technology that has one and is not simulated on the
   * DRAM controller (those give `dramConfig().clockHz`); without either it runs on the core's
   * clock. Validation checks that it shares an exact timebase with the core's.
   */
  clockHz?(spec: S): number;
  /** The timing model. */
  create(spec: S, ctx: MemoryContext): MemoryModel;
  /** The energy table the power model applies to the model's `dramActivity`; null when the memory draws no DRAM energy. */
  energyTable(spec: S): DramEnergyTable | null;
  /**
   * Optional: energy of one bit read, for a memory priced per bit rather than by DRAM
   * commands (on-chip blocks), with where the figure comes from.
   */
  readEnergyPjPerBit?(spec: S): { value: number; provenance: string; note: string };
  /** A short description of the configured memory for reports and `mmfsim dram` (preset, organisation, policies). */
  summary(spec: S): Record<string, string | number | boolean>;
}
