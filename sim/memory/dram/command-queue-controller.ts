import type { MemRequest } from '../memory-model.ts';
import type { ControllerOptions } from './channel-controller.ts';
import type { ChannelCounters, CommandListener } from './command-issuer.ts';
import { CommandQueueIssuer } from './command-queue-issuer.ts';
import type { DramConfig } from './dram-config.ts';
import { RankRefreshQueue } from './rank-refresh-queue.ts';
import { RankStandby } from './rank-standby.ts';
import { RoundRobinPlanner } from './round-robin-planner.ts';
import { TimingEngine } from './timing-engine.ts';
import { TQ_WRITE, TransactionQueues } from './transaction-queues.ts';

/**
 * One channel's controller with DRAMsim3's semantics (`controller: dramsim3`; commit
 * 2981759, src/controller.cc and command_queue.cc; test/memory/dram/dramsim3-reference.ts
 * states them cycle by cycle). Every cycle, in this order: requests leaving the shell enter
 * the read queue or write buffer; a refresh may fall due; one command issues (two with
 * `dualCommand`, a row and a column command); one transaction moves into its bank's
 * command queue. Read latency runs from entering to the data's last beat; writes are
 * acknowledged the cycle after they enter.
 *
 * Event-driven, with the same public interface as ChannelController: cycles in which
 * nothing can happen are skipped (the next is the earliest of a transfer, an arrival, a
 * refresh deadline and the planned command). Composes `TransactionQueues` (where requests
 * wait), `RoundRobinPlanner` (which command), `CommandQueueIssuer` (carrying it out),
 * `RankRefreshQueue` (refresh deadlines) and `RankStandby` (background time for energy).
 */
export class CommandQueueController {
  private readonly channel: number;
  private readonly bankGroups: number;
  private readonly banksPerGroup: number;
  private readonly dual: boolean;
  private readonly shell: number;
  private readonly readLatency: number;
  private readonly timing: TimingEngine;
  private readonly queues: TransactionQueues;
  private readonly refresh: RankRefreshQueue;
  private readonly standby: RankStandby;
  private readonly planner: RoundRobinPlanner;
  private readonly issuer: CommandQueueIssuer;
  private readonly closedFormRefresh: boolean;
  /** `nextCompletionBound` as last computed, -1 when stale. */
  private bound = -1;

  constructor(cfg: DramConfig, channel: number, options: ControllerOptions = {}) {
    const { ranks } = cfg;
    const { bankGroups, banksPerGroup } = cfg.org;
    const banksPerRank = bankGroups * banksPerGroup;
    const numBanks = ranks * banksPerRank;
    this.channel = channel;
    this.bankGroups = bankGroups;
    this.banksPerGroup = banksPerGroup;
    this.dual = cfg.dualCommand;
    this.shell = cfg.shellCycles;
    this.readLatency = cfg.timing.CL + cfg.timing.tBL + cfg.shellCycles;
    const openRow = new Int32Array(numBanks).fill(-1);
    const hitCount = new Int32Array(numBanks);
    const bankRank = new Int32Array(numBanks);
    for (let b = 0; b < numBanks; b++) bankRank[b] = Math.floor(b / banksPerRank);
    this.timing = new TimingEngine(cfg.standard, cfg.timing, [ranks, bankGroups, banksPerGroup]);
    this.queues = new TransactionQueues(cfg, numBanks);
    this.refresh = new RankRefreshQueue(cfg);
    this.standby = new RankStandby(cfg);
    this.planner = new RoundRobinPlanner(cfg, this.queues, this.refresh, this.timing, openRow, hitCount, bankRank, this.standby.openBanks);
    this.issuer = new CommandQueueIssuer(cfg, channel, this.timing, this.queues, this.planner, this.refresh, this.standby, openRow, hitCount, bankRank);
    this.closedFormRefresh = this.refresh.closedForm && options.idleRefresh !== 'step';
  }

  get counters(): ChannelCounters {
    return this.issuer.counters;
  }

  get clk(): number {
    return this.planner.clk;
  }

  set clk(cycle: number) {
    this.planner.clk = cycle;
  }

  get listener(): CommandListener | null {
    return this.issuer.listener;
  }

  set listener(listener: CommandListener | null) {
    this.issuer.listener = listener;
  }

  canAccept(write: boolean, _cycle: number): boolean {
    return this.queues.canAccept(write);
  }

  freeEntries(write: boolean, _cycle: number): number {
    return this.queues.freeEntries(write);
  }

  /** ChannelController's hooks for its direct reads, which this controller does not take. */
  requestsMayFollowAt(_cycle: number): void {}

  requesterAt(_cycle: number): void {}

