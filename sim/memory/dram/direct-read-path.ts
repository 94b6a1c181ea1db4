import type { MemRequest } from '../memory-model.ts';
import type { ChannelQueues } from './channel-queues.ts';
import type { CommandIssuer } from './command-issuer.ts';
import type { DramConfig } from './dram-config.ts';
import type { ReadPathParts } from './read-path-parts.ts';
import { CMD } from './dram-standard.ts';
import type { FrFcfsPlanner } from './frfcfs-planner.ts';
import type { RefreshScheduler } from './refresh-scheduler.ts';
import type { TimingEngine } from './timing-engine.ts';

const RD = CMD.RD;

/**
 * Direct reads (docs/run.md, "Direct reads"): a read whose outcome is certain is issued the
 * moment it is accepted — its RD written into the timing table at the cycle it leaves the
 * shell, its completion straight into the completion list — instead of crossing the shell,
 * the bank queue, the planner and the issuer. The event path would issue it at that same
 * cycle when, with every request that can be visible by then known:
 * - no other request is waiting for its column command (all earlier ones have issued), so
 *   it is the oldest request visible at its admission, and no write is queued, so the
 *   planner is not draining writes;
 * - its bank has its row open (a row hit: no ACT, no PRE; open page);
 * - no refresh is pending or falls due up to its admission;
 * - its RD is legal at its admission, and the controller has not yet passed that cycle.
 * Requests of the same cycle that come after it could still change the first two (a write
 * that fills the buffer to its drain mark sees it waiting), so a read is only a candidate
 * until the requester moves on to a later cycle (`settle`); a write of its cycle turns the
 * cycle's candidates back into ordinary requests first (`convert`), in their arrival order,
 * which is then exactly the ordinary path. Requests entering at later cycles leave the shell
 * after its admission, so they cannot come before it.
 *
 * The event path would hold a read-queue entry from the read's entering until its RD, so
 * `held` keeps the RD cycles still ahead: `canAccept`, `freeEntries` and the next state
 * change answer as the event path would (back-pressure and retries at the same cycles).
 */
export class DirectReadPath {
  /** Off unless a requester turns it on (`DramMemory.setDirectReads`): the plain path is the reference. */
  enabled = false;
  /** Reads issued by this path (a cost counter, like the fast-forward ones: not a result). */
  served = 0;

  // Candidates of entry cycle `pendCycle`, in arrival order.
  private pendCycle = -1;
  private pendCount = 0;
  private readonly pendReq: MemRequest[] = [];
  private readonly pendBank: number[] = [];
  private readonly pendRow: number[] = [];

  /** `promote`'s key of the last refused shell head (see there). */
  private refusedKey = -1;
  /** Requester cycle of the last `settle`. */
  private settledAt = -1;

  // RD cycles of direct reads the event path would still hold a queue entry for, oldest first.
  private held = new Float64Array(16);
  private heldHead = 0;
  private heldLen = 0;

  private readonly shellCycles: number;
  private readonly readLatency: number;
  /** Closed page (RDA decisions) or no shell: this path never applies. */
  private readonly off: boolean;
  private readonly timing: TimingEngine;
  private readonly queues: ChannelQueues;
  private readonly planner: FrFcfsPlanner;
  private readonly issuer: CommandIssuer;
  private readonly refresh: RefreshScheduler;
  private readonly openRow: Int32Array;
  /** The ordinary path for a request that entered at `cycle` (the controller's own). */
  private readonly ordinary: (req: MemRequest, cycle: number, bank: number, row: number) => void;

  constructor(
    cfg: DramConfig,
    parts: ReadPathParts,
    ordinary: (req: MemRequest, cycle: number, bank: number, row: number) => void,
  ) {
    this.shellCycles = cfg.shellCycles;
    this.readLatency = cfg.timing.CL + cfg.timing.tBL + cfg.shellCycles;
    // A shell of 0 admits a request as it enters, before later requests of its cycle.
    this.off = cfg.pagePolicy === 'closed' || cfg.shellCycles < 1;
    ({ timing: this.timing, queues: this.queues, planner: this.planner, issuer: this.issuer, refresh: this.refresh, openRow: this.openRow } = parts);
    this.ordinary = ordinary;
  }

