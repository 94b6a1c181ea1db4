import type { MemRequest, MemoryStats } from '../../memory-model.ts';
import type { DecodedAddress } from '../../dram/address-mapping.ts';
import { DramMemory } from '../../dram/dram-memory.ts';
import type { Hbm2Config } from './hbm2-config.ts';

/** One 32-byte BL4 burst of a split request (pooled: no allocation per request). */
class Hbm2Burst implements MemRequest {
  id = 0;
  addr = 0;
  bytes = 0;
  write = false;
  /** The request this burst belongs to. */
  group = 0;
}

type OnComplete = (req: MemRequest, cycle: number) => void;

/**
 * HBM2 pseudo-channels: the DRAM model of `DramMemory` run with the HBM2 table and 32-byte
 * bursts, behind a port that accepts requests up to `maxRequestBytes` (64 by default). The
 * HBM controller of an FPGA (AMD PG276) takes AXI bursts of several 32-byte beats and issues
 * one BL4 column command per beat; here a request is split the same way into the bursts it
 * covers, each queued in its pseudo-channel, and it completes with its last burst. A request
 * that fits one burst is queued as is.
 */
export class Hbm2Memory extends DramMemory {
  override readonly maxRequestBytes: number;
  private readonly hbmBurst: number;
  /** Most bursts one request can need (the conservative room check of `canAccept`). */
  private readonly maxParts: number;
  /**
   * A wide port (requests above 256 bytes, spread over the pseudo-channels): the most bursts
   * one pseudo-channel gets from a request, which is what its queue must have room for
   * (a request never crosses a block of `maxRequestBytes`: the core's port splits there).
   * 0 for the AXI-burst sizes, which keep the conservative check.
   */
  private readonly wideParts: number;
  private readonly parts: DecodedAddress = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
  // Split requests in flight: the original request and its bursts still to complete.
  private groupReq: (MemRequest | null)[] = [];
  private groupLeft: Int32Array = new Int32Array(16);
  private readonly freeGroups: number[] = [];
  private readonly burstPool: Hbm2Burst[] = [];
  /** Split requests in flight. */
  private groupsInFlight = 0;
  /** Bursts beyond the first of split reads / writes (the DRAM counts bursts; stats count requests). */
  private extraReadBursts = 0;
  private extraWriteBursts = 0;
  /** The requester's callback during one advance (bursts are filtered through `onBurst`). */
  private client: OnComplete | null = null;
  private readonly onBurst: OnComplete = (req, cycle) => {
    if (!(req instanceof Hbm2Burst)) {
      this.client!(req, cycle);
      return;
    }
    const g = req.group;
    this.burstPool.push(req);
    if (--this.groupLeft[g]! > 0) return;
    const parent = this.groupReq[g]!;
    this.groupReq[g] = null;
    this.freeGroups.push(g);
    this.groupsInFlight--;
    this.client!(parent, cycle);
  };

  constructor(config: Hbm2Config) {
    super(config);
    this.hbmBurst = config.burstBytes;
    this.maxRequestBytes = config.maxRequestBytes;
    this.maxParts = Math.ceil(config.maxRequestBytes / config.burstBytes);
    this.wideParts = config.maxRequestBytes > 256 ? this.widestShare() : 0;
  }

  /** The most bursts one pseudo-channel gets from an aligned block of `maxRequestBytes` (the mapping is periodic: a few blocks suffice). */
  private widestShare(): number {
    let most = 0;
    for (let block = 0; block < 4; block++) {
      const per = new Map<number, number>();
      for (let i = 0; i < this.maxParts; i++) {
        this.mapping.decode(block * this.maxRequestBytes + i * this.hbmBurst, this.parts);
        per.set(this.parts.channel, (per.get(this.parts.channel) ?? 0) + 1);
      }
      for (const n of per.values()) most = Math.max(most, n);
    }
    return most;
  }

  /** Bursts [first, first + count) that a request covers. */
  private burstsOf(addr: number, bytes: number): number {
    const first = Math.floor(addr / this.hbmBurst);
    return Math.floor((addr + bytes - 1) / this.hbmBurst) - first + 1;
  }

