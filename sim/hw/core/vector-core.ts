import type { ClockDomain } from '../../engine/clock-domain.ts';
import type { Engine } from '../../engine/engine.ts';
import { Wakeup } from '../../engine/wakeup.ts';
import { assertNeverOp, buffersOf, unitOf, VECTOR_UNITS, type VectorInstruction, type VectorUnit } from '../../isa/vector-instruction.ts';
import type { VectorDatapath } from '../datapath/vector-datapath.ts';
import type { MemoryPort } from '../memory/memory-port.ts';
import { LoadStoreUnit } from '../units/load-store-unit.ts';
import { WeightStreamUnit, type StreamJob } from '../units/weight-stream-unit.ts';
import { BufferScoreboard } from './buffer-scoreboard.ts';

/** Plain parameters of one generalised core (resolved from the arch YAML). */
export interface VectorCoreConfig {
  clockHz: number;
  portWidthBytes: number;
  burstBeats: number;
  outstanding: number;
  weightsPerCycle: number;
  /** Ternary weights per stored byte (the weight format, sim/isa/weight-formats.ts). */
  weightsPerByte: number;
  /** Cycles the weight decoder adds between the FIFO and the lanes (0: no decoder). */
  decodeLatencyCycles: number;
  fifoBytes: number;
  rowwiseElementsPerCycle: number;
  quantizeElementsPerCycle: number;
  prefetchWeights: boolean;
  overlapElementwise: boolean;
  /** Responses cross into the core clock through an asynchronous FIFO (absent: seen at the next core edge). */
  crossing?: { memorySideHz: number; syncCycles: number };
}

/** The all-gather rendezvous the cores of a system share. */
export interface Barrier {
  /** Core `core` reached all_gather `pc` in `cycle`; `done(lastBusyCycle)` once it completes. */
  arrive(core: number, pc: number, inst: Extract<VectorInstruction, { op: 'all_gather' }>, cycle: number, done: (last: number) => void): void;
}

export const STALL_CAUSES = ['unit_busy', 'operand_wait', 'in_order'] as const;
export type StallCause = (typeof STALL_CAUSES)[number];

/** Index of each unit (the vector kind's, sim/isa/core-kinds.ts) in `busyCycles` and the scoreboard. */
const U = Object.fromEntries(VECTOR_UNITS.map((u, i) => [u, i])) as Record<VectorUnit, number>;

/**
 * The generalised token-generation core: in order, one instruction per cycle, a busy
 * scoreboard over scratchpad buffers (an instruction waits for its unit and for every buffer
 * it names), and five units: load/store (the paper core's, over the shared memory port),
 * quantise, row-wise, ternary matmul (a weight stream through the same port, see
 * WeightStreamUnit) and the all-gather sync. Fixed-latency units take
 * passes × ⌈elements·slots / lanes⌉ + 1 cycles. With `overlapElementwise` off every
 * instruction also waits for all earlier ones to finish (no overlap between units).
 * Values are computed at issue, as in the paper core: the scoreboard keeps every buffer an
 * in-flight unit names away from later instructions.
 */
export class VectorCore {
  readonly busyCycles = new Float64Array(VECTOR_UNITS.length);
  readonly stallCycles = new Float64Array(STALL_CAUSES.length);
  /** Busy cycles per opcode. */
  readonly opCycles = new Map<string, number>();
  readonly issueCycle: Float64Array;
  readonly doneCycle: Float64Array;
  readonly stream: WeightStreamUnit;
  private readonly loadStore: LoadStoreUnit;
  private readonly scoreboard: BufferScoreboard;
  private readonly wake: Wakeup;
  private readonly jobs: StreamJob[] = [];
  private readonly jobOf: Int32Array;
  private pc = 0;
  private lastIssue = -1;
  private headSince = 0;
  /** Index into STALL_CAUSES of what last blocked the instruction at the head. */
  private blockedBy = 0;
  private inFlight = 0;
  private slots = 1;
  private tokens: readonly number[] = [];
  private onReady: (cycle: number) => void = () => {};
  private finished = true;

