import { FLAG_ACTIVATED, FLAG_CONFLICT, type ChannelQueues } from './channel-queues.ts';
import type { DramConfig } from './dram-config.ts';
import { CMD } from './dram-standard.ts';
import type { FrFcfsPlanner } from './frfcfs-planner.ts';
import type { RankStandby } from './rank-standby.ts';
import type { RefreshScheduler } from './refresh-scheduler.ts';
import type { TimingEngine } from './timing-engine.ts';

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

/** Every counter at zero. */
export function newChannelCounters(): ChannelCounters {
  return { act: 0, pre: 0, prea: 0, autoPre: 0, ref: 0, rd: 0, wr: 0, rowHits: 0, rowMisses: 0, rowConflicts: 0 };
}

// Command ids as module constants: the hot paths read them without a property lookup.
const ACT = CMD.ACT;
const PRE = CMD.PRE;
const PREA = CMD.PREA;
const RD = CMD.RD;
const WR = CMD.WR;
const RDA = CMD.RDA;
const WRA = CMD.WRA;
const REF = CMD.REF;

/**
 * Carries out one channel's planned commands: records each in the timing engine, changes the
 * bank state (open rows), the queues (a column command frees its entry and schedules its
 * completion), refresh deadlines and rank standby time, counts it and tells the listener.
 * Under a closed-page policy a column command precharges with the access (RDA / WRA) unless
 * another queued request wants the row.
 */
export class CommandIssuer {
  readonly counters: ChannelCounters = newChannelCounters();
  listener: CommandListener | null = null;

  private readonly channel: number;
  private readonly banksPerRank: number;
  private readonly banksPerGroup: number;
  private readonly closedPage: boolean;
  /** Cycles from a RD / WR to its data's end, shell included (the completion cycle). */
  private readonly readLatency: number;
  private readonly writeLatency: number;
  private readonly timing: TimingEngine;
  private readonly queues: ChannelQueues;
  private readonly planner: FrFcfsPlanner;
  private readonly refresh: RefreshScheduler;
  private readonly standby: RankStandby;
  /** Open row per bank, -1 when precharged (shared with the planner, which only reads it). */
  private readonly openRow: Int32Array;
  private readonly bankRank: Int32Array;

  constructor(
    cfg: DramConfig,
    channel: number,
    timing: TimingEngine,
    queues: ChannelQueues,
    planner: FrFcfsPlanner,
    refresh: RefreshScheduler,
    standby: RankStandby,
    openRow: Int32Array,
    bankRank: Int32Array,
  ) {
    this.channel = channel;
    this.banksPerGroup = cfg.org.banksPerGroup;
    this.banksPerRank = cfg.org.bankGroups * cfg.org.banksPerGroup;
    this.closedPage = cfg.pagePolicy === 'closed';
    const t = cfg.timing;
    this.readLatency = t.CL + t.tBL + cfg.shellCycles;
    this.writeLatency = t.CWL + t.tBL + cfg.shellCycles;
    this.timing = timing;
    this.queues = queues;
    this.planner = planner;
    this.refresh = refresh;
    this.standby = standby;
    this.openRow = openRow;
    this.bankRank = bankRank;
  }

  /**
   * Issue the planner's command: `planCmd` at `planCycle` for `planTarget` (a bank for ACT /
   * PRE / RD / WR, a rank for PREA / REF) on behalf of request `planSlot` (bank commands).
   */
  issuePlanned(): void {
    const q = this.queues;
    const plan = this.planner;
    const t = plan.planCycle;
    const cmd = plan.planCmd;
    const target = plan.planTarget;
    const slot = plan.planSlot;
    switch (cmd) {
      case ACT: {
        q.slotFlags[slot] = q.slotFlags[slot]! | FLAG_ACTIVATED;
        this.activate(target, q.slotRow[slot]!, t);
        return;
      }
      case PRE: {
        const b = target;
        this.timing.issueAt(PRE, b, t);
        const row = this.openRow[b]!;
        this.openRow[b] = -1;
        this.planner.forget(b);
        this.standby.bankClosed(this.bankRank[b]!, t);
        q.slotFlags[slot] = q.slotFlags[slot]! | FLAG_CONFLICT;
        this.counters.pre++;
        this.notify(PRE, b, row, t);
        return;
      }
      case PREA:
        this.prechargeAll(target, t);
        return;
      case REF:
        this.refreshRank(target, t);
        return;
      case RD:
      case WR:
        this.issueColumn(cmd === WR, slot, t);
        return;
      default:
        throw new RangeError(`planned an unknown command ${cmd}`);
    }
  }

