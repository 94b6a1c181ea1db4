import { SimulationError } from '../../input-error.ts';
import type { Engine } from '../../engine/engine.ts';
import type { ClockDomain } from '../../engine/clock-domain.ts';
import { Wakeup } from '../../engine/wakeup.ts';
import { OPCODES, assertNever, registersOf, type FunctionalUnit, type Instruction } from '../../isa/instruction.ts';
import { CORE_KINDS, PAPER_UNITS } from '../../isa/core-kinds.ts';
import type { MemoryImage } from '../../compiler/memory-image.ts';
import type { MemoryPort } from '../memory/memory-port.ts';
import type { CoreConfig } from './core-config.ts';
import { Scoreboard } from './scoreboard.ts';
import { LoadStoreUnit } from '../units/load-store-unit.ts';
import { TernaryMatmulUnit } from '../units/ternary-matmul-unit.ts';
import { rowwiseBusyCycles, rowwiseExecute } from '../units/rowwise-unit.ts';
import { rmsBusyCycles, rmsExecute } from '../units/rms-unit.ts';
import { ternaryMatmulExecute } from '../units/ternary-matmul.ts';
import { matrixBytes } from '../units/ternary-weights.ts';

export type UnitName = Exclude<FunctionalUnit, 'none'>;
/** The paper kind's units (sim/isa/core-kinds.ts), in the order `busyCycles` counts them. */
export const UNIT_NAMES: readonly UnitName[] = PAPER_UNITS;
const UNIT_INDEX = Object.fromEntries(UNIT_NAMES.map((u, i) => [u, i])) as Record<UnitName, number>;
/**
 * The units an instruction of each unit must find free: its own, or — for the units that
 * drive the one memory port — every unit on the port (they stall each other, a structural hazard).
 */
const PORT_UNITS: readonly UnitName[] = CORE_KINDS.paper.parts.memory_port;
const RESERVES = Object.fromEntries(
  UNIT_NAMES.map((u) => [u, PORT_UNITS.includes(u) ? PORT_UNITS.map((p) => UNIT_INDEX[p]) : [UNIT_INDEX[u]]]),
) as Record<UnitName, number[]>;

/**
 * The paper's token-generation core: in-order, single issue, with a per-register busy
 * scoreboard and four functional units (docs/paper-core.md, "Issue and scoreboard"). An instruction issues in cycle t
 * when its unit, every register it names and — for load/store and tmatmul — the memory
 * port are free; its unit is then busy in t+1 … t+B. Instruction 0 issues in cycle 0.
 *
 * Values are computed at issue: the scoreboard keeps every register an in-flight unit
 * names away from other instructions until it is done, and the shared port orders all
 * memory accesses, so computing at issue is observably identical to computing in flight.
 * Timing of the memory-driven units comes from the memory model, event by event.
 */
export class Core {
  readonly issueCycle: Float64Array;
  readonly doneCycle: Float64Array;
  readonly busyCycles = new Float64Array(UNIT_NAMES.length);
  /** Register file: register r is `regs.subarray(r·d, (r+1)·d)`, Q4.3 integers. */
  readonly regs: Int8Array;
  private readonly scoreboard: Scoreboard;
  private readonly wake: Wakeup;
  private readonly loadStore: LoadStoreUnit;
  private readonly matmul: TernaryMatmulUnit;
  private readonly acc: Int32Array;
  private pc = 0;
  private lastIssue = -1;

  constructor(
    private readonly engine: Engine,
    private readonly clock: ClockDomain,
    readonly config: CoreConfig,
    private readonly program: readonly Instruction[],
    port: MemoryPort,
    private readonly image: MemoryImage,
  ) {
    const { d } = config;
    this.regs = new Int8Array(config.registers * d);
    this.acc = new Int32Array(d);
    this.issueCycle = new Float64Array(program.length).fill(-1);
    this.doneCycle = new Float64Array(program.length).fill(-1);
    this.scoreboard = new Scoreboard(config.registers, UNIT_NAMES.length);
    const requestBytes = config.portWidthBytes * config.burstBeats;
    this.loadStore = new LoadStoreUnit(engine, clock, port, config.outstanding, requestBytes);
    this.matmul = new TernaryMatmulUnit(engine, clock, port, {
      fifoBytes: config.fifoBytes,
      weightsPerCycle: config.weightsPerCycle,
      outstanding: config.outstanding,
      requestBytes,
    });
    this.wake = new Wakeup(engine, 'core.issue', () => this.tryIssue());
  }

