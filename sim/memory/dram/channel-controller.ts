import type { MemRequest } from '../memory-model.ts';
import { ChannelQueues, FLAG_WRITE } from './channel-queues.ts';
import { CommandIssuer, type ChannelCounters, type CommandListener } from './command-issuer.ts';
import type { DramConfig } from './dram-config.ts';
import { CMD } from './dram-standard.ts';
import { FrFcfsPlanner } from './frfcfs-planner.ts';
import { DirectReadPath } from './direct-read-path.ts';
import { IdleRefresh } from './idle-refresh.ts';
import { IsolatedReadPath } from './isolated-read-path.ts';
import { RankStandby } from './rank-standby.ts';
import { RefreshScheduler } from './refresh-scheduler.ts';
import { TimingEngine } from './timing-engine.ts';

export type { ChannelCounters, CommandListener } from './command-issuer.ts';

/** How the controller is run, beside its configuration (tests, checks). */
export interface ControllerOptions {
  /**
   * 'closed-form' (default): refresh of an idle channel is computed at once (IdleRefresh);
   * 'step': every refresh interval is simulated as it falls due — the plain statement the
   * closed form is checked against.
   */
  idleRefresh?: 'closed-form' | 'step';
}

/**
 * One channel's memory controller and its DRAM: read queue and write buffer (finite, so
 * `canAccept` gives back-pressure), per-bank command queues, FR-FCFS or FCFS scheduling,
 * open or closed page, per-rank staggered refresh, and the timing engine that answers
 * "when is this command next legal here?".
 *
 * Event-driven: the planner picks the next command and the cycle it becomes legal; between
 * commands nothing happens, so time jumps straight to the next issue cycle. Equivalent to
 * deciding every cycle because nothing but arrivals and refresh deadlines (both planned
 * for) can change the answer in between.
 *
 * This class owns time (`clk`) and composes the parts, one concept each: `ChannelQueues`
 * (where requests wait), `FrFcfsPlanner` (which command next), `CommandIssuer` (carrying it
 * out), `RefreshScheduler` (deadlines), `RankStandby` (background time for energy) and
 * `IsolatedReadPath` (reads served without events). Each is one concrete class, so every
 * call between them is monomorphic and inlinable; they share typed arrays, never copies.
 */
export class ChannelController {
  readonly counters: ChannelCounters;

  private readonly channel: number;
  private readonly bankGroups: number;
  private readonly banksPerGroup: number;
  private readonly shellCycles: number;
  /** The shorter of the read and write data latencies (shell included). */
  private readonly minDataLatency: number;
  private readonly queues: ChannelQueues;
  private readonly refresh: RefreshScheduler;
  private readonly timing: TimingEngine;
  private readonly standby: RankStandby;
  private readonly planner: FrFcfsPlanner;
  private readonly issuer: CommandIssuer;
  private readonly isolated: IsolatedReadPath;
  private readonly direct: DirectReadPath;
  /** Null when refresh is stepped (disabled, asked for, or not closed-form for this standard). */
  private readonly idleRefresh: IdleRefresh | null;
  private readonly tREFI: number;

  /**
   * `nextCompletionBound` as last computed, -1 when state it reads may have changed since
   * (cleared wherever the plan is dropped, a request enters or a completion leaves): a
   * multi-channel memory asks every channel after each request and each advance, and most
   * channels have not changed.
   */
  private bound = -1;

