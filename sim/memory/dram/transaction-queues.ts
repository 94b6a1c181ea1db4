import type { MemRequest } from '../memory-model.ts';
import type { DramConfig } from './dram-config.ts';
import { IntRing } from './int-ring.ts';

/** Slot flag: the request is a write. */
export const TQ_WRITE = 1;
/** Slot flag: a write's posted acknowledgement has been reported. */
const TQ_ACKED = 2;
/** Slot flag: a write's WR has issued. */
const TQ_ISSUED = 4;

/** Occupancy integrals: read queue, write buffer, command queues. */
const OCC_READ = 0;
const OCC_WRITE = 1;
const OCC_CMD = 2;

/**
 * Where requests wait under DRAMsim3's controller semantics (`controller: dramsim3`,
 * docs/dram.md): a request enters the read queue or the write buffer (after the shell), and
 * one transaction per cycle moves from there into its bank's command queue (`bank_queue`
 * entries) — the first in queue order whose command queue has room. The read queue's entry
 * frees when the transaction moves, so a full command queue of one bank does not block
 * transactions for other banks behind it. Writes move only while draining: a drain starts
 * when the write buffer reaches its high mark (or holds `idleWriteDrain` writes and every
 * command queue is empty) and moves as many writes as it then held above the low mark. A
 * write is acknowledged (posted) the cycle after it enters, and keeps its slot until its WR.
 *
 * Requests live in slots (structure of arrays, grown by doubling, never allocated per
 * request). Fields are public so the planner and the issuer read them without a call; only
 * this class changes them (the slot arrays are replaced when they grow, so others read them
 * through this object).
 */
export class TransactionQueues {
  readonly readQueue: number;
  readonly writeQueue: number;
  /** Entries of each bank's command queue. */
  readonly cap: number;
  private readonly shell: number;
  private readonly highEntries: number;
  private readonly lowEntries: number;
  private readonly idleDrain: number;

  // Request slots.
  slotBank: Int32Array;
  slotRow: Int32Array;
  slotCol: Int32Array;
  slotFlags: Uint8Array;
  /** Acceptance cycle. */
  slotAt: Float64Array;
  /** Completion cycle (read data / posted write acknowledgement). */
  slotDone: Float64Array;
  private slotReq: (MemRequest | null)[];
  private freeSlots: Int32Array;
  private freeCount: number;

  /** Requests in the shell on their way in. */
  readonly incoming = new IntRing(64);
  // Transaction queues (past the shell), in arrival order.
  readonly readQ: Int32Array;
  readQN = 0;
  readonly writeQ: Int32Array;
  writeQN = 0;
  /** Entries held from acceptance until the transaction moves into a command queue (shell included). */
  readsHeld = 0;
  writesHeld = 0;

  // Per-bank command queues, in the order transactions moved in.
  readonly bq: Int32Array;
  readonly bqN: Int32Array;
  bqTotal = 0;
  /** Banks with a non-empty command queue (swap-remove set). */
  readonly activeBanks: Int32Array;
  private readonly activePos: Int32Array;
  activeN = 0;
  /** Transaction-queue entries per bank, and how many banks have one with room in their command queue. */
  private readonly tqReadsFor: Int32Array;
  private readonly tqWritesFor: Int32Array;
  private readMovable = 0;
  private writeMovable = 0;
  /** Writes the current drain still moves (0: not draining). */
  writeDraining = 0;

  // Completions: read data and posted write acknowledgements, each in order.
  private readonly readDone = new IntRing(64);
  private readonly writeAck = new IntRing(64);
  /** The earlier of the two rings' first completions (Infinity: none). */
  doneAt = Infinity;

  /** Time integrals of the read queue, write buffer and command-queue occupancy, and peaks. */
  private readonly occSum = new Float64Array(3);
  private readonly occSince = new Float64Array(3);
  readonly occMax = new Int32Array(3);

