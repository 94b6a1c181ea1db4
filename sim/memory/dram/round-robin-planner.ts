import type { DramConfig } from './dram-config.ts';
import { CMD } from './dram-standard.ts';
import type { RankRefreshQueue } from './rank-refresh-queue.ts';
import type { TimingEngine } from './timing-engine.ts';
import { TQ_WRITE, type TransactionQueues } from './transaction-queues.ts';

const ACT = CMD.ACT;
const PRE = CMD.PRE;
const RD = CMD.RD;
const WR = CMD.WR;
const REF = CMD.REF;

/**
 * The command choice of DRAMsim3's controller (`controller: dramsim3`; its
 * command_queue.cc), event-driven. In a cycle, a pending refresh goes first (its rank's open
 * banks precharged one by one, then REF); otherwise the bank command queues are visited
 * round-robin from the one after the last that issued, and the first with a ready command
 * issues it: its first request in queue order whose next command (ACT on a closed bank, the
 * column command on a row hit, PRE on a miss) is legal now. A PRE only for the queue's head,
 * and only when no queued request hits the open row or the row has served `rowHitCap`
 * column commands (so a stream of hits cannot starve a miss); a WR not while a read of the
 * same location is ahead of it.
 *
 * `plan()` finds, instead of the first ready command of the cycle, the command that issues
 * earliest from `clk` on (ties: refresh, then round-robin order): the same command, since
 * no state changes between now and then unless the plan is dropped. Each bank's answer is
 * cached with a lower bound on its legal cycle (horizons only move forward).
 */
export class RoundRobinPlanner {
  clk = 0;
  planned = false;
  planCycle = Infinity;
  planCmd = -1;
  planTarget = -1;
  planSlot = -1;
  /** The plan is a refresh's PRE or REF. */
  planRefresh = false;
  /** The command queue that issued last (round-robin origin). */
  rr = 0;

  private readonly queues: TransactionQueues;
  private readonly refresh: RankRefreshQueue;
  private readonly timing: TimingEngine;
  private readonly openRow: Int32Array;
  /** Column commands the open row has served (0 after ACT). */
  private readonly hitCount: Int32Array;
  private readonly bankRank: Int32Array;
  private readonly rankOpenBanks: Int32Array;
  private readonly numBanks: number;
  private readonly banksPerRank: number;
  private readonly fcfs: boolean;
  private readonly rowHitCap: number;
  private readonly candValid: Uint8Array;
  private readonly candE: Float64Array;
  // Scratch of evaluateBank.
  evalE = 0;
  evalCmd = 0;
  evalSlot = 0;

  constructor(
    cfg: DramConfig,
    queues: TransactionQueues,
    refresh: RankRefreshQueue,
    timing: TimingEngine,
    openRow: Int32Array,
    hitCount: Int32Array,
    bankRank: Int32Array,
    rankOpenBanks: Int32Array,
  ) {
    this.queues = queues;
    this.refresh = refresh;
    this.timing = timing;
    this.openRow = openRow;
    this.hitCount = hitCount;
    this.bankRank = bankRank;
    this.rankOpenBanks = rankOpenBanks;
    this.numBanks = openRow.length;
    this.banksPerRank = cfg.org.bankGroups * cfg.org.banksPerGroup;
    this.fcfs = cfg.scheduler === 'fcfs';
    this.rowHitCap = cfg.rowHitCap;
    this.candValid = new Uint8Array(this.numBanks);
    this.candE = new Float64Array(this.numBanks);
  }

  /** Bank `b`'s queue or row changed: its cached answer is stale. */
  forget(b: number): void {
    this.candValid[b] = 0;
  }

  /** Round-robin position of bank `b` after the last bank that issued (0 = first visited). */
  private rrKey(b: number): number {
    const k = b - this.rr - 1;
    return k < 0 ? k + this.numBanks : k;
  }

  plan(): void {
    this.planned = true;
    const now = this.clk;
    let best = Infinity;
    let bestKey = this.numBanks;
    let bestCmd = -1;
    let bestTarget = -1;
    let bestSlot = -1;
    let bestRefresh = false;
    const timing = this.timing;
    const skipRank = this.refresh.head();
    if (skipRank >= 0) {
      const r = skipRank;
      bestRefresh = true;
      if (this.rankOpenBanks[r]! > 0) {
        const first = r * this.banksPerRank;
        for (let b = first; b < first + this.banksPerRank; b++) {
          if (this.openRow[b]! < 0) continue;
          let e = timing.earliestAt(PRE, b);
          if (e < now) e = now;
          if (e < best) {
            best = e;
            bestCmd = PRE;
            bestTarget = b;
          }
        }
      } else {
        let e = timing.earliestAt(REF, r);
        if (e < now) e = now;
        best = e;
        bestCmd = REF;
        bestTarget = r;
      }
    }
    const candValid = this.candValid;
    const candE = this.candE;
    const q = this.queues;
    const banks = q.activeBanks;
    for (let i = 0, n = q.activeN; i < n; i++) {
      const b = banks[i]!;
      if (this.bankRank[b] === skipRank) continue;
      const key = this.rrKey(b);
      if (candValid[b] === 1) {
        const lb = candE[b]!;
        if (lb > best || (lb === best && (bestRefresh || key > bestKey))) continue;
      }
      this.evaluateBank(b, now);
      candValid[b] = 1;
      const e = this.evalE;
      candE[b] = e;
      if (e < best || (e === best && !bestRefresh && key < bestKey)) {
        best = e;
        bestKey = key;
        bestCmd = this.evalCmd;
        bestTarget = b;
        bestSlot = this.evalSlot;
        bestRefresh = false;
      }
    }
    this.planCycle = best;
    this.planCmd = bestCmd;
    this.planTarget = bestTarget;
    this.planSlot = bestSlot;
    this.planRefresh = bestRefresh;
  }

