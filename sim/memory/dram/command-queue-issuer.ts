import { newChannelCounters, type ChannelCounters, type CommandListener } from './command-issuer.ts';
import type { DramConfig } from './dram-config.ts';
import { CMD } from './dram-standard.ts';
import type { RankRefreshQueue } from './rank-refresh-queue.ts';
import type { RankStandby } from './rank-standby.ts';
import type { RoundRobinPlanner } from './round-robin-planner.ts';
import type { TimingEngine } from './timing-engine.ts';
import { TQ_WRITE, type TransactionQueues } from './transaction-queues.ts';

const ACT = CMD.ACT;
const PRE = CMD.PRE;
const RD = CMD.RD;
const WR = CMD.WR;
const RDA = CMD.RDA;
const WRA = CMD.WRA;
const REF = CMD.REF;

/**
 * Carries out a command under DRAMsim3's semantics (`controller: dramsim3`): timing table,
 * bank state, queues, refresh queue, standby time, counters and listener. Row outcomes are
 * counted as DRAMsim3 counts them: a column command is a row hit when its row had already
 * served one since its ACT, else a miss; a conflict is a PRE issued for a waiting request
 * (not for refresh).
 */
export class CommandQueueIssuer {
  readonly counters: ChannelCounters = newChannelCounters();
  listener: CommandListener | null = null;
  /** Write data end (WR + CWL + burst) of the last WR issued (-1: none). */
  lastWriteData = -1;

  private readonly channel: number;
  private readonly banksPerRank: number;
  private readonly banksPerGroup: number;
  private readonly closedPage: boolean;
  private readonly readLatency: number;
  private readonly writeData: number;
  private readonly timing: TimingEngine;
  private readonly queues: TransactionQueues;
  private readonly planner: RoundRobinPlanner;
  private readonly refresh: RankRefreshQueue;
  private readonly standby: RankStandby;
  private readonly openRow: Int32Array;
  private readonly hitCount: Int32Array;
  private readonly bankRank: Int32Array;

  constructor(
    cfg: DramConfig,
    channel: number,
    timing: TimingEngine,
    queues: TransactionQueues,
    planner: RoundRobinPlanner,
    refresh: RankRefreshQueue,
    standby: RankStandby,
    openRow: Int32Array,
    hitCount: Int32Array,
    bankRank: Int32Array,
  ) {
    this.channel = channel;
    this.banksPerGroup = cfg.org.banksPerGroup;
    this.banksPerRank = cfg.org.bankGroups * cfg.org.banksPerGroup;
    this.closedPage = cfg.pagePolicy === 'closed';
    const t = cfg.timing;
    this.readLatency = t.CL + t.tBL + cfg.shellCycles;
    this.writeData = t.CWL + t.tBL;
    this.timing = timing;
    this.queues = queues;
    this.planner = planner;
    this.refresh = refresh;
    this.standby = standby;
    this.openRow = openRow;
    this.hitCount = hitCount;
    this.bankRank = bankRank;
  }

  /** Issue `cmd` at `t` for `target` (a bank, or a rank for REF) on behalf of request `slot`. */
  issue(cmd: number, target: number, slot: number, t: number, refresh: boolean): void {
    const planner = this.planner;
    switch (cmd) {
      case ACT: {
        const b = target;
        const row = this.queues.slotRow[slot]!;
        this.timing.issueAt(ACT, b, t);
        this.openRow[b] = row;
        this.hitCount[b] = 0;
        planner.forget(b);
        this.standby.bankOpened(this.bankRank[b]!, t);
        this.counters.act++;
        planner.rr = b;
        this.notify(ACT, b, row, t);
        return;
      }
      case PRE: {
        const b = target;
        this.timing.issueAt(PRE, b, t);
        const row = this.openRow[b]!;
        this.openRow[b] = -1;
        this.hitCount[b] = 0;
        planner.forget(b);
        this.standby.bankClosed(this.bankRank[b]!, t);
        this.counters.pre++;
        if (!refresh) {
          this.counters.rowConflicts++;
          planner.rr = b;
        }
        this.notify(PRE, b, row, t);
        return;
      }
      case REF: {
        const r = target;
        this.timing.issueAt(REF, r, t);
        this.refresh.refreshed();
        this.standby.refreshStarted(r, t);
        this.counters.ref++;
        if (this.listener !== null) this.listener(REF, this.channel, r, -1, -1, -1, t);
        return;
      }
      default:
        this.issueColumn(slot, t);
    }
  }

  private issueColumn(slot: number, t: number): void {
    const q = this.queues;
    const b = q.slotBank[slot]!;
    const row = q.slotRow[slot]!;
    const write = (q.slotFlags[slot]! & TQ_WRITE) !== 0;
    q.columnIssued(b, slot, t, t + this.readLatency);
    this.planner.forget(b);
    // Closed page: precharge with this access unless another queued request wants the row.
    const auto = this.closedPage && !q.hitsPending(b, row);
    const cmd = write ? (auto ? WRA : WR) : auto ? RDA : RD;
    this.timing.issueAt(cmd, b, t);
    if (this.hitCount[b]! > 0) this.counters.rowHits++;
    else this.counters.rowMisses++;
    this.hitCount[b] = this.hitCount[b]! + 1;
    this.planner.rr = b;
    if (auto) {
      this.openRow[b] = -1;
      this.hitCount[b] = 0;
      this.standby.bankClosed(this.bankRank[b]!, t);
      this.counters.autoPre++;
    }
    if (write) {
      this.counters.wr++;
      const data = t + this.writeData;
      if (data > this.lastWriteData) this.lastWriteData = data;
    } else {
      this.counters.rd++;
    }
    this.notify(cmd, b, row, t);
  }

  private notify(cmd: number, b: number, row: number, t: number): void {
    if (this.listener === null) return;
    const rank = this.bankRank[b]!;
    const inRank = b - rank * this.banksPerRank;
    this.listener(cmd, this.channel, rank, Math.floor(inRank / this.banksPerGroup), inRank % this.banksPerGroup, row, t);
  }
}