  constructor(cfg: DramConfig, channel: number, options: ControllerOptions = {}) {
    const { ranks } = cfg;
    const { bankGroups, banksPerGroup } = cfg.org;
    const banksPerRank = bankGroups * banksPerGroup;
    const numBanks = ranks * banksPerRank;
    const t = cfg.timing;
    this.channel = channel;
    this.bankGroups = bankGroups;
    this.banksPerGroup = banksPerGroup;
    this.shellCycles = cfg.shellCycles;
    const readLatency = t.CL + t.tBL + cfg.shellCycles;
    const writeLatency = t.CWL + t.tBL + cfg.shellCycles;
    this.minDataLatency = readLatency < writeLatency ? readLatency : writeLatency;

    // Bank state the planner reads and the issuer changes: the open row (-1: precharged),
    // and each bank's rank (bank index = (rank·BG + group)·BA + bank).
    const openRow = new Int32Array(numBanks).fill(-1);
    const bankRank = new Int32Array(numBanks);
    for (let b = 0; b < numBanks; b++) bankRank[b] = Math.floor(b / banksPerRank);

    const timing = new TimingEngine(cfg.standard, cfg.timing, [ranks, bankGroups, banksPerGroup]);
    this.queues = new ChannelQueues(cfg, numBanks);
    this.refresh = new RefreshScheduler(cfg);
    this.timing = timing;
    this.standby = new RankStandby(cfg);
    this.planner = new FrFcfsPlanner(cfg, this.queues, this.refresh, timing, openRow, bankRank, this.standby.openBanks);
    this.issuer = new CommandIssuer(cfg, channel, timing, this.queues, this.planner, this.refresh, this.standby, openRow, bankRank);
    const parts = { timing, queues: this.queues, planner: this.planner, issuer: this.issuer, refresh: this.refresh, openRow };
    this.isolated = new IsolatedReadPath(cfg, parts);
    this.direct = new DirectReadPath(cfg, parts, (req, cycle, b, row) => this.accept(req, cycle, b, row));
    this.counters = this.issuer.counters;
    const idle = new IdleRefresh(cfg, timing, this.refresh, this.standby, this.counters);
    this.idleRefresh = idle.applicable && options.idleRefresh !== 'step' ? idle : null;
    this.tREFI = t.tREFI;
  }

  /** First cycle not yet processed: commands issue at cycles ≥ clk (the planner keeps it). */
  get clk(): number {
    return this.planner.clk;
  }

  set clk(cycle: number) {
    this.planner.clk = cycle;
  }

  /** Called for every command issued (tests, traces). */
  get listener(): CommandListener | null {
    return this.issuer.listener;
  }

  set listener(listener: CommandListener | null) {
    this.issuer.listener = listener;
  }

  /**
   * Serve reads whose outcome is certain without queueing them (DirectReadPath; off by
   * default). Turned on by a requester that runs with fast paths (runModel's `fastForward`).
   */
  get directReads(): boolean {
    return this.direct.enabled;
  }

  set directReads(on: boolean) {
    // Turned off mid-cycle: the cycle's candidates go the ordinary way, as they arrived.
    if (!on && this.direct.pending) {
      this.direct.convert();
      this.bound = -1;
    }
    this.direct.enabled = on;
  }

  /** Reads served directly so far (a cost counter). */
  get directReadsServed(): number {
    return this.direct.served;
  }

  /** Whether a read / write can enter at `cycle` (its queue has a free entry). */
  canAccept(write: boolean, cycle: number): boolean {
    return this.freeEntries(write, cycle) > 0;
  }

  /**
   * Free read / write queue entries at `cycle` (a request split into several bursts needs one
   * each); direct reads hold theirs until their RD, as queued ones do.
   */
  freeEntries(write: boolean, cycle: number): number {
    if (write || !this.direct.active) return this.queues.freeEntries(write);
    this.settleDirect(cycle);
    return this.queues.freeEntries(false) - this.direct.heldAt(cycle);
  }

  /**
   * Requests of `cycle` may still enter after the caller runs the commands of `cycle`
   * (`DramMemory.advanceTo`): direct-read candidates of that cycle become ordinary requests.
   */
  requestsMayFollowAt(cycle: number): void {
    this.settleDirect(cycle);
    if (this.direct.pending) {
      this.direct.convert();
      this.bound = -1;
    }
  }

  /** The requester is at `cycle` (no request enters earlier any more): see `settleDirect`. */
  requesterAt(cycle: number): void {
    this.settleDirect(cycle);
  }

  /** The requester is at `cycle`: direct-read candidates of earlier cycles are served. */
  private settleDirect(cycle: number): void {
    if (this.direct.settle(cycle)) this.bound = -1;
  }

