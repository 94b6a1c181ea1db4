import type { MemRequest } from '../memory-model.ts';
import type { DramConfig } from './dram-config.ts';
import { CMD } from './dram-standard.ts';
import { IntRing } from './int-ring.ts';
import { TimingEngine } from './timing-engine.ts';

/** Called for every command issued (tests, traces); `row` is -1 for rank commands. */
export type CommandListener = (
  cmd: number,
  channel: number,
  rank: number,
  bankGroup: number,
  bank: number,
  row: number,
  cycle: number,
) => void;

/** Per-channel command counts and row-buffer outcomes. */
export interface ChannelCounters {
  act: number;
  pre: number;
  prea: number;
  autoPre: number;
  ref: number;
  rd: number;
  wr: number;
  rowHits: number;
  rowMisses: number;
  rowConflicts: number;
}

// Command ids as module constants: the hot loops read them without a property lookup.
const ACT = CMD.ACT;
const PRE = CMD.PRE;
const PREA = CMD.PREA;
const RD = CMD.RD;
const WR = CMD.WR;
const RDA = CMD.RDA;
const WRA = CMD.WRA;
const REF = CMD.REF;

const FLAG_WRITE = 1;
/** An ACT was issued on this request's behalf: it is a row miss. */
const FLAG_ACTIVATED = 2;
/** A PRE closed another row on this request's behalf: the miss was a conflict. */
const FLAG_CONFLICT = 4;

/** Scheduling priority classes, lower wins among commands ready in the same cycle. */
const CLASS_REFRESH = 0;
const CLASS_ROW_HIT = 1;
const CLASS_OTHER = 2;

/**
 * One channel's memory controller and its DRAM: read queue and write buffer (finite, so
 * `canAccept` gives back-pressure), per-bank command queues, FR-FCFS or FCFS scheduling,
 * open or closed page, per-rank staggered refresh, and the timing engine that answers
 * "when is this command next legal here?".
 *
 * Event-driven: `plan()` looks at each bank with work once, asks the timing engine when its
 * next command becomes legal, and picks the command that is ready first (ties: refresh, then
 * row hits, then the oldest). Between commands nothing happens, so time jumps straight to
 * the next issue cycle. Equivalent to deciding every cycle because nothing but arrivals and
 * refresh deadlines (both planned for) can change the answer in between.
 */
export class ChannelController {
  /** First cycle not yet processed: commands issue at cycles ≥ clk. */
  clk = 0;
  readonly counters: ChannelCounters = {
    act: 0, pre: 0, prea: 0, autoPre: 0, ref: 0, rd: 0, wr: 0, rowHits: 0, rowMisses: 0, rowConflicts: 0,
  };
  listener: CommandListener | null = null;

  private readonly cfg: DramConfig;
  private readonly channel: number;
  private readonly timing: TimingEngine;
  private readonly numBanks: number;
  private readonly banksPerRank: number;
  private readonly bankGroups: number;
  private readonly banksPerGroup: number;
  private readonly closedPage: boolean;
  private readonly hitClass: number;
  private readonly readLatency: number;
  private readonly writeLatency: number;

  // Topology lookups.
  private readonly bankRank: Int32Array;

  // Bank and rank state.
  private readonly openRow: Int32Array;
  private readonly rankOpenBanks: Int32Array;
  private readonly rankOpenSince: Float64Array;
  private readonly rankActiveCycles: Float64Array;
  private readonly rankRefreshCycles: Float64Array;
  private readonly rankLastRefresh: Float64Array;
  private readonly refreshDue: Float64Array;
  private readonly refreshPending: Uint8Array;

  // Request slots (structure of arrays; grown by doubling, never per request).
  private slotBank: Int32Array;
  private slotRow: Int32Array;
  private slotFlags: Uint8Array;
  /** Arrival order (FCFS age). */
  private slotSeq: Float64Array;
  /** Cycle the request entered (visible time / completion time are derived from it). */
  private slotAt: Float64Array;
  private slotReq: (MemRequest | null)[];
  private freeSlots: Int32Array;
  private freeCount: number;
  private seq = 0;