  constructor(
    private readonly engine: Engine,
    private readonly clock: ClockDomain,
    readonly index: number,
    readonly config: VectorCoreConfig,
    readonly program: readonly VectorInstruction[],
    readonly bufferCount: number,
    port: MemoryPort,
    private readonly datapath: VectorDatapath | null,
    private readonly barrier: Barrier,
  ) {
    const requestBytes = config.portWidthBytes * config.burstBeats;
    this.loadStore = new LoadStoreUnit(engine, clock, port, config.outstanding, requestBytes);
    this.stream = new WeightStreamUnit(engine, clock, port, {
      weightsPerCycle: config.weightsPerCycle,
      weightsPerByte: config.weightsPerByte,
      decodeLatencyCycles: config.decodeLatencyCycles,
      fifoBytes: config.fifoBytes,
      outstanding: config.outstanding,
      requestBytes,
      prefetch: config.prefetchWeights,
    });
    this.scoreboard = new BufferScoreboard(bufferCount, VECTOR_UNITS.length);
    this.jobOf = new Int32Array(program.length).fill(-1);
    program.forEach((inst, pc) => {
      if (inst.op !== 'tmatmul') return;
      this.jobOf[pc] = this.jobs.length;
      this.jobs.push({
        segments: inst.parts.map((p) => ({ addr: p.addr, bytes: p.bytes, weights: p.rows * p.cols, outputs: p.rows })),
      });
    });
    this.issueCycle = new Float64Array(program.length);
    this.doneCycle = new Float64Array(program.length);
    this.wake = new Wakeup(engine, `core${index}.issue`, () => this.tryIssue());
  }

  /** Run the program once from `cycle` for `slots` batch slots; `onReady(cycle)` when ready rises. */
  startPass(cycle: number, tokens: readonly number[], onReady: (cycle: number) => void): void {
    this.pc = 0;
    this.slots = tokens.length;
    this.tokens = tokens;
    this.onReady = onReady;
    this.finished = false;
    this.headSince = cycle;
    this.lastIssue = cycle - 1;
    this.scoreboard.reset();
    this.issueCycle.fill(-1);
    this.doneCycle.fill(-1);
    this.stream.beginPass(this.jobs, this.slots, cycle);
    this.wake.at(this.clock.timeOf(cycle));
  }

  /** Where the core stands, for a deadlock report: the instruction it waits to issue, or what is still in flight. */
  position(): string {
    const inst = this.program[this.pc];
    return inst ? `waiting to issue instruction ${this.pc} of ${this.program.length} (${inst.op}), ${this.inFlight} in flight` : `all ${this.program.length} instructions issued, ${this.inFlight} still in flight`;
  }

  private tryIssue(): void {
    if (this.pc >= this.program.length) return;
    const cycle = this.clock.cycleAtOrAfter(this.engine.now);
    const inst = this.program[this.pc]!;
    const u = U[unitOf(inst)];
    const bufs = buffersOf(inst);
    const unitT = Math.max(cycle, this.scoreboard.unitReady(u));
    const bufT = Math.max(cycle, this.scoreboard.buffersReady(bufs));
    const orderT = this.config.overlapElementwise ? cycle : this.inFlight > 0 ? Infinity : Math.max(cycle, this.scoreboard.allUnitsFree());
    const earliest = Math.max(unitT, bufT, orderT);
    if (earliest > cycle) {
      // Remember what blocks the head (the binding constraint) to charge the wait to it.
      this.blockedBy = !this.config.overlapElementwise && orderT >= unitT && orderT >= bufT ? 2 : unitT >= bufT ? 0 : 1;
      if (earliest !== Infinity) this.wake.at(this.clock.timeOf(earliest));
      return; // else a memory-driven unit or barrier is running: its completion wakes us
    }
    const stall = cycle - this.headSince;
    if (stall > 0) this.stallCycles[this.blockedBy]! += stall;
    const pc = this.pc++;
    this.lastIssue = cycle;
    this.headSince = cycle + 1;
    this.issueCycle[pc] = cycle;
    this.datapath?.execute(inst, this.slots, this.tokens);
    this.execute(inst, pc, cycle, u, bufs);
    if (this.pc < this.program.length) this.wake.at(this.clock.timeOf(cycle + 1));
    else this.maybeFinish();
  }