  enqueue(req: MemRequest, cycle: number, rank: number, bankGroup: number, bank: number, row: number, column: number): void {
    if (this.planner.clk < cycle) this.runCommands(cycle - 1);
    this.bound = -1;
    const q = this.queues;
    if (!q.canAccept(req.write)) throw new RangeError(`channel ${this.channel}: ${req.write ? 'write' : 'read'} queue is full`);
    q.accept(req, cycle, (rank * this.bankGroups + bankGroup) * this.banksPerGroup + bank, row, column);
  }

  nextEventCycle(): number {
    const c = this.queues.doneAt;
    const s = this.nextStateChangeCycle();
    return c < s ? c : s;
  }

  /**
   * The next cycle at which a command may issue, a transaction move or arrive, or a refresh
   * fall due; Infinity when nothing can move (writes may wait in a buffer too short to
   * drain: refresh alone is not reported, or an idle memory would never be done).
   */
  nextStateChangeCycle(): number {
    if (this.queues.noCommandWork() && !this.queues.transferPossible()) return Infinity;
    return this.nextProcessCycle();
  }

  /** Process every cycle ≤ `limit` (finite) in which something happens; afterwards clk = limit + 1. */
  runCommands(limit: number, _requesterAt = limit + 1): void {
    const planner = this.planner;
    for (;;) {
      if (this.closedFormRefresh && this.issuer.listener === null && limit - planner.clk >= this.refresh.interval && this.queues.noCommandWork() && !this.queues.transferPossible()) {
        if (this.refresh.skipIdle(planner.clk, limit, this.timing, this.standby, this.issuer.counters)) {
          planner.planned = false;
          this.bound = -1;
        }
      }
      const t = this.nextProcessCycle();
      if (t > limit) break;
      this.processCycle(t);
      planner.clk = t + 1;
    }
    if (planner.clk <= limit) planner.clk = limit + 1;
  }

  nextCompletionBound(): number {
    if (this.bound >= 0) return this.bound;
    const done = this.queues.doneAt;
    if (this.queues.readsHeld + this.queues.bqTotal === 0) return (this.bound = done);
    const pending = this.nextStateChangeCycle() + this.readLatency;
    return (this.bound = pending < done ? pending : done);
  }

  nextCompletionCycle(): number {
    return this.queues.doneAt;
  }

  popCompletion(limit: number, onComplete: (req: MemRequest, cycle: number) => void): boolean {
    const at = this.queues.doneAt;
    if (at > limit) return false;
    const req = this.queues.takeCompletion();
    this.bound = -1;
    onComplete(req, at);
    return true;
  }

  standbyCycles(end: number): { active: number; precharged: number } {
    return this.standby.standbyCycles(end);
  }

  /** Mean and peak occupancy of the read queue, write buffer and command queues over [0, end). */
  queueOccupancy(end: number): ReturnType<TransactionQueues['occupancy']> {
    return this.queues.occupancy(end);
  }

  // Isolated reads are not fast-forwarded under these semantics (the MemoryModel contract
  // allows declining): every read takes the event path.
  isolatedRead(_bank: number, _row: number, _cycle: number, _maxCompletion: number): number {
    return -1;
  }

  /** A lower bound on any read's latency: the shell, a cycle in the read queue, CL and the burst. */
  isolatedLatency(): number {
    return this.shell + 1 + this.readLatency;
  }

  isolatedReadRun(_bank: number, _row: number, _cycle: number, _stride: number, _minCount: number, _maxCount: number, _maxCompletion: number): number {
    return 0;
  }

  endIsolatedReads(): void {}

  // ---- the cycle ------------------------------------------------------------------------

  /** The next cycle (≥ clk) at which anything can happen, Infinity if none. */
  private nextProcessCycle(): number {
    const planner = this.planner;
    if (this.queues.transferPossible()) return planner.clk;
    let t = this.refresh.next;
    const a = this.queues.nextArrival();
    if (a < t) t = a;
    if (!planner.planned) planner.plan();
    if (planner.planCycle < t) t = planner.planCycle;
    return t < planner.clk ? planner.clk : t;
  }

  private processCycle(t: number): void {
    const planner = this.planner;
    planner.clk = t;
    this.bound = -1;
    this.queues.admitArrivals(t);
    if (this.refresh.next === t) {
      this.refresh.fallDue();
      planner.planned = false;
    }
    if (!planner.planned) planner.plan();
    if (planner.planCycle === t) {
      const cmd = planner.planCmd;
      this.issuer.issue(cmd, planner.planTarget, planner.planSlot, t, planner.planRefresh);
      planner.planned = false;
      if (this.dual) {
        const b = planner.secondCommand(cmd, t);
        if (b >= 0) this.issuer.issue(planner.evalCmd, b, planner.evalSlot, t, false);
      }
    }
    const q = this.queues;
    const moved = q.transfer(t);
    if (moved >= 0) planner.afterBankChange(moved, t + 1, (q.slotFlags[q.bq[moved * q.cap + q.bqN[moved]! - 1]!]! & TQ_WRITE) !== 0);
  }
}