  // Per-bank queues, in arrival order: reads and writes apart, each sized for a full queue.
  private readonly readList: Int32Array;
  private readonly readCount: Int32Array;
  private readonly writeList: Int32Array;
  private readonly writeCount: Int32Array;
  // Banks that have queued reads / writes (swap-remove sets).
  private readonly readBanks: Int32Array;
  private readonly readBankPos: Int32Array;
  private readBankN = 0;
  private readonly writeBanks: Int32Array;
  private readonly writeBankPos: Int32Array;
  private writeBankN = 0;

  /** Accepted, column command not yet issued (these hold queue entries). */
  private readsQueued = 0;
  private writesQueued = 0;
  /** Of those, the ones past the shell and in the bank queues. */
  private readsVisible = 0;
  private writesVisible = 0;
  private writeMode = false;

  /** Requests still in the shell on their way in, in order. */
  private readonly incoming = new IntRing(64);
  /** Issued column commands waiting for their data to finish, per direction (each in order). */
  private readonly readDone = new IntRing(64);
  private readonly writeDone = new IntRing(64);
  /**
   * The earlier of the two rings' first completions (Infinity: none), kept on every push and
   * pop: a multi-channel memory asks every channel for it several times per completion.
   */
  private doneAt = Infinity;
  /**
   * `nextCompletionBound` as last computed, -1 when state it reads may have changed since
   * (cleared wherever the plan is dropped, a request enters or a completion leaves): a
   * multi-channel memory asks every channel after each request and each advance, and most
   * channels have not changed.
   */
  private bound = -1;

  // The plan: the next command, valid until state changes.
  private planned = false;
  private planCycle = Infinity;
  private planCmd = -1;
  /** Bank (bank commands) or rank (rank commands). */
  private planTarget = -1;
  private planSlot = -1;
  private planClass = 3;
  private planAge = Infinity;
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
  /** Next non-command state change: a request leaving the shell / a refresh falling due. */
  private arrivalHorizon = Infinity;
  private refreshHorizon = Infinity;

  constructor(cfg: DramConfig, channel: number) {
    this.cfg = cfg;
    this.channel = channel;
    const { ranks } = cfg;
    const { bankGroups, banksPerGroup } = cfg.org;
    this.bankGroups = bankGroups;
    this.banksPerGroup = banksPerGroup;
    this.banksPerRank = bankGroups * banksPerGroup;
    this.numBanks = ranks * this.banksPerRank;
    this.timing = new TimingEngine(cfg.standard, cfg.timing, [ranks, bankGroups, banksPerGroup]);
    this.closedPage = cfg.pagePolicy === 'closed';
    this.hitClass = cfg.scheduler === 'frfcfs' ? CLASS_ROW_HIT : CLASS_OTHER;
    const t = cfg.timing;
    this.readLatency = t.CL + t.tBL + cfg.shellCycles;
    this.writeLatency = t.CWL + t.tBL + cfg.shellCycles;

    this.bankRank = new Int32Array(this.numBanks);
    for (let b = 0; b < this.numBanks; b++) {
      const rank = Math.floor(b / this.banksPerRank);
      this.bankRank[b] = rank;
    }

    this.openRow = new Int32Array(this.numBanks).fill(-1);
    this.rankOpenBanks = new Int32Array(ranks);
    this.rankOpenSince = new Float64Array(ranks);
    this.rankActiveCycles = new Float64Array(ranks);
    this.rankRefreshCycles = new Float64Array(ranks);
    this.rankLastRefresh = new Float64Array(ranks).fill(-Infinity);
    this.refreshDue = new Float64Array(ranks);
    this.refreshPending = new Uint8Array(ranks);
    // Staggered: rank r first refreshes at (r+1)/ranks of tREFI, then every tREFI, so the
    // ranks of a channel never all stall at once.
    for (let r = 0; r < ranks; r++) {
      this.refreshDue[r] = cfg.refresh ? Math.floor((t.tREFI * (r + 1)) / ranks) : Infinity;
    }

    const slots = cfg.readQueue + cfg.writeQueue + 64;
    this.slotBank = new Int32Array(slots);
    this.slotRow = new Int32Array(slots);
    this.slotFlags = new Uint8Array(slots);
    this.slotSeq = new Float64Array(slots);
    this.slotAt = new Float64Array(slots);
    this.slotReq = new Array<MemRequest | null>(slots).fill(null);
    this.freeSlots = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.freeSlots[i] = slots - 1 - i;
    this.freeCount = slots;

    this.readList = new Int32Array(this.numBanks * cfg.readQueue);
    this.readCount = new Int32Array(this.numBanks);
    this.writeList = new Int32Array(this.numBanks * cfg.writeQueue);
    this.writeCount = new Int32Array(this.numBanks);
    this.readBanks = new Int32Array(this.numBanks);
    this.readBankPos = new Int32Array(this.numBanks).fill(-1);
    this.writeBanks = new Int32Array(this.numBanks);
    this.writeBankPos = new Int32Array(this.numBanks).fill(-1);
    this.candKey = new Uint8Array(this.numBanks);
    this.cacheCmd = new Uint8Array(this.numBanks);
    this.cacheSlot = new Int32Array(this.numBanks);
    this.cacheClass = new Uint8Array(this.numBanks);
    this.cacheLegal = new Float64Array(this.numBanks);
    this.cacheAge = new Float64Array(this.numBanks);
  }