  /**
   * A transaction (a write or not) joined the end of bank `b`'s command queue at `now`:
   * compare only that bank against the plan. When the plan is that bank's own ACT, or its
   * RD (WR) and the newcomer is a read (write), the plan holds: the queue's head and the
   * first hit of that kind are unchanged, and a newcomer can only forbid a PRE (it may hit
   * the open row), never allow one — so the bank would choose the same command again.
   */
  afterBankChange(b: number, now: number, write: boolean): void {
    this.candValid[b] = 0;
    if (!this.planned) return;
    if (!this.planRefresh && this.planTarget === b) {
      const cmd = this.planCmd;
      if (cmd !== ACT && cmd !== (write ? WR : RD)) this.planned = false;
      return;
    }
    if (this.bankRank[b] === this.refresh.head()) return;
    this.evaluateBank(b, now);
    this.candValid[b] = 1;
    this.candE[b] = this.evalE;
    const e = this.evalE;
    if (e > this.planCycle) return;
    if (e === this.planCycle && (this.planRefresh || this.rrKey(b) > this.rrKey(this.planTarget))) return;
    this.planCycle = e;
    this.planCmd = this.evalCmd;
    this.planTarget = b;
    this.planSlot = this.evalSlot;
    this.planRefresh = false;
  }

  /**
   * HBM's separate row and column command buses (DRAMsim3's dual issue): after `first`
   * issued at `t`, the next ready command in round-robin order issues too if it is of the
   * other kind (row vs column). Returns its bank (its command in evalCmd / evalSlot), or -1.
   */
  secondCommand(first: number, t: number): number {
    const nb = this.numBanks;
    const skipRank = this.refresh.head();
    const firstRw = first === RD || first === WR || first === CMD.RDA || first === CMD.WRA;
    const bqN = this.queues.bqN;
    for (let i = 1; i <= nb; i++) {
      let b = this.rr + i;
      if (b >= nb) b -= nb;
      if (bqN[b] === 0 || this.bankRank[b] === skipRank) continue;
      this.evaluateBank(b, t);
      this.candValid[b] = 1;
      this.candE[b] = this.evalE;
      if (this.evalE !== t) continue;
      this.rr = b;
      const cmd = this.evalCmd;
      return (cmd === RD || cmd === WR) !== firstRw ? b : -1;
    }
    return -1;
  }

  /**
   * Bank `b`'s next command from `now` on: of its command queue's requests in order, the
   * first whose command is legal earliest. Sets evalE / evalCmd / evalSlot.
   */
  private evaluateBank(b: number, now: number): void {
    const q = this.queues;
    const cap = q.cap;
    const base = b * cap;
    const n = q.bqN[b]!;
    const bq = q.bq;
    const open = this.openRow[b]!;
    const timing = this.timing;
    if (open < 0) {
      let e = timing.earliestAt(ACT, b);
      if (e < now) e = now;
      this.evalE = e;
      this.evalCmd = ACT;
      this.evalSlot = bq[base]!;
      return;
    }
    const slotRow = q.slotRow;
    const slotFlags = q.slotFlags;
    const head = bq[base]!;
    const headMiss = slotRow[head] !== open;
    let readPos = -1;
    let writePos = -1;
    const scan = this.fcfs ? 1 : n;
    for (let j = 0; j < scan; j++) {
      const s = bq[base + j]!;
      if (slotRow[s] !== open) continue;
      if (slotFlags[s]! & TQ_WRITE) {
        if (writePos < 0 && !q.writeBlocked(base, j, s)) writePos = j;
      } else if (readPos < 0) {
        readPos = j;
      }
      if (readPos >= 0 && writePos >= 0) break;
    }
    let eR = Infinity;
    let eW = Infinity;
    let eP = Infinity;
    if (readPos >= 0) {
      eR = timing.earliestAt(RD, b);
      if (eR < now) eR = now;
    }
    if (writePos >= 0) {
      eW = timing.earliestAt(WR, b);
      if (eW < now) eW = now;
    }
    if (headMiss && (this.fcfs || !q.hitsPending(b, open) || this.hitCount[b]! >= this.rowHitCap)) {
      eP = timing.earliestAt(PRE, b);
      if (eP < now) eP = now;
    }
    let e = eR < eW ? eR : eW;
    if (eP < e) e = eP;
    this.evalE = e;
    if (eP === e) {
      this.evalCmd = PRE;
      this.evalSlot = head;
    } else if (eR === e && (eW !== e || readPos < writePos)) {
      this.evalCmd = RD;
      this.evalSlot = bq[base + readPos]!;
    } else {
      this.evalCmd = WR;
      this.evalSlot = bq[base + writePos]!;
    }
  }
}
