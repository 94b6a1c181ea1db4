import type { ChannelQueues } from './channel-queues.ts';
import type { DramConfig } from './dram-config.ts';
import { CMD } from './dram-standard.ts';
import type { RefreshScheduler } from './refresh-scheduler.ts';
import type { TimingEngine } from './timing-engine.ts';

// Command ids as module constants: the hot loops read them without a property lookup.
const ACT = CMD.ACT;
const PRE = CMD.PRE;
const PREA = CMD.PREA;
const RD = CMD.RD;
const WR = CMD.WR;
const REF = CMD.REF;

/** Scheduling priority classes, lower wins among commands ready in the same cycle. */
export const CLASS_REFRESH = 0;
export const CLASS_ROW_HIT = 1;
export const CLASS_OTHER = 2;

/**
 * One channel's scheduler: decides the next command and the cycle it issues at, FR-FCFS
 * (row hits first within a bank's queue window, then the oldest) or FCFS (window of one).
 *
 * Event-driven: `plan()` looks at each bank with work once, asks the timing engine when its
 * next command becomes legal, and picks the command that is ready first (ties: refresh, then
 * row hits, then the oldest). The plan (`planCycle`, `planCmd`, `planTarget`, `planSlot`)
 * holds until state changes: whoever changes a bank's queue or open row calls `forget(b)`,
 * and whoever changes anything else drops the plan (`planned = false`).
 *
 * Also decides between serving reads and draining the write buffer (with hysteresis).
 */
export class FrFcfsPlanner {
  /**
   * The channel's clock: the first cycle not yet processed, so commands are planned at
   * cycles ≥ clk (the controller moves it; `ChannelController.clk` reads it). Kept here, in a
   * field, because `plan`'s loop compares against it: read from a field it is a double, passed
   * as an argument it would be a tagged value converted at every comparison.
   */
  clk = 0;
  /** Whether the plan fields below are valid for the current state. */
  planned = false;
  planCycle = Infinity;
  planCmd = -1;
  /** Bank (bank commands) or rank (rank commands). */
  planTarget = -1;
  /** The request a bank command is for (-1 for rank commands). */
  planSlot = -1;
  private planClass = 3;
  private planAge = Infinity;
  /** Draining the write buffer (serving writes) rather than reads. */
  writeMode = false;
  /**
   * The next state changes other than commands, noted with each plan: the first request in
   * the shell leaving it, the next refresh falling due (Infinity: none). The plan holds only
   * up to them; `arrivalHorizon` is kept up to date by whoever admits or enqueues meanwhile.
   */
  arrivalHorizon = Infinity;
  refreshHorizon = Infinity;

  private readonly queues: ChannelQueues;
  private readonly refresh: RefreshScheduler;
  private readonly timing: TimingEngine;
  private readonly ranks: number;
  /** Open row per bank, -1 when precharged (the command issuer changes it). */
  private readonly openRow: Int32Array;
  private readonly bankRank: Int32Array;
  /** Open banks per rank: a rank due for refresh needs PREA first if any (RankStandby's). */
  private readonly rankOpenBanks: Int32Array;
  /** 1 while a rank's refresh is due (RefreshScheduler's). */
  private readonly refreshPending: Uint8Array;
  /** Class of a row hit: CLASS_ROW_HIT under FR-FCFS, CLASS_OTHER (no priority) under FCFS. */
  private readonly hitClass: number;
  /** Queue entries per bank searched for a row hit: FCFS looks only at the oldest. */
  private readonly window: number;
  private readonly writeHighEntries: number;
  private readonly writeLowEntries: number;

  /**
   * Per-bank candidate cache: a bank's proposal changes only when its queue or its open row
   * does, not when other banks issue. candKey = 1 (reads) / 2 (writes) when valid, else 0.
   */
  private readonly candKey: Uint8Array;
  private readonly cacheCmd: Uint8Array;
  private readonly cacheSlot: Int32Array;
  private readonly cacheClass: Uint8Array;
  /** Arrival number of the cached candidate's request (its FCFS age). */
  private readonly cacheAge: Float64Array;
  /**
   * A lower bound on the cycle the cached candidate becomes legal: the last answer the
   * timing table gave for it (0 = not asked yet). Valid because every horizon only moves
   * forward (issuing a command raises horizons, never lowers them) and `now` only grows, so
   * a candidate whose bound is already later than the best found cannot win: `plan` skips
   * its timing lookup. Reset whenever the cached candidate is recomputed.
   */
  private readonly cacheLegal: Float64Array;