  /** Whether a read / write can enter now (its queue has a free entry). */
  canAccept(write: boolean): boolean {
    return write ? this.writesQueued < this.cfg.writeQueue : this.readsQueued < this.cfg.readQueue;
  }

  /** Free read / write queue entries (a request split into several bursts needs one each). */
  freeEntries(write: boolean): number {
    return write ? this.cfg.writeQueue - this.writesQueued : this.cfg.readQueue - this.readsQueued;
  }

  /**
   * Accept a request at `cycle` (callers check `canAccept` first). Its location is already
   * decoded. It reaches the bank queues `shellCycles` later.
   */
  enqueue(req: MemRequest, cycle: number, rank: number, bankGroup: number, bank: number, row: number): void {
    if (this.clk < cycle) this.runCommands(cycle - 1);
    this.bound = -1;
    if (!this.canAccept(req.write)) throw new RangeError(`channel ${this.channel}: ${req.write ? 'write' : 'read'} queue is full`);
    if (this.freeCount === 0) this.growSlots();
    const s = this.freeSlots[--this.freeCount]!;
    this.slotBank[s] = (rank * this.bankGroups + bankGroup) * this.banksPerGroup + bank;
    this.slotRow[s] = row;
    this.slotFlags[s] = req.write ? FLAG_WRITE : 0;
    this.slotSeq[s] = this.seq++;
    this.slotAt[s] = cycle + this.cfg.shellCycles;
    this.slotReq[s] = req;
    if (req.write) this.writesQueued++;
    else this.readsQueued++;
    if (this.cfg.shellCycles === 0) {
      this.admit(s);
      this.replanAfterAdmit(this.slotBank[s]!, req.write);
    } else {
      this.incoming.push(s);
      if (this.slotAt[s]! < this.arrivalHorizon) this.arrivalHorizon = this.slotAt[s]!;
    }
  }

  /**
   * The next cycle at which something happens that the requester may care about, or
   * Infinity when idle. Refresh of an idle channel is not reported (it would never end);
   * `runCommands` still performs it when time is advanced past it.
   */
  nextEventCycle(): number {
    const c = this.nextCompletionCycle();
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
    if (this.readsQueued + this.writesQueued === 0) return Infinity;
    if (!this.planned) this.plan();
    let next = this.planCycle;
    if (this.arrivalHorizon < next) next = this.arrivalHorizon;
    if (this.refreshHorizon < next) next = this.refreshHorizon;
    return next;
  }

  /** Issue every command due at cycles ≤ `limit` (finite); afterwards clk = limit + 1. */
  runCommands(limit: number): void {
    for (;;) {
      if (!this.planned) this.plan();
      const event = this.arrivalHorizon < this.refreshHorizon ? this.arrivalHorizon : this.refreshHorizon;
      if (event <= limit && event <= this.planCycle) {
        if (event > this.clk) this.clk = event;
        this.bound = -1;
        if (this.refreshHorizon <= this.clk) {
          this.processArrivalsAndRefreshDeadlines();
          this.planned = false;
        } else {
          this.admitArrivals();
        }
        continue;
      }
      if (this.planCycle > limit) break;
      this.clk = this.planCycle;
      this.issuePlanned();
      this.clk = this.planCycle + 1;
      this.planned = false;
      this.bound = -1;
    }
    if (this.clk <= limit) this.clk = limit + 1;
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
    const done = this.doneAt;
    if (this.readsQueued + this.writesQueued === 0) return (this.bound = done);
    const pending = this.nextStateChangeCycle() + (this.readLatency < this.writeLatency ? this.readLatency : this.writeLatency);
    return (this.bound = pending < done ? pending : done);
  }