  constructor(cfg: DramConfig, numBanks: number) {
    this.readQueue = cfg.readQueue;
    this.writeQueue = cfg.writeQueue;
    this.cap = cfg.bankQueue;
    this.shell = cfg.shellCycles;
    this.highEntries = cfg.writeHighEntries;
    this.lowEntries = cfg.writeLowEntries;
    this.idleDrain = cfg.idleWriteDrain;
    const slots = cfg.readQueue + cfg.writeQueue + numBanks * cfg.bankQueue + 64;
    this.slotBank = new Int32Array(slots);
    this.slotRow = new Int32Array(slots);
    this.slotCol = new Int32Array(slots);
    this.slotFlags = new Uint8Array(slots);
    this.slotAt = new Float64Array(slots);
    this.slotDone = new Float64Array(slots);
    this.slotReq = new Array<MemRequest | null>(slots).fill(null);
    this.freeSlots = new Int32Array(slots);
    for (let i = 0; i < slots; i++) this.freeSlots[i] = slots - 1 - i;
    this.freeCount = slots;
    this.readQ = new Int32Array(cfg.readQueue);
    this.writeQ = new Int32Array(cfg.writeQueue);
    this.bq = new Int32Array(numBanks * cfg.bankQueue);
    this.bqN = new Int32Array(numBanks);
    this.activeBanks = new Int32Array(numBanks);
    this.activePos = new Int32Array(numBanks).fill(-1);
    this.tqReadsFor = new Int32Array(numBanks);
    this.tqWritesFor = new Int32Array(numBanks);
  }

  canAccept(write: boolean): boolean {
    return write ? this.writesHeld < this.writeQueue : this.readsHeld < this.readQueue;
  }

  freeEntries(write: boolean): number {
    return write ? this.writeQueue - this.writesHeld : this.readQueue - this.readsHeld;
  }

  /** Nothing waits to move or to issue (held writes may stay buffered: `transferPossible`). */
  noCommandWork(): boolean {
    return this.bqTotal === 0 && this.readQN === 0 && this.incoming.length === 0;
  }

  /** Take a request entering at `cycle` (callers check `canAccept`); returns its slot, in the shell or (no shell) already queued. */
  accept(req: MemRequest, cycle: number, bank: number, row: number, column: number): number {
    if (this.freeCount === 0) this.growSlots();
    const s = this.freeSlots[--this.freeCount]!;
    this.slotBank[s] = bank;
    this.slotRow[s] = row;
    this.slotCol[s] = column;
    this.slotAt[s] = cycle;
    this.slotReq[s] = req;
    if (req.write) {
      this.slotFlags[s] = TQ_WRITE;
      this.writesHeld++;
      // Posted: acknowledged the cycle after it enters (the shell both ways).
      const ack = cycle + 1 + 2 * this.shell;
      this.slotDone[s] = ack;
      this.writeAck.push(s);
      if (ack < this.doneAt) this.doneAt = ack;
    } else {
      this.slotFlags[s] = 0;
      this.readsHeld++;
    }
    if (this.shell === 0) this.enterQueue(s, cycle);
    else this.incoming.push(s);
    return s;
  }

  /** Cycle the first request in the shell reaches its queue (Infinity: none). */
  nextArrival(): number {
    return this.incoming.length > 0 ? this.slotAt[this.incoming.peek()]! + this.shell : Infinity;
  }

  /** Requests leaving the shell by `t` enter their queue. */
  admitArrivals(t: number): void {
    const incoming = this.incoming;
    while (incoming.length > 0 && this.slotAt[incoming.peek()]! + this.shell <= t) this.enterQueue(incoming.shift(), t);
  }

  private enterQueue(s: number, t: number): void {
    const b = this.slotBank[s]!;
    if (this.slotFlags[s]! & TQ_WRITE) {
      this.occ(OCC_WRITE, this.writeQN, t);
      this.writeQ[this.writeQN++] = s;
      if (this.writeQN > this.occMax[OCC_WRITE]!) this.occMax[OCC_WRITE] = this.writeQN;
      this.bankCounts(b, 0, 1, 0);
    } else {
      this.occ(OCC_READ, this.readQN, t);
      this.readQ[this.readQN++] = s;
      if (this.readQN > this.occMax[OCC_READ]!) this.occMax[OCC_READ] = this.readQN;
      this.bankCounts(b, 1, 0, 0);
    }
  }

  /**
   * Whether the transfer step has work this cycle: a transaction can move, or a write drain
   * starts (it latches how many writes it moves, so its cycle may not be skipped).
   */
  transferPossible(): boolean {
    if (this.writeDraining > 0) return this.writeMovable > 0;
    const w = this.writeQN;
    if (w >= this.highEntries || (w >= this.idleDrain && this.bqTotal === 0)) return true;
    return this.readMovable > 0;
  }