  /**
   * Direct reads stay off on HBM2: a request splits into parts over several pseudo-channels
   * and `canAccept` asks all of them each time, so settling every channel's candidates cost
   * more than the events they saved (u280-hbm 1.3B pass, measured: 5.7–6.0 s → 6.7–7.2 s;
   * docs/performance.md). The plain path is the reference, so results are the same.
   */
  override setDirectReads(_on: boolean): void {
    super.setDirectReads(false);
  }

  /** Without an address: true only when every pseudo-channel has room for the largest request. */
  override canAccept(write: boolean, cycle: number): boolean {
    const need = this.wideParts > 0 ? this.wideParts : this.maxParts;
    for (const ch of this.channels) {
      if (ch.clk < cycle) ch.runCommands(cycle - 1);
      if (ch.freeEntries(write, cycle) < need) return false;
    }
    return true;
  }

  /** Whether the pseudo-channels of a request's bursts have room for them (assumes maxRequestBytes). */
  override canAcceptAddress(addr: number, write: boolean, cycle: number): boolean {
    // The request size is unknown here: check the bursts of a largest request from `addr`.
    const base = addr - (addr % this.hbmBurst);
    const need = this.wideParts > 0 ? this.wideParts : this.maxParts;
    for (let i = 0; i < this.maxParts; i++) {
      this.mapping.decode(base + i * this.hbmBurst, this.parts);
      const ch = this.channels[this.parts.channel]!;
      if (ch.clk < cycle) ch.runCommands(cycle - 1);
      if (ch.freeEntries(write, cycle) < need) return false;
    }
    return true;
  }

  override enqueue(req: MemRequest, cycle: number): void {
    if (req.bytes < 1 || req.bytes > this.maxRequestBytes) {
      throw new RangeError(`request ${req.id}: ${req.bytes} bytes, expected 1..${this.maxRequestBytes}`);
    }
    const n = this.burstsOf(req.addr, req.bytes);
    if (n === 1) {
      super.enqueue(req, cycle);
      return;
    }
    if (req.write) this.extraWriteBursts += n - 1;
    else this.extraReadBursts += n - 1;
    this.groupsInFlight++;
    let g: number;
    if (this.freeGroups.length > 0) g = this.freeGroups.pop()!;
    else {
      g = this.groupReq.length;
      this.groupReq.push(null);
      if (g >= this.groupLeft.length) {
        const grown = new Int32Array(this.groupLeft.length * 2);
        grown.set(this.groupLeft);
        this.groupLeft = grown;
      }
    }
    this.groupReq[g] = req;
    this.groupLeft[g] = n;
    let addr = req.addr;
    const end = req.addr + req.bytes;
    for (let i = 0; i < n; i++) {
      const next = Math.min(end, (Math.floor(addr / this.hbmBurst) + 1) * this.hbmBurst);
      const b = this.burstPool.pop() ?? new Hbm2Burst();
      b.id = req.id;
      b.addr = addr;
      b.bytes = next - addr;
      b.write = req.write;
      b.group = g;
      super.enqueue(b, cycle);
      addr = next;
    }
  }

  override advanceTo(cycle: number, onComplete: OnComplete): void {
    this.client = onComplete;
    super.advanceTo(cycle, this.onBurst);
    this.client = null;
  }

  override advanceForRequestsAt(cycle: number, onComplete: OnComplete): void {
    this.client = onComplete;
    super.advanceForRequestsAt(cycle, this.onBurst);
    this.client = null;
  }

  /**
   * While a split request is in flight the next burst completion may be its first half, not
   * a request's completion, so none is promised (`MemoryModel.nextKnownCompletion`: exact or
   * Infinity). `nextCompletionBound` stays the bursts' bound: a lower bound on the requests'.
   * (`isolatedRead` is inherited: it serves only a request inside one burst, which is not split.)
   */
  override nextKnownCompletion(): number {
    return this.groupsInFlight > 0 ? Infinity : super.nextKnownCompletion();
  }

  /** Requests as the requester made them; bytes, commands and energy as the DRAM moved them. */
  override stats(): MemoryStats {
    const s = super.stats();
    s.reads -= this.extraReadBursts;
    s.writes -= this.extraWriteBursts;
    return s;
  }
}