  nextCompletionCycle(): number {
    return this.doneAt;
  }

  /** Remove and report the oldest completion if it is at or before `limit`; false if none. */
  popCompletion(limit: number, onComplete: (req: MemRequest, cycle: number) => void): boolean {
    const at = this.doneAt;
    if (at > limit) return false;
    const readDone = this.readDone;
    const writeDone = this.writeDone;
    const slotAt = this.slotAt;
    // Ties go to the read.
    const s = readDone.length > 0 && slotAt[readDone.peek()] === at ? readDone.shift() : writeDone.shift();
    const r = readDone.length > 0 ? slotAt[readDone.peek()]! : Infinity;
    const w = writeDone.length > 0 ? slotAt[writeDone.peek()]! : Infinity;
    this.doneAt = r < w ? r : w;
    this.bound = -1;
    const req = this.slotReq[s]!;
    this.slotReq[s] = null;
    this.freeSlots[this.freeCount++] = s;
    onComplete(req, at);
    return true;
  }

  /**
   * Background accounting up to cycle `end` (exclusive), summed over ranks: cycles with a
   * bank open or a refresh in progress (IDD3N) and cycles with all banks precharged (IDD2N).
   */
  standbyCycles(end: number): { active: number; precharged: number } {
    let active = 0;
    let precharged = 0;
    const tRFC = this.cfg.timing.tRFC;
    for (let r = 0; r < this.cfg.ranks; r++) {
      let a = this.rankActiveCycles[r]! + this.rankRefreshCycles[r]!;
      if (this.rankOpenBanks[r]! > 0) a += Math.max(0, end - this.rankOpenSince[r]!);
      // A refresh still running at `end` only counts up to `end`.
      const overshoot = this.rankLastRefresh[r]! + tRFC - end;
      if (overshoot > 0) a -= Math.min(overshoot, tRFC);
      a = Math.min(Math.max(a, 0), end);
      active += a;
      precharged += end - a;
    }
    return { active, precharged };
  }

  // --- Fast-forwarding periodic streams (docs/run.md): isolated reads ----------------------

  /** Bank of a run of isolated reads whose RD horizons are known (-1: none). */
  private isoBank = -1;
  /** Cycle of that run's last RD. */
  private isoAt = 0;
  /** Cycles after an RD until the next RD is legal at the same bank (measured, see below). */
  private isoGap = 0;
  /** The run's last RD is not yet in the timing engine. */
  private isoPending = false;
  /** 1: RD has no window rule (a run of RDs leaves the horizons its last one alone would); 0: it has; -1: not checked. */
  private rdDeferrable = -1;

