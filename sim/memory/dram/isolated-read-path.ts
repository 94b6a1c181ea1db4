import type { ChannelQueues } from './channel-queues.ts';
import type { CommandIssuer } from './command-issuer.ts';
import type { DramConfig } from './dram-config.ts';
import type { ReadPathParts } from './read-path-parts.ts';
import { CMD } from './dram-standard.ts';
import type { FrFcfsPlanner } from './frfcfs-planner.ts';
import type { RefreshScheduler } from './refresh-scheduler.ts';
import type { TimingEngine } from './timing-engine.ts';

const RD = CMD.RD;
const ACT = CMD.ACT;

/**
 * Fast-forwarding periodic streams (docs/run.md): a read that meets an idle channel is
 * served without queues, plan or events when the outcome is certain — an open-page row hit
 * whose RD is legal the cycle it leaves the shell, with no refresh first. Applies exactly
 * what the event path would leave behind (counters, timing horizons, arrival order, the
 * planner's state, the clock) and returns the completion. The controller keeps its
 * completion bound.
 *
 * Consecutive reads of one bank skip the timing table: after the first RD at e the next
 * RD is legal at e + gap (RD sets only `t + latency` horizons, none by window), so a later
 * read admitted ≥ gap after the previous RD is legal, and issuing only the run's last RD
 * leaves the same horizons as issuing each. `flush` must follow a stretch of such reads
 * before anything else uses the channel (it writes the deferred RD).
 */
export class IsolatedReadPath {
  /** Bank of a run of isolated reads whose RD horizons are known (-1: none). */
  private isoBank = -1;
  /** Cycle of that run's last RD. */
  private lastRead = 0;
  /** Cycles after an RD until the next RD is legal at the same bank (measured, see above). */
  private isoGap = 0;
  /** The run's last RD is not yet in the timing engine. */
  private isoPending = false;
  /** 1: RD has no window rule (a run of RDs leaves the horizons its last one alone would); 0: it has; -1: not checked. */
  private rdDeferrable = -1;

  private readonly cfg: DramConfig;
  private readonly closedPage: boolean;
  private readonly shellCycles: number;
  /** Cycles from RD to its data's end, shell included. */
  private readonly readLatency: number;
  private readonly timing: TimingEngine;
  private readonly queues: ChannelQueues;
  private readonly planner: FrFcfsPlanner;
  private readonly issuer: CommandIssuer;
  private readonly refresh: RefreshScheduler;
  private readonly openRow: Int32Array;

  constructor(
    cfg: DramConfig,
    parts: ReadPathParts,
  ) {
    this.cfg = cfg;
    this.closedPage = cfg.pagePolicy === 'closed';
    this.shellCycles = cfg.shellCycles;
    this.readLatency = cfg.timing.CL + cfg.timing.tBL + cfg.shellCycles;
    ({ timing: this.timing, queues: this.queues, planner: this.planner, issuer: this.issuer, refresh: this.refresh, openRow: this.openRow } = parts);
  }

  /** Whether `openAndRead` can ever serve a read (open page). */
  get opensBanks(): boolean {
    return !this.closedPage;
  }

  /** The row open in `bank`, -1 when it is closed. */
  openRowOf(bank: number): number {
    return this.openRow[bank]!;
  }

  /** Cycles from a request entering to its data completing when it is an isolated row hit. */
  latency(): number {
    return this.shellCycles + this.readLatency;
  }

  /**
   * A read entering at `cycle` for `row` of bank index `bank`
   * (rank·BG·BA order): served only if nothing else can happen first — no request queued,
   * in the shell or awaiting its completion report; open page with `row` open in `bank`; no
   * refresh pending or falling due up to its admission; the RD legal at admission — and its
   * completion is ≤ `maxCompletion`. Returns that completion with every effect applied, or
   * -1 having changed nothing observable.
   */
  read(bank: number, row: number, cycle: number, maxCompletion: number): number {
    if (!this.queues.isIdle()) return -1;
    if (this.closedPage || this.openRow[bank] !== row) return -1;
    const admit = cycle + this.shellCycles;
    const done = admit + this.readLatency;
    if (done > maxCompletion || this.planner.clk > admit) return -1;
    if (!this.refresh.quietThrough(admit)) return -1;
    if (this.isoBank === bank && admit >= this.lastRead + this.isoGap) {
      this.lastRead = admit;
      this.isoPending = true;
    } else {
      this.flush();
      if (this.timing.earliestAt(RD, bank) > admit) return -1;
      this.startRun(bank, admit);
    }
    this.readServed(bank, row, admit, true);
    return done;
  }