  /** The end of cycle `t`: move one transaction into its command queue; returns its bank, or -1. */
  transfer(t: number): number {
    if (this.writeDraining === 0) {
      const w = this.writeQN;
      if (w >= this.highEntries || (w >= this.idleDrain && this.bqTotal === 0)) this.writeDraining = Math.max(1, w - this.lowEntries);
    }
    const writes = this.writeDraining > 0;
    if (writes ? this.writeMovable === 0 : this.readMovable === 0) return -1;
    const q = writes ? this.writeQ : this.readQ;
    const n = writes ? this.writeQN : this.readQN;
    const cap = this.cap;
    let j = 0;
    while (this.bqN[this.slotBank[q[j]!]!]! >= cap) j++;
    const s = q[j]!;
    const b = this.slotBank[s]!;
    if (writes) {
      // A read of the same location still waiting must go first: the drain stops.
      if (this.readPendingAt(s)) {
        this.writeDraining = 0;
        return -1;
      }
      this.writeDraining--;
      this.writesHeld--;
      this.occ(OCC_WRITE, n, t + 1);
      this.writeQN = n - 1;
      this.bankCounts(b, 0, -1, 1);
    } else {
      this.readsHeld--;
      this.occ(OCC_READ, n, t + 1);
      this.readQN = n - 1;
      this.bankCounts(b, -1, 0, 1);
    }
    for (let k = j; k < n - 1; k++) q[k] = q[k + 1]!;
    this.bq[b * cap + this.bqN[b]! - 1] = s;
    this.occ(OCC_CMD, this.bqTotal, t + 1);
    this.bqTotal++;
    if (this.bqTotal > this.occMax[OCC_CMD]!) this.occMax[OCC_CMD] = this.bqTotal;
    if (this.bqN[b] === 1) {
      this.activePos[b] = this.activeN;
      this.activeBanks[this.activeN++] = b;
    }
    return b;
  }

  /** Whether a read of write `s`'s location still waits (read queue or its bank's command queue). */
  private readPendingAt(s: number): boolean {
    const b = this.slotBank[s]!;
    const row = this.slotRow[s]!;
    const col = this.slotCol[s]!;
    for (let k = 0; k < this.readQN; k++) {
      const r = this.readQ[k]!;
      if (this.slotBank[r] === b && this.slotRow[r] === row && this.slotCol[r] === col) return true;
    }
    const base = b * this.cap;
    for (let k = 0; k < this.bqN[b]!; k++) {
      const r = this.bq[base + k]!;
      if (!(this.slotFlags[r]! & TQ_WRITE) && this.slotRow[r] === row && this.slotCol[r] === col) return true;
    }
    return false;
  }

  /** Whether any request in bank `b`'s command queue hits `row`. */
  hitsPending(b: number, row: number): boolean {
    const base = b * this.cap;
    for (let j = 0, n = this.bqN[b]!; j < n; j++) if (this.slotRow[this.bq[base + j]!] === row) return true;
    return false;
  }

  /** A queued read of the same location ahead of write `s` (position `j` of bank queue `base`) must go first. */
  writeBlocked(base: number, j: number, s: number): boolean {
    const row = this.slotRow[s];
    const col = this.slotCol[s];
    for (let k = 0; k < j; k++) {
      const r = this.bq[base + k]!;
      if (!(this.slotFlags[r]! & TQ_WRITE) && this.slotRow[r] === row && this.slotCol[r] === col) return true;
    }
    return false;
  }

  /**
   * `slot`'s column command issued at `t`: it leaves bank `b`'s command queue; a read
   * completes at `readDoneAt`, a write's slot frees once it has also been acknowledged.
   */
  columnIssued(b: number, slot: number, t: number, readDoneAt: number): void {
    this.occ(OCC_CMD, this.bqTotal, t);
    const cap = this.cap;
    const base = b * cap;
    const n = this.bqN[b]!;
    let j = base;
    const end = base + n - 1;
    while (this.bq[j] !== slot) j++;
    for (; j < end; j++) this.bq[j] = this.bq[j + 1]!;
    this.bqTotal--;
    this.bankCounts(b, 0, 0, -1);
    if (n === 1) {
      const last = --this.activeN;
      const p = this.activePos[b]!;
      const moved = this.activeBanks[last]!;
      this.activeBanks[p] = moved;
      this.activePos[moved] = p;
      this.activePos[b] = -1;
    }
    const flags = this.slotFlags[slot]!;
    if (flags & TQ_WRITE) {
      if (flags & TQ_ACKED) this.freeSlots[this.freeCount++] = slot;
      else this.slotFlags[slot] = flags | TQ_ISSUED;
    } else {
      this.slotDone[slot] = readDoneAt;
      this.readDone.push(slot);
      if (readDoneAt < this.doneAt) this.doneAt = readDoneAt;
    }
  }