  /**
   * Fast path for a read that meets an idle channel: entering at `cycle` (as `enqueue` would
   * take it) for `row` of bank index `bank` (rank·BG·BA order), it is served exactly as the
   * event path would serve it only if nothing else can happen first: no request queued, in
   * the shell or awaiting its completion report; open page with `row` open in `bank` (a
   * row hit, no ACT/PRE); no refresh pending or falling due up to its admission; and the RD
   * legal at admission. Then the RD issues in the admission cycle and the data completes a
   * fixed `readLatency` later. If so (and that completion is ≤ `maxCompletion`), applies
   * every effect of the event path — RD counted as a row hit, timing horizons, arrival
   * order, `clk` — and returns the completion cycle; else returns -1 having changed nothing.
   *
   * Consecutive calls for one bank skip the timing table: after the first RD at e the next
   * RD is legal at e + gap (RD sets only `t + latency` horizons, none by window), so a later
   * read admitted ≥ gap after the previous RD is legal, and issuing only the run's last RD
   * leaves the same horizons as issuing each. `endIsolatedReads` must follow a stretch of
   * calls before anything else uses the channel (it writes the deferred RD).
   */
  isolatedRead(bank: number, row: number, cycle: number, maxCompletion: number): number {
    if (this.readsQueued + this.writesQueued !== 0 || this.incoming.length !== 0) return -1;
    if (this.readDone.length !== 0 || this.writeDone.length !== 0) return -1;
    if (this.closedPage || this.openRow[bank] !== row) return -1;
    const admit = cycle + this.cfg.shellCycles;
    const done = admit + this.readLatency;
    if (done > maxCompletion || this.clk > admit) return -1;
    for (let r = 0; r < this.cfg.ranks; r++) {
      if (this.refreshPending[r] !== 0 || this.refreshDue[r]! <= admit) return -1;
    }
    if (this.isoBank === bank && admit >= this.isoAt + this.isoGap) {
      this.isoAt = admit;
      this.isoPending = true;
    } else {
      this.endIsolatedReads();
      if (this.timing.earliestAt(RD, bank) > admit) return -1;
      this.timing.issueAt(RD, bank, admit);
      if (this.rdDeferrable < 0) this.rdDeferrable = this.cfg.standard.constraints.some((c) => c.window && c.preceding.includes('RD')) ? 0 : 1;
      if (this.rdDeferrable === 1) {
        // Every horizon before this RD was ≤ admit (it was legal), so this is the RD's own.
        this.isoBank = bank;
        this.isoAt = admit;
        this.isoGap = this.timing.earliestAt(RD, bank) - admit;
      }
    }
    // What enqueue → admit → plan → issueColumn → popCompletion leave behind.
    this.seq++;
    this.counters.rd++;
    this.counters.rowHits++;
    this.candKey[bank] = 0;
    this.writeMode = false;
    this.planned = false;
    this.bound = -1;
    this.clk = admit + 1;
    this.notify(RD, bank, row, admit);
    return done;
  }

  /** Cycles from a request entering to its data completing when it is an isolated row hit. */
  isolatedLatency(): number {
    return this.cfg.shellCycles + this.readLatency;
  }

