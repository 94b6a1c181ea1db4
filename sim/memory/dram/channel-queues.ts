import type { MemRequest } from '../memory-model.ts';
import type { DramConfig } from './dram-config.ts';
import { IntRing } from './int-ring.ts';

/** Slot flag: the request is a write. */
export const FLAG_WRITE = 1;
/** Slot flag: an ACT was issued on this request's behalf, so it is a row miss. */
export const FLAG_ACTIVATED = 2;
/** Slot flag: a PRE closed another row on this request's behalf, so the miss was a conflict. */
export const FLAG_CONFLICT = 4;

/**
 * Where one channel's requests wait, from entering to their completion being reported: the
 * read queue and write buffer (finite: `canAccept` gives back-pressure), the shell they
 * cross on the way in, per-bank queues in arrival order, and the issued column commands
 * waiting for their data.
 *
 * A request lives in a slot (structure of arrays, grown by doubling, never allocated per
 * request) and moves between index lists: `incoming` (in the shell) → its bank's read or
 * write list (`admit`) → `readDone` / `writeDone` (`columnIssued`) → free (`popCompletion`).
 * Fields are public so the planner and the command issuer read them without a call; only
 * this class changes them. The slot arrays are replaced when they grow, so other classes
 * read them through this object, never from a copy of the reference.
 */
export class ChannelQueues {
  readonly readQueue: number;
  readonly writeQueue: number;
  /** Entries of a bank's queue the scheduler looks at (its row-hit window). */
  readonly bankQueue: number;

  // Request slots.
  slotBank: Int32Array;
  slotRow: Int32Array;
  slotFlags: Uint8Array;
  /** Arrival order (FCFS age). */
  slotSeq: Float64Array;
  /**
   * Cycle the request leaves the shell while it waits, then (once its column command has
   * issued) the cycle its data completes.
   */
  slotAt: Float64Array;
  private slotReq: (MemRequest | null)[];
  private freeSlots: Int32Array;
  private freeCount: number;
  /** Arrival number of the next request (requests served without a slot count too). */
  seq = 0;

  // Per-bank queues, in arrival order: reads and writes apart, each sized for a full queue.
  readonly readList: Int32Array;
  readonly readCount: Int32Array;
  readonly writeList: Int32Array;
  readonly writeCount: Int32Array;
  // Banks that have queued reads / writes (swap-remove sets).
  readonly readBanks: Int32Array;
  private readonly readBankPos: Int32Array;
  readBankN = 0;
  readonly writeBanks: Int32Array;
  private readonly writeBankPos: Int32Array;
  writeBankN = 0;

  /** Accepted, column command not yet issued (these hold queue entries). */
  readsQueued = 0;
  writesQueued = 0;
  /** Of those, the ones past the shell and in the bank queues. */
  readsVisible = 0;
  writesVisible = 0;

  /** Requests still in the shell on their way in, in order. */
  readonly incoming = new IntRing(64);
  /** Issued column commands waiting for their data to finish, per direction (each in order). */
  readonly readDone = new IntRing(64);
  readonly writeDone = new IntRing(64);
  /**
   * The earlier of the two rings' first completions (Infinity: none), kept on every push and
   * pop: a multi-channel memory asks every channel for it several times per completion.
   */
  doneAt = Infinity;

  constructor(cfg: DramConfig, numBanks: number) {
    this.readQueue = cfg.readQueue;
    this.writeQueue = cfg.writeQueue;
    this.bankQueue = cfg.bankQueue;

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

    this.readList = new Int32Array(numBanks * cfg.readQueue);
    this.readCount = new Int32Array(numBanks);
    this.writeList = new Int32Array(numBanks * cfg.writeQueue);
    this.writeCount = new Int32Array(numBanks);
    this.readBanks = new Int32Array(numBanks);
    this.readBankPos = new Int32Array(numBanks).fill(-1);
    this.writeBanks = new Int32Array(numBanks);
    this.writeBankPos = new Int32Array(numBanks).fill(-1);
  }

  /** Whether a read / write can enter now (its queue has a free entry). */
  canAccept(write: boolean): boolean {
    return write ? this.writesQueued < this.writeQueue : this.readsQueued < this.readQueue;
  }

  /** Free read / write queue entries (a request split into several bursts needs one each). */
  freeEntries(write: boolean): number {
    return write ? this.writeQueue - this.writesQueued : this.readQueue - this.readsQueued;
  }

  /** Nothing accepted is waiting for its column command. */
  isEmpty(): boolean {
    return this.readsQueued + this.writesQueued === 0;
  }

  /** No request anywhere: none queued, in the shell or waiting for its completion report. */
  isIdle(): boolean {
    return this.readsQueued + this.writesQueued === 0 && this.incoming.length === 0 && this.readDone.length === 0 && this.writeDone.length === 0;
  }

  /**
   * Take a request (`write`: req.write) for `bank` (rank·BG·BA index) and `row` into a queue entry (callers
   * check `canAccept`), leaving the shell at `visibleAt`; returns its slot. It is in no bank
   * queue yet: `admit` it now, or `enterShell` to admit it later.
   */
  accept(req: MemRequest, write: boolean, bank: number, row: number, visibleAt: number): number {
    if (this.freeCount === 0) this.growSlots();
    const s = this.freeSlots[--this.freeCount]!;
    this.slotBank[s] = bank;
    this.slotRow[s] = row;
    this.slotFlags[s] = write ? FLAG_WRITE : 0;
    this.slotSeq[s] = this.seq++;
    this.slotAt[s] = visibleAt;
    this.slotReq[s] = req;
    if (write) this.writesQueued++;
    else this.readsQueued++;
    return s;
  }