  /**
   * A read whose bank must be opened first: the read entering at `cycle` for `row` of the
   * closed bank `bank`, once the channel has issued every command before its admission
   * (`ChannelController.isolatedRead` runs them: a refresh falling due closes the banks, so
   * this is the read after every refresh of a one-at-a-time stream). With nothing else queued
   * and no refresh pending or falling due up to its RD, the planner's only candidates are
   * this read's own ACT, at the first legal cycle from its admission, then its RD, at the
   * first legal cycle after the ACT: both are issued here with what `issuePlanned` leaves
   * behind (a row miss). A hit is `read`; an open other row (PRE first) is left to the event
   * path. Returns the completion, or -1 having changed nothing.
   */
  openAndRead(bank: number, row: number, cycle: number, maxCompletion: number): number {
    if (this.closedPage || !this.queues.isIdle()) return -1;
    if (this.openRow[bank] === row) return this.read(bank, row, cycle, maxCompletion);
    if (this.openRow[bank] !== -1) return -1;
    const admit = cycle + this.shellCycles;
    if (this.planner.clk > admit) return -1;
    this.flush();
    const timing = this.timing;
    let act = timing.earliestAt(ACT, bank);
    if (act < admit) act = admit;
    let rd = timing.earliestAfter(RD, bank, ACT, bank, act);
    // One command per cycle: the planner plans the RD from the cycle after the ACT.
    if (rd <= act) rd = act + 1;
    const done = rd + this.readLatency;
    if (done > maxCompletion || !this.refresh.quietThrough(rd)) return -1;
    this.issuer.activate(bank, row, act);
    this.startRun(bank, rd);
    this.readServed(bank, row, rd, false);
    return done;
  }

  /**
   * What enqueue → admit → plan → issueColumn → popCompletion leave behind for a read whose
   * RD issued at `rd` (a row hit, or a miss after its ACT): its arrival number, the counts,
   * the planner's state and the listener's RD.
   */
  private readServed(bank: number, row: number, rd: number, hit: boolean): void {
    this.queues.seq++;
    const counters = this.issuer.counters;
    counters.rd++;
    if (hit) counters.rowHits++;
    else counters.rowMisses++;
    this.planner.afterIsolatedReads(bank, rd);
    this.issuer.notify(RD, bank, row, rd);
  }

  /** Issue an RD at `at` and, where RD has no window rule, start a run of this bank's reads from it. */
  private startRun(bank: number, at: number): void {
    this.timing.issueAt(RD, bank, at);
    if (this.rdDeferrable < 0) this.rdDeferrable = this.cfg.standard.constraints.some((c) => c.window && c.preceding.includes('RD')) ? 0 : 1;
    if (this.rdDeferrable === 1) {
      // Every horizon before this RD was ≤ at (it was legal), so this is the RD's own.
      this.isoBank = bank;
      this.lastRead = at;
      this.isoGap = this.timing.earliestAt(RD, bank) - at;
    }
  }

  /**
   * Between `minCount` and `maxCount` isolated reads of `row` in `bank` entering at
   * `cycle + j·stride`, in one step: the continuation of a run `read` started on this bank
   * (its RD gap is known), so each is legal if the first is ≥ gap after the run's last RD
   * and the stride ≥ gap; stops before a refresh falls due or a completion passes
   * `maxCompletion`. Applies exactly what that many `read` calls would and returns the count
   * (0: none, nothing changed).
   */
  readRun(bank: number, row: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number {
    if (this.isoBank !== bank || this.openRow[bank] !== row || stride < this.isoGap || stride < 1) return 0;
    if (!this.queues.isIdle()) return 0;
    const admit = cycle + this.shellCycles;
    if (admit < this.lastRead + this.isoGap || this.planner.clk > admit) return 0;
    const n = this.refresh.countBeforeDue(admit, stride, Math.min(maxCount, Math.floor((maxCompletion - this.readLatency - admit) / stride) + 1));
    if (!(n >= minCount && n >= 1)) return 0;
    if (this.issuer.listener !== null) for (let j = 0; j < n; j++) this.issuer.notify(RD, bank, row, admit + j * stride);
    this.lastRead = admit + (n - 1) * stride;
    this.isoPending = true;
    this.queues.seq += n;
    const counters = this.issuer.counters;
    counters.rd += n;
    counters.rowHits += n;
    this.planner.afterIsolatedReads(bank, this.lastRead);
    return n;
  }

  /** Close a stretch of isolated reads: write the deferred RD into the timing table. */
  flush(): void {
    if (this.isoPending) this.timing.issueAt(RD, this.isoBank, this.lastRead);
    this.isoPending = false;
    this.isoBank = -1;
  }
}
