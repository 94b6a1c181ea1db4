import type { ChannelCounters } from './command-issuer.ts';
import type { DramConfig } from './dram-config.ts';
import { CMD } from './dram-standard.ts';
import { refreshRulesAllowClosedForm } from './idle-refresh.ts';
import type { RankStandby } from './rank-standby.ts';
import type { TimingEngine } from './timing-engine.ts';

/**
 * DRAMsim3's refresh scheduling (`controller: dramsim3`; its refresh.cc): every
 * ⌊tREFI / ranks⌋ cycles the next rank in turn falls due and joins a queue of ranks to
 * refresh (unless already in it). The queue's head is served first: its open banks are
 * precharged one by one, then REF; the other ranks carry on meanwhile.
 */
export class RankRefreshQueue {
  private readonly ranks: number;
  /** Cycles between two ranks falling due. */
  readonly interval: number;
  /** Cycle the next rank falls due (Infinity: refresh disabled). */
  next: number;
  /** The rank that falls due then. */
  nextRank = 0;
  private readonly queue: Int32Array;
  length = 0;
  /** Whether idle refresh may be computed in closed form (`skipIdle`). */
  readonly closedForm: boolean;

  constructor(cfg: DramConfig) {
    this.ranks = cfg.ranks;
    this.interval = Math.floor(cfg.timing.tREFI / cfg.ranks);
    this.next = cfg.refresh ? this.interval : Infinity;
    this.queue = new Int32Array(cfg.ranks + 1);
    this.closedForm = cfg.refresh && refreshRulesAllowClosedForm(cfg, this.interval * cfg.ranks);
  }

  /** The rank being refreshed, -1 when none is due. */
  head(): number {
    return this.length > 0 ? this.queue[0]! : -1;
  }

  /** Cycle `t` is the next deadline: its rank joins the queue. */
  fallDue(): void {
    const r = this.nextRank;
    let already = false;
    for (let i = 0; i < this.length; i++) if (this.queue[i] === r) already = true;
    if (!already) this.queue[this.length++] = r;
    this.nextRank = r + 1 === this.ranks ? 0 : r + 1;
    this.next += this.interval;
  }

  /** The head's REF issued. */
  refreshed(): void {
    for (let i = 1; i < this.length; i++) this.queue[i - 1] = this.queue[i]!;
    this.length--;
  }

  /**
   * Refresh of an idle channel in closed form (the argument of IdleRefresh): no rank queued,
   * every bank precharged, and each rank's REF legal by its next deadline, so every deadline
   * up to `limit` is a REF at that very cycle (a rank's REFs are ranks·interval ≤ tREFI
   * apart, more than the tRFC a REF delays the next). Applies them all and returns true, or
   * changes nothing and returns false (the caller steps).
   */
  skipIdle(clk: number, limit: number, timing: TimingEngine, standby: RankStandby, counters: ChannelCounters): boolean {
    const next = this.next;
    if (this.length > 0 || next > limit || next < clk) return false;
    const ranks = this.ranks;
    const interval = this.interval;
    for (let j = 0; j < ranks; j++) {
      const r = (this.nextRank + j) % ranks;
      if (standby.openBanks[r]! > 0 || timing.earliestAt(CMD.REF, r) > next + j * interval) return false;
    }
    const k = Math.floor((limit - next) / interval) + 1;
    for (let j = 0; j < ranks && j < k; j++) {
      const r = (this.nextRank + j) % ranks;
      const count = Math.floor((k - 1 - j) / ranks) + 1;
      const last = next + (j + (count - 1) * ranks) * interval;
      timing.issueAt(CMD.REF, r, last);
      standby.refreshesStarted(r, count, last);
      counters.ref += count;
    }
    this.next = next + k * interval;
    this.nextRank = (this.nextRank + k) % ranks;
    return true;
  }
}
