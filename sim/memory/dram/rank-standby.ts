import type { DramConfig } from './dram-config.ts';

/**
 * Per-rank background state for the energy model: how many banks each rank has open, and
 * the cycles it spent with a bank open or refreshing (IDD3N, active standby) as opposed to
 * all banks precharged (IDD2N). Open time is summed when a rank's last open bank closes, so
 * an ACT or PRE costs a counter update, not a scan.
 */
export class RankStandby {
  private readonly ranks: number;
  private readonly tRFC: number;
  /** Banks open per rank (the planner closes them with PREA before a REF). */
  readonly openBanks: Int32Array;
  /** Cycle the rank's first currently open bank opened. */
  private readonly openSince: Float64Array;
  /** Closed stretches of open-bank time. */
  private readonly activeCycles: Float64Array;
  /** tRFC per refresh issued. */
  private readonly refreshCycles: Float64Array;
  private readonly lastRefresh: Float64Array;

  constructor(cfg: DramConfig) {
    const ranks = cfg.ranks;
    this.ranks = ranks;
    this.tRFC = cfg.timing.tRFC;
    this.openBanks = new Int32Array(ranks);
    this.openSince = new Float64Array(ranks);
    this.activeCycles = new Float64Array(ranks);
    this.refreshCycles = new Float64Array(ranks);
    this.lastRefresh = new Float64Array(ranks).fill(-Infinity);
  }

  bankOpened(rank: number, t: number): void {
    if (this.openBanks[rank]!++ === 0) this.openSince[rank] = t;
  }

  bankClosed(rank: number, t: number): void {
    if (--this.openBanks[rank]! === 0) this.activeCycles[rank] = this.activeCycles[rank]! + t - this.openSince[rank]!;
  }

  /** A PREA at `t` closed every bank of `rank`. */
  allBanksClosed(rank: number, t: number): void {
    if (this.openBanks[rank]! > 0) {
      this.openBanks[rank] = 1;
      this.bankClosed(rank, t);
    }
  }

  /** A REF issued at `t`: the rank is busy (active standby) for tRFC. */
  refreshStarted(rank: number, t: number): void {
    this.refreshCycles[rank] = this.refreshCycles[rank]! + this.tRFC;
    this.lastRefresh[rank] = t;
  }

  /** `count` REFs issued, the last at `last` (IdleRefresh): `count` calls of `refreshStarted`. */
  refreshesStarted(rank: number, count: number, last: number): void {
    this.refreshCycles[rank] = this.refreshCycles[rank]! + count * this.tRFC;
    this.lastRefresh[rank] = last;
  }

  /**
   * Background accounting up to cycle `end` (exclusive), summed over ranks: cycles with a
   * bank open or a refresh in progress (IDD3N) and cycles with all banks precharged (IDD2N).
   */
  standbyCycles(end: number): { active: number; precharged: number } {
    let active = 0;
    let precharged = 0;
    const tRFC = this.tRFC;
    for (let r = 0; r < this.ranks; r++) {
      let a = this.activeCycles[r]! + this.refreshCycles[r]!;
      if (this.openBanks[r]! > 0) a += Math.max(0, end - this.openSince[r]!);
      // A refresh still running at `end` only counts up to `end`.
      const overshoot = this.lastRefresh[r]! + tRFC - end;
      if (overshoot > 0) a -= Math.min(overshoot, tRFC);
      a = Math.min(Math.max(a, 0), end);
      active += a;
      precharged += end - a;
    }
    return { active, precharged };
  }
}