  /**
   * Accept a request at `cycle` (callers check `canAccept` first). Its location is already
   * decoded (the column is not needed here). It reaches the bank queues `shellCycles` later.
   */
  enqueue(req: MemRequest, cycle: number, rank: number, bankGroup: number, bank: number, row: number, _column = 0): void {
    if (this.planner.clk < cycle) this.runCommands(cycle - 1);
    const direct = this.direct.active;
    if (direct) this.settleDirect(cycle);
    this.bound = -1;
    if (!(direct ? this.canAccept(req.write, cycle) : this.queues.canAccept(req.write))) {
      throw new RangeError(`channel ${this.channel}: ${req.write ? 'write' : 'read'} queue is full`);
    }
    const b = (rank * this.bankGroups + bankGroup) * this.banksPerGroup + bank;
    if (!direct || !this.direct.offer(req, cycle, b, row)) this.accept(req, cycle, b, row);
  }

  /** The ordinary path of a request that entered at `cycle`: into the shell, or straight into its bank's queue. */
  private accept(req: MemRequest, cycle: number, b: number, row: number): void {
    const q = this.queues;
    const visibleAt = cycle + this.shellCycles;
    const s = q.accept(req, req.write, b, row, visibleAt);
    if (this.shellCycles === 0) {
      q.admit(s, b, req.write);
      this.planner.replanAfterAdmit(b, req.write);
    } else {
      q.enterShell(s);
      if (visibleAt < this.planner.arrivalHorizon) this.planner.arrivalHorizon = visibleAt;
    }
  }

  /**
   * The next cycle at which something happens that the requester may care about, or
   * Infinity when idle. Refresh of an idle channel is not reported (it would never end);
   * `runCommands` still performs it when time is advanced past it.
   */
  nextEventCycle(): number {
    const c = this.queues.doneAt;
    const s = this.nextStateChangeCycle();
    return c < s ? c : s;
  }

  /**
   * The next cycle at which a command may issue, a request leave the shell or a refresh
   * fall due, or Infinity when no request is queued: `nextEventCycle` without completions.
   * Queue entries free only when a column command issues, so a requester waiting for room
   * need not stop at completions (they are reported with their own cycle anyway).
   */
  nextStateChangeCycle(): number {
    if (!this.direct.active) return this.queuedStateChangeCycle();
    const direct = this.direct.nextChange();
    const queued = this.queuedStateChangeCycle();
    return direct < queued ? direct : queued;
  }

  /** `nextStateChangeCycle` of the requests in the queues (direct reads aside). */
  private queuedStateChangeCycle(): number {
    if (this.queues.isEmpty()) return Infinity;
    const planner = this.planner;
    if (!planner.planned) planner.plan();
    let next = planner.planCycle;
    if (planner.arrivalHorizon < next) next = planner.arrivalHorizon;
    if (planner.refreshHorizon < next) next = planner.refreshHorizon;
    return next;
  }

  /**
   * Issue every command due at cycles ≤ `limit` (finite); afterwards clk = limit + 1.
   * `requesterAt`: the first cycle a request may still enter (limit + 1 unless the caller
   * may still send requests of `limit` itself).
   */
  runCommands(limit: number, requesterAt = limit + 1): void {
    if (this.direct.active) this.settleDirect(requesterAt);
    const planner = this.planner;
    for (;;) {
      // Idle for at least a refresh interval: refresh in closed form (exact; IdleRefresh).
      if (limit - planner.clk >= this.tREFI && this.idleRefresh !== null && this.queues.isEmpty() && this.issuer.listener === null) {
        if (this.idleRefresh.skipTo(planner.clk, limit)) {
          planner.planned = false;
          this.bound = -1;
        }
      }
      if (!planner.planned) planner.plan();
      const event = planner.arrivalHorizon < planner.refreshHorizon ? planner.arrivalHorizon : planner.refreshHorizon;
      if (event <= limit && event <= planner.planCycle) {
        if (event > planner.clk) planner.clk = event;
        this.bound = -1;
        if (planner.refreshHorizon <= planner.clk) {
          this.processArrivalsAndRefreshDeadlines();
          planner.planned = false;
        } else {
          this.admitArrivals();
        }
        continue;
      }
      const t = planner.planCycle;
      if (t > limit) break;
      planner.clk = t;
      this.issuer.issuePlanned();
      planner.clk = t + 1;
      planner.planned = false;
      this.bound = -1;
    }
    if (planner.clk <= limit) planner.clk = limit + 1;
  }

