import type { DramConfig } from './dram-config.ts';

/**
 * One channel's refresh deadlines: each rank must receive a REF every tREFI. A rank whose
 * deadline has passed is *pending*: it takes no new work until its REF issues (the planner
 * closes its banks with PREA first). Staggered: rank r first falls due at (r+1)/ranks of
 * tREFI, then every tREFI, so the ranks of a channel never all stall at once.
 *
 * The arrays are public for the planner's scan; only this class writes them.
 */
export class RefreshScheduler {
  readonly ranks: number;
  private readonly tREFI: number;
  /** Cycle each rank's next refresh falls due (Infinity: refresh disabled). */
  readonly due: Float64Array;
  /** 1 while a rank's refresh is due and not yet issued. */
  readonly pending: Uint8Array;

  constructor(cfg: DramConfig) {
    const ranks = cfg.ranks;
    this.ranks = ranks;
    this.tREFI = cfg.timing.tREFI;
    this.due = new Float64Array(ranks);
    this.pending = new Uint8Array(ranks);
    for (let r = 0; r < ranks; r++) {
      this.due[r] = cfg.refresh ? Math.floor((this.tREFI * (r + 1)) / ranks) : Infinity;
    }
  }

  /** The earliest deadline not yet marked pending (Infinity: none): the next refresh state change. */
  horizon(): number {
    let h = Infinity;
    for (let r = 0; r < this.ranks; r++) {
      if (this.pending[r] === 0 && this.due[r]! < h) h = this.due[r]!;
    }
    return h;
  }

  /** Mark pending every rank whose deadline is at or before `clk`. */
  markDue(clk: number): void {
    for (let r = 0; r < this.ranks; r++) {
      if (this.pending[r] === 0 && this.due[r]! <= clk) this.pending[r] = 1;
    }
  }

  /** Rank `r`'s REF issued: its next deadline is one tREFI after this one (not after the REF). */
  refreshed(r: number): void {
    this.due[r] = this.due[r]! + this.tREFI;
    this.pending[r] = 0;
  }

  /** `count` REFs of rank `r` issued at its next `count` deadlines (IdleRefresh). */
  refreshedMany(r: number, count: number): void {
    this.due[r] = this.due[r]! + count * this.tREFI;
    this.pending[r] = 0;
  }

  /** No rank is pending and none falls due at or before `cycle`. */
  quietThrough(cycle: number): boolean {
    for (let r = 0; r < this.ranks; r++) {
      if (this.pending[r] !== 0 || this.due[r]! <= cycle) return false;
    }
    return true;
  }

  /**
   * Of `max` events at `first + j·stride` (j = 0, 1, …), how many come before every rank's
   * next deadline: 0 when a refresh is already pending.
   */
  countBeforeDue(first: number, stride: number, max: number): number {
    let n = max;
    for (let r = 0; r < this.ranks; r++) {
      if (this.pending[r] !== 0) return 0;
      n = Math.min(n, Math.floor((this.due[r]! - 1 - first) / stride) + 1);
    }
    return n;
  }
}