  /**
   * Between `minCount` and `maxCount` isolated reads of `row` in `bank` entering at
   * `cycle + j·stride`, in one step: the continuation of a run `isolatedRead` started on this bank (its RD gap is
   * known), so each is legal if the first is ≥ gap after the run's last RD and the stride
   * ≥ gap; stops before a refresh falls due or a completion passes `maxCompletion`. Applies
   * exactly what that many `isolatedRead` calls would and returns the count (0: none).
   */
  isolatedReadRun(bank: number, row: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number {
    if (this.isoBank !== bank || this.openRow[bank] !== row || stride < this.isoGap || stride < 1) return 0;
    if (this.readsQueued + this.writesQueued !== 0 || this.incoming.length !== 0) return 0;
    if (this.readDone.length !== 0 || this.writeDone.length !== 0) return 0;
    const admit = cycle + this.cfg.shellCycles;
    if (admit < this.isoAt + this.isoGap || this.clk > admit) return 0;
    let n = Math.min(maxCount, Math.floor((maxCompletion - this.readLatency - admit) / stride) + 1);
    for (let r = 0; r < this.cfg.ranks; r++) {
      if (this.refreshPending[r] !== 0) return 0;
      n = Math.min(n, Math.floor((this.refreshDue[r]! - 1 - admit) / stride) + 1);
    }
    if (!(n >= minCount && n >= 1)) return 0;
    if (this.listener !== null) for (let j = 0; j < n; j++) this.notify(RD, bank, row, admit + j * stride);
    this.isoAt = admit + (n - 1) * stride;
    this.isoPending = true;
    this.seq += n;
    this.counters.rd += n;
    this.counters.rowHits += n;
    this.candKey[bank] = 0;
    this.writeMode = false;
    this.planned = false;
    this.bound = -1;
    this.clk = this.isoAt + 1;
    return n;
  }

  /** Close a stretch of `isolatedRead` calls: write its deferred RD into the timing table. */
  endIsolatedReads(): void {
    this.bound = -1;
    if (this.isoPending) this.timing.issueAt(RD, this.isoBank, this.isoAt);
    this.isoPending = false;
    this.isoBank = -1;
  }

  // ---------------------------------------------------------------------------------------

  private admit(s: number): void {
    const b = this.slotBank[s]!;
    this.candKey[b] = 0;
    if (this.slotFlags[s]! & FLAG_WRITE) {
      const n = this.writeCount[b]!;
      this.writeList[b * this.cfg.writeQueue + n] = s;
      this.writeCount[b] = n + 1;
      if (n === 0) {
        this.writeBankPos[b] = this.writeBankN;
        this.writeBanks[this.writeBankN++] = b;
      }
      this.writesVisible++;
    } else {
      const n = this.readCount[b]!;
      this.readList[b * this.cfg.readQueue + n] = s;
      this.readCount[b] = n + 1;
      if (n === 0) {
        this.readBankPos[b] = this.readBankN;
        this.readBanks[this.readBankN++] = b;
      }
      this.readsVisible++;
    }
  }

  /**
   * Requests leaving the shell by `clk`, no refresh falling due: each changes only its own
   * bank's candidate, so the plan is updated bank by bank (`replanAfterAdmit`) instead of
   * replanned. The plan still holds at the later `clk`: it issues no earlier than this arrival,
   * so no candidate it beat was legal before `clk` (a clamp to the new `clk` changes nothing).
   */
  private admitArrivals(): void {
    const incoming = this.incoming;
    while (incoming.length > 0 && this.slotAt[incoming.peek()]! <= this.clk) {
      const s = incoming.shift();
      this.admit(s);
      this.replanAfterAdmit(this.slotBank[s]!, (this.slotFlags[s]! & FLAG_WRITE) !== 0);
    }
    // plan() sets the horizon; a plan kept needs the next arrival's here.
    this.arrivalHorizon = incoming.length > 0 ? this.slotAt[incoming.peek()]! : Infinity;
  }

  private processArrivalsAndRefreshDeadlines(): void {
    while (this.incoming.length > 0 && this.slotAt[this.incoming.peek()]! <= this.clk) this.admit(this.incoming.shift());
    for (let r = 0; r < this.cfg.ranks; r++) {
      if (this.refreshPending[r] === 0 && this.refreshDue[r]! <= this.clk) this.refreshPending[r] = 1;
    }
  }

  /** Choose the next command and the cycle it issues at, from the current state. */
  private plan(): void {
    this.planned = true;
    const now = this.clk;
    const ranks = this.cfg.ranks;
    this.arrivalHorizon = this.incoming.length > 0 ? this.slotAt[this.incoming.peek()]! : Infinity;
    let refreshHorizon = Infinity;
    for (let r = 0; r < ranks; r++) {
      if (this.refreshPending[r] === 0 && this.refreshDue[r]! < refreshHorizon) refreshHorizon = this.refreshDue[r]!;
    }
    this.refreshHorizon = refreshHorizon;

    // Write draining with hysteresis: writes wait in the buffer until it is nearly full (or
    // no read is waiting), then drain down to the low watermark — fewer bus turnarounds.
    const w = this.writesVisible;
    if (this.writeMode) {
      if (w === 0 || (w <= this.cfg.writeLowEntries && this.readsVisible > 0)) this.writeMode = false;
    } else if (w > 0 && (w >= this.cfg.writeHighEntries || this.readsVisible === 0)) {
      this.writeMode = true;
    }

    const timing = this.timing;
    let bestCycle = Infinity;
    let bestClass = 3;
    let bestAge = Infinity;
    let bestCmd = -1;
    let bestTarget = -1;
    let bestSlot = -1;

    let anyRefreshPending = false;
    for (let r = 0; r < ranks; r++) {
      if (this.refreshPending[r] === 0) continue;
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
    const banks = writes ? this.writeBanks : this.readBanks;
    const nBanks = writes ? this.writeBankN : this.readBankN;
    for (let i = 0; i < nBanks; i++) {
      const b = banks[i]!;
      // A rank waiting to refresh takes no new work (it is about to close every bank).
      if (anyRefreshPending && this.refreshPending[this.bankRank[b]!] === 1) continue;
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
    const list = writes ? this.writeList : this.readList;
    const base = b * (writes ? this.cfg.writeQueue : this.cfg.readQueue);
    const open = this.openRow[b]!;
    let cmd: number;
    let slot = -1;
    let cls = CLASS_OTHER;
    if (open >= 0) {
      const count = writes ? this.writeCount[b]! : this.readCount[b]!;
      // FCFS looks only at the bank's oldest request; FR-FCFS at its whole queue window.
      const window = this.hitClass === CLASS_ROW_HIT ? this.cfg.bankQueue : 1;
      const n = count < window ? count : window;
      const slotRow = this.slotRow;
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
    this.cacheAge[b] = this.slotSeq[slot]!;
  }

  /**
   * A request just reached bank `b`'s queue. Only that bank's candidate can have changed, so
   * when the plan is otherwise intact compare just that bank against it instead of replanning.
   */
  private replanAfterAdmit(b: number, write: boolean): void {
    if (!this.planned) return;
    const modeBefore = this.writeMode;
    const w = this.writesVisible;
    const wouldDrain = this.writeMode
      ? !(w === 0 || (w <= this.cfg.writeLowEntries && this.readsVisible > 0))
      : w > 0 && (w >= this.cfg.writeHighEntries || this.readsVisible === 0);
    if (wouldDrain !== modeBefore || (this.planTarget === b && this.planClass !== CLASS_REFRESH)) {
      this.planned = false;
      this.bound = -1;
      return;
    }
    // A request of the kind not being served changes no candidate.
    if (write !== modeBefore) return;
    if (this.refreshPending[this.bankRank[b]!] === 1) return;
    if (this.candKey[b] !== (write ? 2 : 1)) this.bankCandidate(b, write);
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

  private issuePlanned(): void {
    const t = this.clk;
    const cmd = this.planCmd;
    const slot = this.planSlot;
    switch (cmd) {
      case ACT: {
        const b = this.planTarget;
        const row = this.slotRow[slot]!;
        this.timing.issueAt(ACT, b, t);
        this.openRow[b] = row;
        this.candKey[b] = 0;
        this.bankOpened(this.bankRank[b]!, t);
        this.slotFlags[slot] = this.slotFlags[slot]! | FLAG_ACTIVATED;
        this.counters.act++;
        this.notify(ACT, b, row, t);
        return;
      }
      case PRE: {
        const b = this.planTarget;
        this.timing.issueAt(PRE, b, t);
        const row = this.openRow[b]!;
        this.openRow[b] = -1;
        this.candKey[b] = 0;
        this.bankClosed(this.bankRank[b]!, t);
        this.slotFlags[slot] = this.slotFlags[slot]! | FLAG_CONFLICT;
        this.counters.pre++;
        this.notify(PRE, b, row, t);
        return;
      }
      case PREA: {
        const r = this.planTarget;
        this.timing.issueAt(PREA, r, t);
        const first = r * this.banksPerRank;
        for (let b = first; b < first + this.banksPerRank; b++) {
          this.openRow[b] = -1;
          this.candKey[b] = 0;
        }
        if (this.rankOpenBanks[r]! > 0) {
          this.rankOpenBanks[r] = 1;
          this.bankClosed(r, t);
        }
        this.counters.prea++;
        this.notifyRank(PREA, r, t);
        return;
      }
      case REF: {
        const r = this.planTarget;
        this.timing.issueAt(REF, r, t);
        this.refreshDue[r] = this.refreshDue[r]! + this.cfg.timing.tREFI;
        this.refreshPending[r] = 0;
        this.rankRefreshCycles[r] = this.rankRefreshCycles[r]! + this.cfg.timing.tRFC;
        this.rankLastRefresh[r] = t;
        this.counters.ref++;
        this.notifyRank(REF, r, t);
        return;
      }
      case RD:
      case WR:
        this.issueColumn(cmd === WR, slot, t);
        return;
      default:
        throw new RangeError(`planned an unknown command ${cmd}`);
    }
  }

  private issueColumn(write: boolean, slot: number, t: number): void {
    const b = this.slotBank[slot]!;
    const row = this.slotRow[slot]!;
    this.removeFromBank(write, b, slot);
    // Closed page: precharge with this access unless another queued request wants the row.
    const auto = this.closedPage && !this.rowWanted(b, row);
    const cmd = write ? (auto ? WRA : WR) : auto ? RDA : RD;
    this.timing.issueAt(cmd, b, t);
    if (auto) {
      this.openRow[b] = -1;
      this.candKey[b] = 0;
      this.bankClosed(this.bankRank[b]!, t);
      this.counters.autoPre++;
    }
    const flags = this.slotFlags[slot]!;
    if (flags & FLAG_ACTIVATED) {
      this.counters.rowMisses++;
      if (flags & FLAG_CONFLICT) this.counters.rowConflicts++;
    } else {
      this.counters.rowHits++;
    }
    if (write) {
      this.writesQueued--;
      this.writesVisible--;
      this.counters.wr++;
      this.slotAt[slot] = t + this.writeLatency;
      this.writeDone.push(slot);
      if (t + this.writeLatency < this.doneAt) this.doneAt = t + this.writeLatency;
    } else {
      this.readsQueued--;
      this.readsVisible--;
      this.counters.rd++;
      this.slotAt[slot] = t + this.readLatency;
      this.readDone.push(slot);
      if (t + this.readLatency < this.doneAt) this.doneAt = t + this.readLatency;
    }
    this.notify(cmd, b, row, t);
  }

  /** Whether any queued request (read or write, within the bank window) hits `row` of bank `b`. */
  private rowWanted(b: number, row: number): boolean {
    const window = this.cfg.bankQueue;
    const nr = Math.min(this.readCount[b]!, window);
    for (let j = 0; j < nr; j++) if (this.slotRow[this.readList[b * this.cfg.readQueue + j]!] === row) return true;
    const nw = Math.min(this.writeCount[b]!, window);
    for (let j = 0; j < nw; j++) if (this.slotRow[this.writeList[b * this.cfg.writeQueue + j]!] === row) return true;
    return false;
  }

  private removeFromBank(write: boolean, b: number, slot: number): void {
    const list = write ? this.writeList : this.readList;
    const counts = write ? this.writeCount : this.readCount;
    const base = b * (write ? this.cfg.writeQueue : this.cfg.readQueue);
    const n = counts[b]!;
    this.candKey[b] = 0;
    // Short lists (at most the queue size): a plain loop beats copyWithin's native call.
    let j = base;
    const end = base + n - 1;
    while (list[j] !== slot) j++;
    for (; j < end; j++) list[j] = list[j + 1]!;
    counts[b] = n - 1;
    if (n - 1 > 0) return;
    // The bank has no more work of this kind: swap-remove it from the active set.
    const banks = write ? this.writeBanks : this.readBanks;
    const pos = write ? this.writeBankPos : this.readBankPos;
    const last = write ? --this.writeBankN : --this.readBankN;
    const p = pos[b]!;
    const moved = banks[last]!;
    banks[p] = moved;
    pos[moved] = p;
    pos[b] = -1;
  }

  private bankOpened(rank: number, t: number): void {
    if (this.rankOpenBanks[rank]!++ === 0) this.rankOpenSince[rank] = t;
  }

  private bankClosed(rank: number, t: number): void {
    if (--this.rankOpenBanks[rank]! === 0) this.rankActiveCycles[rank] = this.rankActiveCycles[rank]! + t - this.rankOpenSince[rank]!;
  }

  private notify(cmd: number, b: number, row: number, t: number): void {
    if (this.listener === null) return;
    const rank = this.bankRank[b]!;
    const inRank = b - rank * this.banksPerRank;
    this.listener(cmd, this.channel, rank, Math.floor(inRank / this.banksPerGroup), inRank % this.banksPerGroup, row, t);
  }

  private notifyRank(cmd: number, rank: number, t: number): void {
    if (this.listener !== null) this.listener(cmd, this.channel, rank, -1, -1, -1, t);
  }

  private growSlots(): void {
    const old = this.slotBank.length;
    const size = old * 2;
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(a);
      return next;
    };
    this.slotBank = grow(this.slotBank, (n) => new Int32Array(n));
    this.slotRow = grow(this.slotRow, (n) => new Int32Array(n));
    this.slotFlags = grow(this.slotFlags, (n) => new Uint8Array(n));
    this.slotSeq = grow(this.slotSeq, (n) => new Float64Array(n));
    this.slotAt = grow(this.slotAt, (n) => new Float64Array(n));
    for (let i = old; i < size; i++) this.slotReq.push(null);
    this.freeSlots = new Int32Array(size);
    this.freeCount = 0;
    for (let i = size - 1; i >= old; i--) this.freeSlots[this.freeCount++] = i;
  }
}
