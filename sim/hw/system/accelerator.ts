import { SimulationError } from '../../input-error.ts';
import { Engine } from '../../engine/engine.ts';
import type { ClockDomain } from '../../engine/clock-domain.ts';
import type { CompiledProgram } from '../../compiler/compile-model.ts';
import { laneMatrices, rowSplit } from '../../compiler/ddr-layout.ts';
import type { VectorInstruction } from '../../isa/vector-instruction.ts';
import { ONE_SEQUENCE, VectorDatapath, type DatapathConfig, type PassMode } from '../datapath/vector-datapath.ts';
import type { DramActivity } from '../../memory/dram/dram-activity.ts';
import type { MemoryModel, MemoryStats } from '../../memory/memory-model.ts';
import { MemoryPort } from '../memory/memory-port.ts';
import { BandwidthSeries } from '../memory/bandwidth-series.ts';
import { VectorCore, type Barrier, type VectorCoreConfig } from '../core/vector-core.ts';

export interface AcceleratorConfig {
  core: VectorCoreConfig;
  /** null: timing only, no values. */
  datapath: DatapathConfig | null;
  cores: number;
  batch: number;
  /** Bytes per core cycle each core receives on the all-gather ring. */
  interconnectBytesPerCycle: number;
}

/**
 * The simulated accelerator: `cores` generalised cores in one event engine, each with its
 * own memory port and memory model (its own DDR channel or channels, holding its slices of
 * the weights; or, with shared channels, its port on a memory arbiter), joined by an
 * all-gather ring. `runPass(tokens)` runs one forward pass for
 * `tokens.length` batch slots and returns its cycles; the host reads core 0's logits.
 */
export class Accelerator implements Barrier {
  readonly engine: Engine;
  readonly clock: ClockDomain;
  readonly cores: VectorCore[];
  readonly datapaths: (VectorDatapath | null)[];
  /** Bytes every core's port sends into the memory, per window of core cycles (the run report's bandwidth over time). */
  readonly bandwidth: BandwidthSeries;
  protected cycle = 0;
  private readonly arrivals = new Map<number, { count: number; latest: number; done: ((last: number) => void)[] }>();
  private readyCount = 0;
  private passReady = 0;
  protected slots = 1;

  constructor(
    readonly config: AcceleratorConfig,
    readonly programs: CompiledProgram[],
    readonly memories: MemoryModel[],
    /** The memory models behind the ports, each counted once in the statistics (shared channels: one model). */
    readonly physicalMemories: MemoryModel[] = memories,
  ) {
    const crossing = config.core.crossing;
    this.engine = new Engine([config.core.clockHz, ...new Set(memories.map((m) => m.clockHz)), ...(crossing ? [crossing.memorySideHz] : [])]);
    this.clock = this.engine.clock(config.core.clockHz);
    this.bandwidth = new BandwidthSeries(this.clock.ticksPerCycle);
    this.datapaths = programs.map((p) => {
      if (!config.datapath) return null;
      // Regions by address; contents are read only when an instruction reads them (a
      // synthetic card's embeddings are drawn row by row, as tokens need them).
      const byAddr = new Map([...p.ddr.vectors.values()].map((v) => [v.addr, v]));
      const vectorAt = (addr: number): Float32Array => {
        const values = byAddr.get(addr)?.values;
        if (!values) throw new Error(`no fp32 vector at DDR address 0x${addr.toString(16)}`);
        return values;
      };
      return new VectorDatapath(p.buffers, config.batch, config.datapath, {
        matrices: laneMatrices(p.ddr),
        gammas: p.gammas,
        vectorAt,
        vectorRowAt: (addr, row, length) => {
          const v = byAddr.get(addr);
          return v?.row ? v.row(row) : vectorAt(addr).subarray(row * length, (row + 1) * length);
        },
      });
    });
    this.cores = programs.map((p, k) => {
      const port = new MemoryPort(this.engine, memories[k]!, this.clock);
      port.traffic = this.bandwidth;
      if (crossing) port.crossing = { clock: this.engine.clock(crossing.memorySideHz), syncCycles: crossing.syncCycles };
      return new VectorCore(this.engine, this.clock, k, config.core, p.instructions, p.buffers.length, port, this.datapaths[k]!, this);
    });
  }

  /** Core cycle at which the next pass starts (the previous pass's ready cycle). */
  get now(): number {
    return this.cycle;
  }

  reset(): void {
    for (const d of this.datapaths) d?.reset();
  }

