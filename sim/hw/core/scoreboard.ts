/**
 * The per-register busy scoreboard plus per-unit busy state. A unit in flight holds the
 * registers its instruction names; both become free for an instruction issuing in the
 * cycle after the unit's last busy cycle. While a memory-driven unit has not finished, its
 * free cycle is unknown (Infinity).
 */
export class Scoreboard {
  private readonly regFree: Float64Array;
  private readonly unitFree: Float64Array;
  private readonly held: number[][];

  constructor(registers: number, units: number) {
    this.regFree = new Float64Array(registers);
    this.unitFree = new Float64Array(units);
    this.held = Array.from({ length: units }, () => []);
  }

  /** Earliest cycle (≥ `cycle`) at which `unit` and `regs` are all free; Infinity if unknown. */
  earliest(cycle: number, units: readonly number[], regs: readonly number[]): number {
    let t = cycle;
    for (const u of units) t = Math.max(t, this.unitFree[u]!);
    for (const r of regs) t = Math.max(t, this.regFree[r]!);
    return t;
  }

  /** Reserve `unit` and `regs` until `freeCycle` (Infinity = until `release`). */
  reserve(unit: number, regs: readonly number[], freeCycle: number): void {
    this.unitFree[unit] = freeCycle;
    for (const r of regs) this.regFree[r] = freeCycle;
    this.held[unit] = regs.slice();
  }

  /** The unit's instruction ended in `lastBusyCycle`: it and its registers free after it. */
  release(unit: number, lastBusyCycle: number): void {
    const free = lastBusyCycle + 1;
    this.unitFree[unit] = free;
    for (const r of this.held[unit]!) this.regFree[r] = free;
  }

  /** Cycle from which every unit is idle. */
  allUnitsFree(): number {
    let t = 0;
    for (const f of this.unitFree) t = Math.max(t, f);
    return t;
  }
}