  constructor(
    cfg: DramConfig,
    queues: ChannelQueues,
    refresh: RefreshScheduler,
    timing: TimingEngine,
    openRow: Int32Array,
    bankRank: Int32Array,
    rankOpenBanks: Int32Array,
  ) {
    this.queues = queues;
    this.refresh = refresh;
    this.timing = timing;
    this.ranks = cfg.ranks;
    this.openRow = openRow;
    this.bankRank = bankRank;
    this.rankOpenBanks = rankOpenBanks;
    this.refreshPending = refresh.pending;
    this.hitClass = cfg.scheduler === 'frfcfs' ? CLASS_ROW_HIT : CLASS_OTHER;
    this.window = this.hitClass === CLASS_ROW_HIT ? cfg.bankQueue : 1;
    this.writeHighEntries = cfg.writeHighEntries;
    this.writeLowEntries = cfg.writeLowEntries;
    const numBanks = openRow.length;
    this.candKey = new Uint8Array(numBanks);
    this.cacheCmd = new Uint8Array(numBanks);
    this.cacheSlot = new Int32Array(numBanks);
    this.cacheClass = new Uint8Array(numBanks);
    this.cacheLegal = new Float64Array(numBanks);
    this.cacheAge = new Float64Array(numBanks);
  }

  /** Bank `b`'s queue or open row changed: its cached candidate is stale. */
  forget(b: number): void {
    this.candKey[b] = 0;
  }

  /**
   * Write draining with hysteresis: writes wait in the buffer until it is nearly full (or
   * no read is waiting), then drain down to the low watermark — fewer bus turnarounds.
   * Returns the mode the current queue contents call for.
   */
  private drainWrites(): boolean {
    const w = this.queues.writesVisible;
    const reads = this.queues.readsVisible;
    return this.writeMode
      ? !(w === 0 || (w <= this.writeLowEntries && reads > 0))
      : w > 0 && (w >= this.writeHighEntries || reads === 0);
  }

  /** Choose the next command and the cycle (≥ `clk`) it issues at, from the current state. */
  plan(): void {
    const now = this.clk;
    this.planned = true;
    const ranks = this.ranks;
    // Here rather than in the caller: `plan` is too large to be inlined anyway, so code in it
    // costs the callers' inlining budgets nothing.
    this.arrivalHorizon = this.queues.nextArrival();
    this.refreshHorizon = this.refresh.horizon();
    // Stored only when it flips: a store of a boolean costs a write barrier.
    if (this.drainWrites() !== this.writeMode) this.writeMode = !this.writeMode;

    const timing = this.timing;
    const refreshPending = this.refreshPending;
    let bestCycle = Infinity;
    let bestClass = 3;
    let bestAge = Infinity;
    let bestCmd = -1;
    let bestTarget = -1;
    let bestSlot = -1;

    let anyRefreshPending = false;
    for (let r = 0; r < ranks; r++) {
      if (refreshPending[r] === 0) continue;
      anyRefreshPending = true;
      const cmd = this.rankOpenBanks[r]! > 0 ? PREA : REF;
      let e = timing.earliestAt(cmd, r);
      if (e < now) e = now;
      if (e < bestCycle) {
        bestCycle = e;
        bestClass = CLASS_REFRESH;
        bestAge = r;
        bestCmd = cmd;
        bestTarget = r;
        bestSlot = -1;
      }
    }

    const writes = this.writeMode;
    const key = writes ? 2 : 1;
    const candKey = this.candKey;
    const cacheLegal = this.cacheLegal;
    const cacheClass = this.cacheClass;
    const cacheAge = this.cacheAge;
    const cacheCmd = this.cacheCmd;
    const bankRank = this.bankRank;
    const q = this.queues;
    const banks = writes ? q.writeBanks : q.readBanks;
    const nBanks = writes ? q.writeBankN : q.readBankN;
    for (let i = 0; i < nBanks; i++) {
      const b = banks[i]!;
      // A rank waiting to refresh takes no new work (it is about to close every bank).
      if (anyRefreshPending && refreshPending[bankRank[b]!] === 1) continue;
      // Its last known legal cycle is already later than the best: it cannot win, so no
      // need to ask the timing table (nor to look at a cached candidate).
      if (candKey[b] === key) {
        if (cacheLegal[b]! > bestCycle) continue;
      } else {
        this.bankCandidate(b, writes);
      }
      const bound = cacheLegal[b]!;
      const cls = cacheClass[b]!;
      const age = cacheAge[b]!;
      // Equal to the best (or the best is ready now) and outranked: cannot win either.
      if ((bound === bestCycle || bestCycle === now) && (cls > bestClass || (cls === bestClass && age > bestAge))) continue;
      const cmd = cacheCmd[b]!;
      let e = timing.earliestAt(cmd, b);
      if (e < now) e = now;
      cacheLegal[b] = e;
      if (e > bestCycle) continue;
      if (e < bestCycle || cls < bestClass || (cls === bestClass && age < bestAge)) {
        bestCycle = e;
        bestClass = cls;
        bestAge = age;
        bestCmd = cmd;
        bestTarget = b;
        bestSlot = this.cacheSlot[b]!;
      }
    }
    this.planCycle = bestCycle;
    this.planClass = bestClass;
    this.planAge = bestAge;
    this.planCmd = bestCmd;
    this.planTarget = bestTarget;
    this.planSlot = bestSlot;
  }