  /**
   * One forward pass for the given slot tokens; returns its cycles (start to ready). `mode`:
   * whose recurrent state each slot advances (consecutive tokens of one sequence, or one
   * token of each of several sequences); it changes values only, never timing.
   */
  runPass(tokens: readonly number[], mode: PassMode = ONE_SEQUENCE): number {
    if (tokens.length < 1 || tokens.length > this.config.batch) throw new RangeError(`a pass holds 1..${this.config.batch} tokens, got ${tokens.length}`);
    for (const d of this.datapaths) d?.beginPass(mode);
    // Nothing is left in flight after a pass, but never start before the engine's present.
    const start = Math.max(this.cycle, this.clock.cycleAtOrAfter(this.engine.now));
    this.slots = tokens.length;
    this.readyCount = 0;
    this.passReady = start;
    const ready = new Array<boolean>(this.cores.length).fill(false);
    for (const core of this.cores) {
      core.startPass(start, tokens, (readyCycle) => {
        this.readyCount++;
        ready[core.index] = true;
        this.passReady = Math.max(this.passReady, readyCycle);
      });
    }
    this.engine.run();
    if (this.readyCount !== this.cores.length) {
      // No event is left to run, yet a core is not done: nothing can ever wake it (a proven deadlock).
      const stuck = this.cores.filter((c) => !ready[c.index]).map((c) => `core ${c.index} ${c.position()}`);
      throw new SimulationError(`deadlock at core cycle ${this.clock.cycleAtOrBefore(this.engine.now)} (pass from cycle ${start}): no event is left to run, and ${stuck.join('; ')}`);
    }
    this.cycle = this.passReady;
    return this.passReady - start;
  }

  /** Logits of batch slot `slot` after the last pass (core 0's gathered buffer). */
  logits(slot: number): Float32Array {
    const d = this.datapaths[0];
    if (!d) throw new Error('timing-only run: no values');
    return d.f32(this.programs[0]!.logits, slot);
  }

  arrive(core: number, pc: number, inst: Extract<VectorInstruction, { op: 'all_gather' }>, cycle: number, done: (last: number) => void): void {
    let a = this.arrivals.get(pc);
    if (!a) {
      a = { count: 0, latest: 0, done: [] };
      this.arrivals.set(pc, a);
    }
    a.count++;
    a.latest = Math.max(a.latest, cycle);
    a.done.push(done);
    if (a.count < this.cores.length) return;
    this.arrivals.delete(pc);
    const C = this.cores.length;
    // Ring all-gather: every core receives the slices it does not hold, fp32 per slot.
    let received = 0;
    for (let k = 0; k < C; k++) received = Math.max(received, inst.length - rowSplit(inst.length, C, k).count);
    const ringLast = a.latest + Math.ceil((received * 4 * this.slots) / this.config.interconnectBytesPerCycle);
    const finish = (last: number) => {
      this.exchange(inst);
      for (const d of a.done) d(last);
    };
    this.gatherAcrossBoards(inst, a.latest, ringLast, finish);
  }

  /**
   * The all-gather's completion once every core has arrived at `latest` and the on-board
   * ring is done at `ringLast`: on one board, then. Several boards (rows partition) add
   * the slices that cross the link (row-boards.ts).
   */
  protected gatherAcrossBoards(_inst: Extract<VectorInstruction, { op: 'all_gather' }>, _latest: number, ringLast: number, finish: (last: number) => void): void {
    finish(ringLast);
  }

  /** Copy every core's slice of the buffer into every other core's copy. */
  private exchange(inst: Extract<VectorInstruction, { op: 'all_gather' }>): void {
    const C = this.cores.length;
    if (!this.datapaths[0]) return;
    for (let s = 0; s < this.slots; s++) {
      for (let j = 0; j < C; j++) {
        const { start, count } = rowSplit(inst.length, C, j);
        const src = this.datapaths[j]!.f32(inst.buf, s).subarray(start, start + count);
        for (let k = 0; k < C; k++) if (k !== j) this.datapaths[k]!.f32(inst.buf, s).set(src, start);
      }
    }
  }

  /**
   * Memory statistics summed over the memory models (each core's own, or the one they
   * share), over the whole run: each model is first brought to the last pass's ready cycle,
   * so refreshes and standby energy after its last request (the head's compute, the last
   * logits) are counted, whatever cycle its port last happened to advance it to.
   */
  memoryStats(): MemoryStats {
    const end = this.clock.timeOf(this.cycle);
    for (const m of this.physicalMemories) {
      const memCycle = this.engine.clock(m.clockHz).cycleAtOrBefore(end);
      m.advanceTo(memCycle, (req) => {
        throw new Error(`memory request ${req.id} still in flight after the last pass`);
      });
    }
    return sumStats(this.physicalMemories.map((m) => m.stats()));
  }
}

/** Sum memory statistics (every counter is additive: requests, bytes, DRAM commands and standby cycles). */
export function sumStats(all: MemoryStats[]): MemoryStats {
  const detail: Record<string, number> = {};
  for (const s of all) for (const [k, v] of Object.entries(s.detail)) detail[k] = (detail[k] ?? 0) + v;
  const activities = all.flatMap((s) => (s.dramActivity ? [s.dramActivity] : []));
  const sum: MemoryStats = {
    reads: all.reduce((a, s) => a + s.reads, 0),
    writes: all.reduce((a, s) => a + s.writes, 0),
    bytesRead: all.reduce((a, s) => a + s.bytesRead, 0),
    bytesWritten: all.reduce((a, s) => a + s.bytesWritten, 0),
    detail,
  };
  if (activities.length > 0) {
    const total = (k: keyof DramActivity) => activities.reduce((a, x) => a + x[k], 0);
    sum.dramActivity = {
      activates: total('activates'),
      reads: total('reads'),
      writes: total('writes'),
      refreshes: total('refreshes'),
      activeStandbyCycles: total('activeStandbyCycles'),
      prechargeStandbyCycles: total('prechargeStandbyCycles'),
    };
  }
  return sum;
}