  /**
   * A read the direct path served (DirectReadPath): its RD issued as it left the shell, so it
   * holds no queue entry and waits only for its data, at `doneAt` (never before an earlier
   * read's: every earlier read has issued its RD).
   */
  directRead(req: MemRequest, bank: number, row: number, doneAt: number): void {
    if (this.freeCount === 0) this.growSlots();
    const s = this.freeSlots[--this.freeCount]!;
    this.slotBank[s] = bank;
    this.slotRow[s] = row;
    this.slotFlags[s] = 0;
    this.slotSeq[s] = this.seq++;
    this.slotAt[s] = doneAt;
    this.slotReq[s] = req;
    this.readDone.push(s);
    if (doneAt < this.doneAt) this.doneAt = doneAt;
  }

  /**
   * The oldest request in the shell, a read, issued by the direct path before it became
   * visible: it leaves its queue entry and waits for its data at `doneAt`.
   */
  issueFromShell(doneAt: number): void {
    const s = this.incoming.shift();
    this.readsQueued--;
    this.slotAt[s] = doneAt;
    this.readDone.push(s);
    if (doneAt < this.doneAt) this.doneAt = doneAt;
  }

  /** Put an accepted request into the shell (admitted in order once `clk` reaches its `slotAt`). */
  enterShell(s: number): void {
    this.incoming.push(s);
  }

  /** Cycle the first request in the shell leaves it, Infinity when the shell is empty. */
  nextArrival(): number {
    return this.incoming.length > 0 ? this.slotAt[this.incoming.peek()]! : Infinity;
  }

  /** The first request in the shell if it has left it by `clk`, else -1 (it stays). */
  takeArrival(clk: number): number {
    const incoming = this.incoming;
    if (incoming.length === 0 || this.slotAt[incoming.peek()]! > clk) return -1;
    return incoming.shift();
  }

  /** Put slot `s` (of bank `b`, a write or not: as accepted) at the back of its bank's queue. */
  admit(s: number, b: number, write: boolean): void {
    if (write) {
      const n = this.writeCount[b]!;
      this.writeList[b * this.writeQueue + n] = s;
      this.writeCount[b] = n + 1;
      if (n === 0) {
        this.writeBankPos[b] = this.writeBankN;
        this.writeBanks[this.writeBankN++] = b;
      }
      this.writesVisible++;
    } else {
      const n = this.readCount[b]!;
      this.readList[b * this.readQueue + n] = s;
      this.readCount[b] = n + 1;
      if (n === 0) {
        this.readBankPos[b] = this.readBankN;
        this.readBanks[this.readBankN++] = b;
      }
      this.readsVisible++;
    }
  }

  /** Whether any queued request (read or write, within the bank window) hits `row` of bank `b`. */
  rowWanted(b: number, row: number): boolean {
    const window = this.bankQueue;
    const slotRow = this.slotRow;
    const nr = Math.min(this.readCount[b]!, window);
    for (let j = 0; j < nr; j++) if (slotRow[this.readList[b * this.readQueue + j]!] === row) return true;
    const nw = Math.min(this.writeCount[b]!, window);
    for (let j = 0; j < nw; j++) if (slotRow[this.writeList[b * this.writeQueue + j]!] === row) return true;
    return false;
  }

  /**
   * `slot`'s column command issued: it leaves bank `b`'s read / write queue and its queue
   * entry, and waits for its data to complete at `doneAt`.
   */
  columnIssued(write: boolean, b: number, slot: number, doneAt: number): void {
    const list = write ? this.writeList : this.readList;
    const counts = write ? this.writeCount : this.readCount;
    const base = b * (write ? this.writeQueue : this.readQueue);
    const n = counts[b]!;
    // Short lists (at most the queue size): a plain loop beats copyWithin's native call.
    let j = base;
    const end = base + n - 1;
    while (list[j] !== slot) j++;
    for (; j < end; j++) list[j] = list[j + 1]!;
    counts[b] = n - 1;
    if (n === 1) {
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
    this.slotAt[slot] = doneAt;
    if (write) {
      this.writesQueued--;
      this.writesVisible--;
      this.writeDone.push(slot);
    } else {
      this.readsQueued--;
      this.readsVisible--;
      this.readDone.push(slot);
    }
    if (doneAt < this.doneAt) this.doneAt = doneAt;
  }

  /**
   * Remove the oldest completion (the one at `doneAt`; callers check there is one), free its
   * slot and return its request.
   */
  takeCompletion(): MemRequest {
    const at = this.doneAt;
    const readDone = this.readDone;
    const writeDone = this.writeDone;
    const slotAt = this.slotAt;
    // Ties go to the read.
    const s = readDone.length > 0 && slotAt[readDone.peek()] === at ? readDone.shift() : writeDone.shift();
    const r = readDone.length > 0 ? slotAt[readDone.peek()]! : Infinity;
    const w = writeDone.length > 0 ? slotAt[writeDone.peek()]! : Infinity;
    this.doneAt = r < w ? r : w;
    const req = this.slotReq[s]!;
    this.slotReq[s] = null;
    this.freeSlots[this.freeCount++] = s;
    return req;
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