  /**
   * Compute and cache the next command bank `b` wants for its queued reads (or writes):
   * a column command for the oldest request hitting the open row, else PRE (another row is
   * open) or ACT (closed) for its oldest request. Its legal-cycle bound starts at 0.
   */
  private bankCandidate(b: number, writes: boolean): void {
    const q = this.queues;
    const list = writes ? q.writeList : q.readList;
    const base = b * (writes ? q.writeQueue : q.readQueue);
    const open = this.openRow[b]!;
    let cmd: number;
    let slot = -1;
    let cls = CLASS_OTHER;
    if (open >= 0) {
      const count = writes ? q.writeCount[b]! : q.readCount[b]!;
      const window = this.window;
      const n = count < window ? count : window;
      const slotRow = q.slotRow;
      for (let j = 0; j < n; j++) {
        const s = list[base + j]!;
        if (slotRow[s] === open) {
          slot = s;
          break;
        }
      }
      if (slot >= 0) {
        cmd = writes ? WR : RD;
        cls = this.hitClass;
      } else {
        slot = list[base]!;
        cmd = PRE;
      }
    } else {
      slot = list[base]!;
      cmd = ACT;
    }
    this.candKey[b] = writes ? 2 : 1;
    this.cacheLegal[b] = 0;
    this.cacheCmd[b] = cmd;
    this.cacheSlot[b] = slot;
    this.cacheClass[b] = cls;
    this.cacheAge[b] = q.slotSeq[slot]!;
  }

  /**
   * A request just reached bank `b`'s queue (at `clk`). Only that bank's candidate can have
   * changed, so when the plan is otherwise intact compare just that bank against it instead
   * of replanning (it drops the plan when the read/write mode would flip or the plan was
   * this bank's own command).
   */
  replanAfterAdmit(b: number, write: boolean): void {
    this.candKey[b] = 0;
    if (!this.planned) return;
    const modeBefore = this.writeMode;
    if (this.drainWrites() !== modeBefore || (this.planTarget === b && this.planClass !== CLASS_REFRESH)) {
      this.planned = false;
      return;
    }
    // A request of the kind not being served changes no candidate.
    if (write !== modeBefore) return;
    if (this.refreshPending[this.bankRank[b]!] === 1) return;
    this.bankCandidate(b, write);
    const cmd = this.cacheCmd[b]!;
    let e = this.timing.earliestAt(cmd, b);
    if (e < this.clk) e = this.clk;
    this.cacheLegal[b] = e;
    if (e > this.planCycle) return;
    const cls = this.cacheClass[b]!;
    const age = this.cacheAge[b]!;
    if (e < this.planCycle || cls < this.planClass || (cls === this.planClass && age < this.planAge)) {
      this.planCycle = e;
      this.planClass = cls;
      this.planAge = age;
      this.planCmd = cmd;
      this.planTarget = b;
      this.planSlot = this.cacheSlot[b]!;
    }
  }

  /**
   * Reads served on bank `b` without the event path (IsolatedReadPath), the last with its RD
   * at `lastRead`, leave what the event path would: the bank's candidate recomputed, read
   * mode, no plan, the clock just past that RD.
   */
  afterIsolatedReads(b: number, lastRead: number): void {
    this.candKey[b] = 0;
    this.writeMode = false;
    this.planned = false;
    this.clk = lastRead + 1;
  }
}