  /**
   * A request entering at `cycle` (after `settle(cycle)`): a read that may be served
   * directly becomes a candidate (true); anything else returns false for the ordinary path,
   * after the cycle's candidates (which came first) have taken it.
   */
  offer(req: MemRequest, cycle: number, bank: number, row: number): boolean {
    if (this.enabled && !req.write && !this.off && this.openRow[bank] === row) {
      if (this.pendCount === 0) this.pendCycle = cycle;
      const k = this.pendCount++;
      this.pendReq[k] = req;
      this.pendBank[k] = bank;
      this.pendRow[k] = row;
      return true;
    }
    if (this.pendCount > 0) this.convert();
    return false;
  }

  /**
   * The requester is at `now`: no request enters before it any more. Reads waiting in the
   * shell whose outcome is now certain are issued, then candidates of earlier cycles are
   * served. True if anything changed.
   */
  settle(now: number): boolean {
    // Once per requester cycle: a memory asks every channel several times per request, and
    // candidates entering at `now` itself wait for a later cycle anyway. Off, with no
    // candidate left, there is nothing to settle (`heldAt` prunes itself). (Small, to inline.)
    return (this.enabled || this.pendCount > 0) && now > this.settledAt && this.settleAt(now);
  }

  private settleAt(now: number): boolean {
    this.settledAt = now;
    let changed = false;
    if (this.queues.incoming.length > 0 && this.enabled) changed = this.promote(now);
    if (this.pendCount > 0 && this.pendCycle < now) {
      this.commit(now);
      changed = true;
    }
    // RDs before `now` have issued, those just served included (a requester that enters its
    // requests ahead of its clock, as the shared-channel arbiter does, settles reads whose RD
    // is already past): `nextChange` never answers a cycle already past. A past answer made
    // the arbiter's ports wake at the same instant for ever.
    if (this.heldLen > 0) this.heldAt(now);
    return changed;
  }

  /** Turn the candidates into ordinary requests (requests of their cycle may still come). */
  convert(): void {
    const n = this.pendCount;
    this.pendCount = 0;
    for (let k = 0; k < n; k++) {
      this.ordinary(this.pendReq[k]!, this.pendCycle, this.pendBank[k]!, this.pendRow[k]!);
      this.pendReq[k] = null as unknown as MemRequest;
    }
  }

  /** Read-queue entries the event path holds at `cycle` for reads this path took. */
  heldAt(cycle: number): number {
    return this.heldLen === 0 || this.held[this.heldHead]! >= cycle ? this.heldLen + this.pendCount : this.prune(cycle);
  }

  private prune(cycle: number): number {
    while (this.heldLen > 0 && this.held[this.heldHead]! < cycle) {
      this.heldHead = this.heldHead + 1 === this.held.length ? 0 : this.heldHead + 1;
      this.heldLen--;
    }
    return this.heldLen + this.pendCount;
  }

  /** The next cycle a read of this path leaves the shell or issues its RD (Infinity: none). */
  nextChange(): number {
    const held = this.heldLen > 0 ? this.held[this.heldHead]! : Infinity;
    const pending = this.pendCount > 0 ? this.pendCycle + this.shellCycles : Infinity;
    return held < pending ? held : pending;
  }

  /** Cycle the candidates leave the shell (Infinity: none): no completion of theirs comes earlier. */
  pendingAdmission(): number {
    return this.pendCount > 0 ? this.pendCycle + this.shellCycles : Infinity;
  }

  /** Whether the path is on or still holds reads: when false, the controller skips it. */
  get active(): boolean {
    return this.enabled || this.pendCount + this.heldLen > 0;
  }

  /** Whether a candidate is waiting for its cycle to end. */
  get pending(): boolean {
    return this.pendCount > 0;
  }