  /**
   * ACT of `row` in bank `b` at `t`: the timing table, the open row, the bank's candidate,
   * standby time, the count and the listener (the request's activated flag is the caller's).
   * Also the isolated read path's, for a read that opens a closed bank (IsolatedReadPath).
   */
  activate(b: number, row: number, t: number): void {
    this.timing.issueAt(ACT, b, t);
    this.openRow[b] = row;
    this.planner.forget(b);
    this.standby.bankOpened(this.bankRank[b]!, t);
    this.counters.act++;
    this.notify(ACT, b, row, t);
  }

  /** PREA of rank `r` at `t`: every bank of the rank closed (also `ChannelController`'s refresh of an idle channel). */
  prechargeAll(r: number, t: number): void {
    this.timing.issueAt(PREA, r, t);
    const first = r * this.banksPerRank;
    for (let b = first; b < first + this.banksPerRank; b++) {
      this.openRow[b] = -1;
      this.planner.forget(b);
    }
    this.standby.allBanksClosed(r, t);
    this.counters.prea++;
    this.notifyRank(PREA, r, t);
  }

  /** REF of rank `r` at `t`: its next deadline, standby time, the count and the listener. */
  refreshRank(r: number, t: number): void {
    this.timing.issueAt(REF, r, t);
    this.refresh.refreshed(r);
    this.standby.refreshStarted(r, t);
    this.counters.ref++;
    this.notifyRank(REF, r, t);
  }

  private issueColumn(write: boolean, slot: number, t: number): void {
    const q = this.queues;
    const b = q.slotBank[slot]!;
    const row = q.slotRow[slot]!;
    q.columnIssued(write, b, slot, t + (write ? this.writeLatency : this.readLatency));
    this.planner.forget(b);
    // Closed page: precharge with this access unless another queued request wants the row.
    const auto = this.closedPage && !q.rowWanted(b, row);
    const cmd = write ? (auto ? WRA : WR) : auto ? RDA : RD;
    this.timing.issueAt(cmd, b, t);
    if (auto) {
      this.openRow[b] = -1;
      this.standby.bankClosed(this.bankRank[b]!, t);
      this.counters.autoPre++;
    }
    const flags = q.slotFlags[slot]!;
    if (flags & FLAG_ACTIVATED) {
      this.counters.rowMisses++;
      if (flags & FLAG_CONFLICT) this.counters.rowConflicts++;
    } else {
      this.counters.rowHits++;
    }
    if (write) this.counters.wr++;
    else this.counters.rd++;
    this.notify(cmd, b, row, t);
  }

  /** Tell the listener, if any, about a bank command. */
  notify(cmd: number, b: number, row: number, t: number): void {
    // Small enough to inline everywhere: the decoding below runs only with a listener.
    if (this.listener !== null) this.notifyBank(cmd, b, row, t);
  }

  /** Call the listener for a bank command (bank index → rank, bank group, bank). */
  private notifyBank(cmd: number, b: number, row: number, t: number): void {
    const rank = this.bankRank[b]!;
    const inRank = b - rank * this.banksPerRank;
    this.listener!(cmd, this.channel, rank, Math.floor(inRank / this.banksPerGroup), inRank % this.banksPerGroup, row, t);
  }

  private notifyRank(cmd: number, rank: number, t: number): void {
    if (this.listener !== null) this.listener(cmd, this.channel, rank, -1, -1, -1, t);
  }
}
