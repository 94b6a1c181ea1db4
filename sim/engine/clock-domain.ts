import { InputError, SimulationError } from '../input-error.ts';

/**
 * Exact time across clock domains. Engine time is an integer count of ticks of a timebase
 * whose frequency is the least common multiple of every clock in the simulation (in Hz),
 * so every clock edge of every domain falls on an integer tick: 60 MHz and 1200 MHz give
 * a 1.2 GHz timebase (20 ticks per core cycle, 1 per DRAM cycle). No floating-point period
 * ever accumulates, so a billion cycles from now is exactly where it should be.
 */
export class Timebase {
  /** Ticks per second (the LCM of all clock frequencies). */
  readonly ticksPerSecond: number;

  constructor(clocksHz: readonly number[]) {
    if (clocksHz.length === 0) throw new Error('Timebase needs at least one clock');
    let lcm = 1;
    for (const hz of clocksHz) {
      // Bad clocks are bad input (arch validation refuses them first, with the key to fix).
      if (!Number.isSafeInteger(hz) || hz <= 0) {
        throw new InputError(`clock frequency must be a positive whole number of Hz, got ${hz}`);
      }
      lcm = (lcm / gcd(lcm, hz)) * hz;
      if (!Number.isSafeInteger(lcm)) {
        throw new InputError(
          `the clocks ${clocksHz.join(', ')} Hz have a common timebase above 2^53 Hz; ` +
            'choose frequencies with a larger common divisor (e.g. whole kHz)',
        );
      }
    }
    this.ticksPerSecond = lcm;
  }

  domain(hz: number): ClockDomain {
    if (this.ticksPerSecond % hz !== 0) throw new RangeError(`clock ${hz} Hz is not part of this timebase`);
    return new ClockDomain(hz, this.ticksPerSecond / hz);
  }

  /** Seconds for a tick count (for reporting only; simulation time stays in ticks). */
  seconds(ticks: number): number {
    return ticks / this.ticksPerSecond;
  }
}

export class ClockDomain {
  constructor(
    readonly hz: number,
    /** Integer ticks of the timebase per cycle of this clock. */
    readonly ticksPerCycle: number,
  ) {}

  /** Engine time of the rising edge that starts `cycle`. Fails past the 2^53 horizon. */
  timeOf(cycle: number): number {
    const t = cycle * this.ticksPerCycle;
    if (t > Number.MAX_SAFE_INTEGER) throw new HorizonError(t, this.hz * this.ticksPerCycle);
    return t;
  }

  /** The first cycle whose edge is at or after `time` (a value arriving at `time` is seen then). */
  cycleAtOrAfter(time: number): number {
    const p = this.ticksPerCycle;
    let c = Math.floor(time / p);
    // Float division of two integers below 2^53 can be off by one ulp; correct exactly.
    if (c * p > time) c--;
    else if ((c + 1) * p <= time) c++;
    return c * p === time ? c : c + 1;
  }

  /** The last cycle whose edge is at or before `time`. */
  cycleAtOrBefore(time: number): number {
    const p = this.ticksPerCycle;
    let c = Math.floor(time / p);
    if (c * p > time) c--;
    else if ((c + 1) * p <= time) c++;
    return c;
  }
}

/**
 * Simulated time ran past what the timebase represents exactly: valid clocks, but a run too
 * long for their common timebase. A failing simulation (exit 1), not a bug.
 */
export class HorizonError extends SimulationError {
  constructor(ticks: number, ticksPerSecond?: number) {
    const when = ticksPerSecond ? ` (${(ticks / ticksPerSecond).toPrecision(4)} s of simulated time on a ${ticksPerSecond} Hz timebase, the least common multiple of the clocks)` : '';
    super(`simulation time ${ticks} ticks${when} exceeds the exact-integer horizon 2^53 ticks: simulate less, or choose clocks with a larger common divisor`);
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