  /** Accept the start signal: instruction 0 may issue in cycle 0. */
  start(): void {
    this.wake.at(this.clock.timeOf(0));
  }

  /** The cycle ready rises: one after the last unit is idle and the PC is past the end. */
  readyCycle(): number {
    // Called once the engine has no event left: a core short of the end can never move again.
    if (this.pc < this.program.length) throw new SimulationError(`deadlock: the core stopped at instruction ${this.pc} of ${this.program.length} with no event left to wake it`);
    return Math.max(this.lastIssue + 1, this.scoreboard.allUnitsFree()) + 1;
  }

  reg(r: number): Int8Array {
    const d = this.config.d;
    return this.regs.subarray(r * d, (r + 1) * d);
  }

  private tryIssue(): void {
    if (this.pc >= this.program.length) return;
    const cycle = this.clock.cycleAtOrAfter(this.engine.now);
    const inst = this.program[this.pc]!;
    const unitName = OPCODES[inst.op].unit;
    const regs = registersOf(inst);
    const units = unitName === 'none' ? [] : RESERVES[unitName];
    const earliest = this.scoreboard.earliest(cycle, units, regs);
    // Unknown (a memory-driven unit still running): its completion wakes us.
    if (earliest === Infinity) return;
    if (earliest > cycle) {
      this.wake.at(this.clock.timeOf(earliest));
      return;
    }
    const pc = this.pc++;
    this.lastIssue = cycle;
    this.issueCycle[pc] = cycle;
    this.execute(inst, pc, cycle);
    if (this.pc < this.program.length) this.wake.at(this.clock.timeOf(cycle + 1));
  }

  /** Issue `inst` in `cycle`: reserve its unit, compute its values, start its timing. */
  private execute(inst: Instruction, pc: number, cycle: number): void {
    const { d } = this.config;
    const fixed = (unit: UnitName, busy: number) => {
      const u = UNIT_INDEX[unit];
      this.scoreboard.reserve(u, registersOf(inst), cycle + busy + 1);
      this.doneCycle[pc] = cycle + busy;
      this.busyCycles[u]! += busy;
    };
    const memoryDriven = (unit: UnitName) => {
      const u = UNIT_INDEX[unit];
      this.scoreboard.reserve(u, registersOf(inst), Infinity);
      return (last: number) => {
        this.scoreboard.release(u, last);
        this.doneCycle[pc] = last;
        this.busyCycles[u]! += last - cycle;
        this.wake.at(Math.max(this.engine.now, this.clock.timeOf(last + 1)));
      };
    };
    switch (inst.op) {
      case 'nop':
        this.doneCycle[pc] = cycle;
        return;
      case 'ldv':
        this.image.read(inst.addr, new Uint8Array(this.reg(inst.vy).buffer, inst.vy * d, d));
        this.loadStore.start(cycle, inst.addr, d, false, memoryDriven('load_store'));
        return;
      case 'sv':
        this.image.write(inst.addr, new Uint8Array(this.reg(inst.va).buffer, inst.va * d, d));
        this.loadStore.start(cycle, inst.addr, d, true, memoryDriven('load_store'));
        return;
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
        rowwiseExecute(inst, this.reg(inst.vy), this.reg(inst.va), this.reg(inst.vb));
        fixed('rowwise', rowwiseBusyCycles(d, this.config.elementsPerCycle));
        return;
      case 'exp':
      case 'sig':
        rowwiseExecute(inst, this.reg(inst.vy), this.reg(inst.va), this.reg(inst.va));
        fixed('rowwise', rowwiseBusyCycles(d, this.config.elementsPerCycle));
        return;
      case 'tmatmul': {
        const w = this.image.read(inst.addr, new Uint8Array(matrixBytes(d, d)));
        // vY may alias vA: compute from a copy of the input.
        const x = this.reg(inst.va).slice();
        ternaryMatmulExecute(this.reg(inst.vy), x, w, this.config.accumulatorBits, this.acc);
        this.matmul.start(cycle, inst.addr, d, d, memoryDriven('tmatmul'));
        return;
      }
      case 'norm':
        rmsExecute(this.reg(inst.va));
        fixed('rms', rmsBusyCycles(d));
        return;
      default:
        assertNever(inst);
    }
  }
}