  private execute(inst: VectorInstruction, pc: number, cycle: number, u: number, bufs: number[]): void {
    const slots = this.slots;
    const fixed = (busy: number) => {
      this.scoreboard.reserve(pc, u, bufs, cycle + busy + 1);
      this.account(inst.op, pc, u, cycle, cycle + busy);
    };
    const memoryDriven = () => {
      this.scoreboard.reserve(pc, u, bufs, Infinity);
      this.inFlight++;
      return (last: number) => {
        this.inFlight--;
        this.scoreboard.release(pc, u, bufs, last);
        this.account(inst.op, pc, u, cycle, last);
        this.wake.at(Math.max(this.engine.now, this.clock.timeOf(last + 1)));
        this.maybeFinish();
      };
    };
    const passes = (n: number, length: number, lanes: number) => n * Math.ceil((length * slots) / lanes) + 1;
    const q = this.config.quantizeElementsPerCycle;
    const r = this.config.rowwiseElementsPerCycle;
    switch (inst.op) {
      case 'load_embed': {
        const done = memoryDriven();
        const rowBytes = inst.length * 4;
        // One row per slot, fetched back to back.
        const fetch = (s: number, start: number) =>
          this.loadStore.start(start, inst.base + (this.tokens[s] ?? 0) * rowBytes, rowBytes, false, (last) =>
            s + 1 < slots ? fetch(s + 1, last) : done(last),
          );
        fetch(0, cycle);
        return;
      }
      case 'load':
        this.loadStore.start(cycle, inst.addr, inst.length * 4, false, memoryDriven());
        return;
      case 'store':
        this.loadStore.start(cycle, inst.addr, inst.length * 4 * slots, true, memoryDriven());
        return;
      case 'rmsnorm':
        fixed(passes(2, inst.length, q)); // sum of squares, then scale by gain / rms
        return;
      case 'quantize':
        // Sum of squares, absmax of the scaled values, rounding to int8. A fused quantise
        // reads x once and scales it by every gain in parallel (parts × lanes multipliers).
        fixed(passes(3, inst.length, q));
        return;
      case 'tmatmul': {
        const done = memoryDriven();
        // Each part's output (and its int8 input) is free once that part is written: a fused
        // f/i/g pass lets the gates' row-wise work start while g still streams.
        const partDone = (seg: number, last: number) => {
          if (seg === inst.parts.length - 1) return;
          const p = inst.parts[seg]!;
          this.scoreboard.releaseBuffers(pc, [p.src, p.dst], last);
          this.wake.at(Math.max(this.engine.now, this.clock.timeOf(last + 1)));
        };
        this.stream.issue(this.jobOf[pc]!, cycle, done, partDone);
        return;
      }
      case 'mlgru_state':
        // σ(f), [lerp: 2], σ(c), c·σ(c), 1 − f, ·, f·h + i — one row-wise operation each.
        fixed(passes(inst.lb === null ? 6 : 8, inst.length, r));
        return;
      case 'gated_out':
        fixed(passes(3, inst.length, r)); // σ(h), h·σ(h), o·…
        return;
      case 'glu':
        fixed(passes(3, inst.length, r)); // σ(g), g·σ(g), ·up
        return;
      case 'add':
        fixed(passes(1, inst.length, r));
        return;
      case 'all_gather':
        this.barrier.arrive(this.index, pc, inst, cycle, memoryDriven());
        return;
      default:
        assertNeverOp(inst);
    }
  }

  private account(op: string, pc: number, u: number, issue: number, last: number): void {
    this.doneCycle[pc] = last;
    this.busyCycles[u]! += last - issue;
    this.opCycles.set(op, (this.opCycles.get(op) ?? 0) + (last - issue));
  }

  private maybeFinish(): void {
    if (this.finished || this.pc < this.program.length || this.inFlight > 0) return;
    this.finished = true;
    const ready = Math.max(this.lastIssue + 1, this.scoreboard.allUnitsFree()) + 1;
    this.onReady(ready);
  }
}
