import type { ChannelCounters } from './command-issuer.ts';
import type { DramConfig } from './dram-config.ts';
import { CMD, evaluateLatency } from './dram-standard.ts';
import type { RankStandby } from './rank-standby.ts';
import type { RefreshScheduler } from './refresh-scheduler.ts';
import type { TimingEngine } from './timing-engine.ts';

const REF = CMD.REF;

/**
 * Refresh of an idle channel in closed form, so that time with no requests costs no work: a
 * request at cycle 10^15 no longer means 10^11 refresh intervals simulated one by one.
 *
 * Exact, not an approximation. While the channel holds no request, the only commands are the
 * refreshes. Once every rank is *steady* — all banks precharged, no refresh pending, and its
 * REF legal by its next deadline — each REF issues exactly at its deadline: the rules that
 * delay a REF (checked on the standard when this is built) are all rank-level and none is a
 * window or sibling rule, so only the rank's own commands move its REF horizon, and the
 * longest of them after a REF (tRFC) is shorter than tREFI. The deadlines of different ranks
 * fall in different cycles (staggered, and a deadline always moves by whole tREFI), so the
 * one-command-per-cycle rule never delays one. Then k deadlines up to a cycle are k REFs at
 * those deadlines, and their every effect is known without issuing them: the counters, the
 * refresh energy (k·tRFC of active standby, the last REF's end clipped as usual), the next
 * deadline, and the timing table — where only the last REF matters, since each horizon a
 * REF raises is its cycle plus a fixed latency (a max, and the last REF is the latest).
 *
 * Not steady (a bank left open, a refresh pending): the event loop serves the next deadline
 * step by step (PREA, REF) and asks again; one interval later every rank is steady. With a
 * command listener attached the loop always steps, so the listener sees every REF.
 */
export class IdleRefresh {
  /** Whether the standard's rules let refresh be computed in closed form at all. */
  readonly applicable: boolean;
  private readonly ranks: number;
  private readonly tREFI: number;
  private readonly timing: TimingEngine;
  private readonly refresh: RefreshScheduler;
  private readonly standby: RankStandby;
  private readonly counters: ChannelCounters;

  constructor(cfg: DramConfig, timing: TimingEngine, refresh: RefreshScheduler, standby: RankStandby, counters: ChannelCounters) {
    this.ranks = cfg.ranks;
    this.tREFI = cfg.timing.tREFI;
    this.timing = timing;
    this.refresh = refresh;
    this.standby = standby;
    this.counters = counters;
    this.applicable = cfg.refresh && refreshRulesAllowClosedForm(cfg, cfg.timing.tREFI);
  }

  /**
   * The channel holds no request and its clock is `clk`: if every rank is steady, apply every
   * refresh falling due at or before `limit` at once and return true; else change nothing
   * and return false (the caller steps to the next deadline).
   */
  skipTo(clk: number, limit: number): boolean {
    const refresh = this.refresh;
    const due = refresh.due;
    const ranks = this.ranks;
    const tREFI = this.tREFI;
    let any = false;
    for (let r = 0; r < ranks; r++) {
      const d = due[r]!;
      if (refresh.pending[r] !== 0 || this.standby.openBanks[r]! > 0 || d < clk) return false;
      if (this.timing.earliestAt(REF, r) > d) return false;
      if (d <= limit) any = true;
      // Deadlines of two ranks in one cycle would be served one cycle apart: step instead.
      for (let s = 0; s < r; s++) if ((due[s]! - d) % tREFI === 0) return false;
    }
    if (!any) return false;
    for (let r = 0; r < ranks; r++) {
      const d = due[r]!;
      if (d > limit) continue;
      const k = Math.floor((limit - d) / tREFI) + 1;
      const last = d + (k - 1) * tREFI;
      this.timing.issueAt(REF, r, last);
      refresh.refreshedMany(r, k);
      this.standby.refreshesStarted(r, k, last);
      this.counters.ref += k;
    }
    return true;
  }
}

/**
 * Closed form holds when a REF can only be delayed by its own rank's commands (every rule
 * delaying a REF is rank-level, neither a window nor a sibling rule), a REF feeds no window
 * rule (the last REF alone then sets every horizon it raises), and a REF delays the next REF
 * by at most `spacing`, the cycles between a rank's deadlines (JEDEC: tRFC < tREFI; the
 * timing sanity check refuses anything else).
 */
export function refreshRulesAllowClosedForm(cfg: DramConfig, spacing: number): boolean {
  for (const c of cfg.standard.constraints) {
    const delaysRef = c.following.includes('REF');
    const fromRef = c.preceding.includes('REF');
    if (!delaysRef && !fromRef) continue;
    if (c.window) return false;
    if (delaysRef && (c.level !== 'rank' || c.sibling)) return false;
    if (delaysRef && fromRef) {
      if (!(evaluateLatency(c.latency, cfg.timing) <= spacing)) return false;
    }
  }
  return true;
}