  /** Remove the oldest completion (at `doneAt`; callers check there is one) and return its request. */
  takeCompletion(): MemRequest {
    const at = this.doneAt;
    const rd = this.readDone;
    const wa = this.writeAck;
    const slotDone = this.slotDone;
    // Ties go to the read.
    const s = rd.length > 0 && slotDone[rd.peek()] === at ? rd.shift() : wa.shift();
    const r = rd.length > 0 ? slotDone[rd.peek()]! : Infinity;
    const w = wa.length > 0 ? slotDone[wa.peek()]! : Infinity;
    this.doneAt = r < w ? r : w;
    const req = this.slotReq[s]!;
    this.slotReq[s] = null;
    const flags = this.slotFlags[s]!;
    if (flags & TQ_WRITE) {
      // A posted write keeps its slot until its WR has issued.
      if (flags & TQ_ISSUED) this.freeSlots[this.freeCount++] = s;
      else this.slotFlags[s] = flags | TQ_ACKED;
    } else {
      this.freeSlots[this.freeCount++] = s;
    }
    return req;
  }

  /** Mean occupancy over cycles [0, end) of the read queue, write buffer and all command queues, and peaks. */
  occupancy(end: number): { readQueue: number; writeBuffer: number; commandQueues: number; readQueueMax: number; writeBufferMax: number; commandQueuesMax: number } {
    const mean = (k: number, count: number) => (end > 0 ? (this.occSum[k]! + count * Math.max(0, end - this.occSince[k]!)) / end : 0);
    return {
      readQueue: mean(OCC_READ, this.readQN),
      writeBuffer: mean(OCC_WRITE, this.writeQN),
      commandQueues: mean(OCC_CMD, this.bqTotal),
      readQueueMax: this.occMax[OCC_READ]!,
      writeBufferMax: this.occMax[OCC_WRITE]!,
      commandQueuesMax: this.occMax[OCC_CMD]!,
    };
  }

  /** Close occupancy integral `k` at `t`, where it held `count`. */
  private occ(k: number, count: number, t: number): void {
    this.occSum[k] = this.occSum[k]! + count * (t - this.occSince[k]!);
    this.occSince[k] = t;
  }

  /** Apply changes to bank `b`'s transaction-queue and command-queue counts, keeping the movable counts. */
  private bankCounts(b: number, dr: number, dw: number, dq: number): void {
    const cap = this.cap;
    const roomBefore = this.bqN[b]! < cap;
    const rBefore = roomBefore && this.tqReadsFor[b]! > 0;
    const wBefore = roomBefore && this.tqWritesFor[b]! > 0;
    this.tqReadsFor[b] = this.tqReadsFor[b]! + dr;
    this.tqWritesFor[b] = this.tqWritesFor[b]! + dw;
    const n = this.bqN[b]! + dq;
    this.bqN[b] = n;
    const roomAfter = n < cap;
    const rAfter = roomAfter && this.tqReadsFor[b]! > 0;
    const wAfter = roomAfter && this.tqWritesFor[b]! > 0;
    if (rAfter !== rBefore) this.readMovable += rAfter ? 1 : -1;
    if (wAfter !== wBefore) this.writeMovable += wAfter ? 1 : -1;
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
    this.slotCol = grow(this.slotCol, (n) => new Int32Array(n));
    this.slotFlags = grow(this.slotFlags, (n) => new Uint8Array(n));
    this.slotAt = grow(this.slotAt, (n) => new Float64Array(n));
    this.slotDone = grow(this.slotDone, (n) => new Float64Array(n));
    for (let i = old; i < size; i++) this.slotReq.push(null);
    this.freeSlots = new Int32Array(size);
    this.freeCount = 0;
    for (let i = size - 1; i >= old; i--) this.freeSlots[this.freeCount++] = i;
  }
}