  /**
   * A cycle no later than the next completion, assuming no new requests: the earliest issued
   * column command's completion, or, for a request still waiting for its column command, the
   * next cycle any command may issue plus the shortest data latency (no command issues
   * before `nextStateChangeCycle`). Lets a requester skip the commands in between: they are
   * issued, exactly as they would have been, when time is next advanced.
   */
  nextCompletionBound(): number {
    if (this.bound >= 0) return this.bound;
    let bound = this.queues.doneAt;
    // A direct-read candidate completes no earlier than the shortest latency after its admission.
    if (this.direct.pending) {
      const candidate = this.direct.pendingAdmission() + this.minDataLatency;
      if (candidate < bound) bound = candidate;
    }
    if (this.queues.isEmpty()) return (this.bound = bound);
    const pending = this.queuedStateChangeCycle() + this.minDataLatency;
    return (this.bound = pending < bound ? pending : bound);
  }

  nextCompletionCycle(): number {
    return this.queues.doneAt;
  }

  /** Remove and report the oldest completion if it is at or before `limit`; false if none. */
  popCompletion(limit: number, onComplete: (req: MemRequest, cycle: number) => void): boolean {
    const at = this.queues.doneAt;
    if (at > limit) return false;
    const req = this.queues.takeCompletion();
    this.bound = -1;
    onComplete(req, at);
    return true;
  }

  /**
   * Background accounting up to cycle `end` (exclusive), summed over ranks: cycles with a
   * bank open or a refresh in progress (IDD3N) and cycles with all banks precharged (IDD2N).
   */
  standbyCycles(end: number): { active: number; precharged: number } {
    return this.standby.standbyCycles(end);
  }

  // --- Fast-forwarding periodic streams (docs/run.md): isolated reads ----------------------

  /**
   * Fast path for a read that meets an idle channel: entering at `cycle` (as `enqueue` would
   * take it) for `row` of bank index `bank` (rank·BG·BA order), it is served exactly as the
   * event path would serve it only if nothing else can happen first: no request queued, in
   * the shell or awaiting its completion report; open page with `row` open in `bank` (a
   * row hit, no ACT/PRE); no refresh pending or falling due up to its admission; and the RD
   * legal at admission. Then the RD issues in the admission cycle and the data completes a
   * fixed latency later. If so (and that completion is ≤ `maxCompletion`), applies every
   * effect of the event path — RD counted as a row hit, timing horizons, arrival order,
   * `clk` — and returns the completion cycle; else returns -1 having changed nothing.
   * `endIsolatedReads` must follow a stretch of calls before anything else uses the channel
   * (consecutive reads of a bank defer their RD's timing update: IsolatedReadPath).
   */
  isolatedRead(bank: number, row: number, cycle: number, maxCompletion: number): number {
    this.settleDirect(cycle);
    if (this.direct.pending) return -1;
    let done = this.isolated.read(bank, row, cycle, maxCompletion);
    if (done < 0) done = this.catchUpAndOpen(bank, row, cycle, maxCompletion);
    if (done >= 0) this.bound = -1;
    return done;
  }

  /**
   * A read `isolated.read` declined — a refresh due, its bank closed — on a channel holding
   * nothing else: issue the commands before its admission (the refresh: PREA, REF), then
   * serve it as a read that opens its bank (`IsolatedReadPath.openAndRead`). Running those
   * commands early is not observable: the event path issues the same ones at the same cycles
   * (a request in the shell is invisible to the planner), and no other request can enter
   * before the admission, which is earlier than `maxCompletion` (the requester's next event).
   */
  private catchUpAndOpen(bank: number, row: number, cycle: number, maxCompletion: number): number {
    const admit = cycle + this.shellCycles;
    if (admit > maxCompletion || this.planner.clk > admit || !this.queues.isIdle()) return -1;
    // Only a closed bank, or one a refresh before the admission will close, can be opened here.
    if (!this.isolated.opensBanks || (this.isolated.openRowOf(bank) !== -1 && this.refresh.quietThrough(admit))) return -1;
    this.isolated.flush();
    if (this.planner.clk < admit && !this.refreshIdleChannel(admit - 1)) this.runCommands(admit - 1);
    this.bound = -1;
    return this.isolated.openAndRead(bank, row, cycle, maxCompletion);
  }