  private commit(now: number): void {
    const n = this.pendCount;
    const cycle = this.pendCycle;
    this.pendCount = 0;
    for (let k = 0; k < n; k++) {
      const req = this.pendReq[k]!;
      this.pendReq[k] = null as unknown as MemRequest;
      const bank = this.pendBank[k]!;
      const row = this.pendRow[k]!;
      const q = this.queues;
      const admit = cycle + this.shellCycles;
      // The cycle's later candidates leave the shell with it.
      const rd = q.readsQueued + q.writesQueued === 0 ? this.rdCycle(admit, bank, row, now, k + 1 < n ? admit : Infinity) : -1;
      if (rd < 0) {
        this.ordinary(req, cycle, bank, row);
        continue;
      }
      q.directRead(req, bank, row, rd + this.readLatency);
      this.issued(bank, row, rd);
    }
  }

  /**
   * Reads in the shell, oldest first, while nothing is visible in the bank queues and no
   * write is queued anywhere: the oldest one becomes visible first and is then the oldest
   * request, so it is issued directly when its RD cycle is certain (`rdCycle`).
   */
  private promote(now: number): boolean {
    const q = this.queues;
    let changed = false;
    while (q.incoming.length > 0 && q.readsVisible + q.writesVisible === 0 && q.writesQueued === 0) {
      const s = q.incoming.peek();
      // A busy channel keeps refusing the same head until a command issues or the shell
      // changes: skip the question until then (a skipped promotion only leaves the read to
      // the ordinary path, so this costs no exactness).
      const key = this.planner.clk * 4096 + s * 64 + q.incoming.length + this.pendCount;
      if (key === this.refusedKey) break;
      const bank = q.slotBank[s]!;
      const row = q.slotRow[s]!;
      const younger = q.incoming.length > 1 ? q.slotAt[q.incoming.at(1)]! : this.pendingAdmission();
      const rd = this.rdCycle(q.slotAt[s]!, bank, row, now, younger);
      if (rd < 0) {
        // Refused for want of a later requester cycle: that changes by itself, so ask again.
        if (rd === -1) this.refusedKey = key;
        break;
      }
      q.issueFromShell(rd + this.readLatency);
      this.issued(bank, row, rd);
      changed = true;
    }
    return changed;
  }

  /**
   * The cycle the event path issues the RD of a read of `row` in `bank` that leaves the shell
   * at `admit`, when it is the oldest request and no write is queued (callers check), or -1
   * when that is not certain. Its row must be open. The RD goes at the first cycle t at or
   * after its admission and the controller's clock at which it is legal, provided nothing
   * else can issue first: no refresh is pending or due by t; a request yet to enter (at `now`
   * or later) leaves the shell after t; and if t is later than the admission and the clock
   * (waiting for the RD to be legal), the next younger request known (`younger`: its
   * admission, Infinity if none) is not visible before t — a younger one visible by then
   * could only tie, and the older row hit wins a tie. -2: certain only once the requester
   * has moved on (the first condition on later requests).
   */
  private rdCycle(admit: number, bank: number, row: number, now: number, younger: number): number {
    if (this.off || this.openRow[bank] !== row) return -1;
    const clk = this.planner.clk;
    const first = clk > admit ? clk : admit;
    const legal = this.timing.earliestAt(RD, bank);
    const t = legal > first ? legal : first;
    if ((t > first && younger < t) || !this.refresh.quietThrough(t)) return -1;
    return t >= now + this.shellCycles ? -2 : t;
  }

  /** What plan → issueColumn leave behind for an RD at `t` (its completion is queued by the caller). */
  private issued(bank: number, row: number, t: number): void {
    this.timing.issueAt(RD, bank, t);
    const counters = this.issuer.counters;
    counters.rd++;
    counters.rowHits++;
    // The bank's candidate gone, reads mode, the clock past the RD.
    this.planner.afterIsolatedReads(bank, t);
    this.issuer.notify(RD, bank, row, t);
    this.served++;
    if (this.heldLen === this.held.length) this.growHeld();
    let i = this.heldHead + this.heldLen;
    if (i >= this.held.length) i -= this.held.length;
    this.held[i] = t;
    this.heldLen++;
  }

  private growHeld(): void {
    const next = new Float64Array(this.held.length * 2);
    for (let k = 0; k < this.heldLen; k++) {
      let i = this.heldHead + k;
      if (i >= this.held.length) i -= this.held.length;
      next[k] = this.held[i]!;
    }
    this.held = next;
    this.heldHead = 0;
  }
}