  /**
   * `runCommands(limit)` of a channel holding no request, in closed form when its only work up
   * to `limit` is one rank's refresh: the planner's only candidates are that rank's PREA (if a
   * bank is open) from the cycle the deadline is seen, then its REF from the cycle after, each
   * at its first legal cycle; both are issued here as `issuePlanned` would, when both fall by
   * `limit` and no other deadline does. Returns false, having changed nothing, otherwise.
   */
  private refreshIdleChannel(limit: number): boolean {
    const refresh = this.refresh;
    const planner = this.planner;
    let r = -1;
    for (let k = 0; k < refresh.ranks; k++) {
      if (refresh.pending[k] === 0 && refresh.due[k]! > limit) continue;
      if (r >= 0) return false;
      r = k;
    }
    if (r < 0 || refresh.due[r]! + this.tREFI <= limit) return false;
    const clk = planner.clk;
    // A deadline is seen when the clock reaches it (a pending one already has been).
    const seen = refresh.pending[r] !== 0 || refresh.due[r]! < clk ? clk : refresh.due[r]!;
    const timing = this.timing;
    let pre = -1;
    let ref: number;
    if (this.standby.openBanks[r]! > 0) {
      pre = timing.earliestAt(CMD.PREA, r);
      if (pre < seen) pre = seen;
      ref = timing.earliestAfter(CMD.REF, r, CMD.PREA, r, pre);
      if (ref <= pre) ref = pre + 1;
    } else {
      ref = timing.earliestAt(CMD.REF, r);
      if (ref < seen) ref = seen;
    }
    if (ref > limit) return false;
    if (pre >= 0) this.issuer.prechargeAll(r, pre);
    this.issuer.refreshRank(r, ref);
    // The clock past `limit`, no plan. (Read mode needs no setting: the plan after an idle
    // channel's last command already chose it, with no write queued.)
    planner.planned = false;
    planner.clk = limit + 1;
    this.bound = -1;
    return true;
  }

  /** Cycles from a request entering to its data completing when it is an isolated row hit. */
  isolatedLatency(): number {
    return this.isolated.latency();
  }

  /**
   * Between `minCount` and `maxCount` isolated reads of `row` in `bank` entering at
   * `cycle + j·stride`, in one step: the continuation of a run `isolatedRead` started on this
   * bank; stops before a refresh falls due or a completion passes `maxCompletion`. Applies
   * exactly what that many `isolatedRead` calls would and returns the count (0: none).
   */
  isolatedReadRun(bank: number, row: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number {
    this.settleDirect(cycle);
    if (this.direct.pending) return 0;
    const n = this.isolated.readRun(bank, row, cycle, stride, minCount, maxCount, maxCompletion);
    if (n > 0) this.bound = -1;
    return n;
  }

  /** Close a stretch of `isolatedRead` calls: write its deferred RD into the timing table. */
  endIsolatedReads(): void {
    this.bound = -1;
    this.isolated.flush();
  }

  // ---------------------------------------------------------------------------------------

  /**
   * Requests leaving the shell by `clk`, no refresh falling due: each changes only its own
   * bank's candidate, so the plan is updated bank by bank (`replanAfterAdmit`) instead of
   * replanned. The plan still holds at the later `clk`: it issues no earlier than this arrival,
   * so no candidate it beat was legal before `clk` (a clamp to the new `clk` changes nothing).
   */
  private admitArrivals(): void {
    const q = this.queues;
    const planner = this.planner;
    const clk = planner.clk;
    for (let s = q.takeArrival(clk); s >= 0; s = q.takeArrival(clk)) {
      const b = q.slotBank[s]!;
      const write = (q.slotFlags[s]! & FLAG_WRITE) !== 0;
      q.admit(s, b, write);
      planner.replanAfterAdmit(b, write);
    }
    // plan() sets the horizon; a plan kept needs the next arrival's here.
    planner.arrivalHorizon = q.nextArrival();
  }

  private processArrivalsAndRefreshDeadlines(): void {
    const q = this.queues;
    const clk = this.planner.clk;
    for (let s = q.takeArrival(clk); s >= 0; s = q.takeArrival(clk)) {
      const b = q.slotBank[s]!;
      q.admit(s, b, (q.slotFlags[s]! & FLAG_WRITE) !== 0);
      this.planner.forget(b);
    }
    this.refresh.markDue(clk);
  }
}
