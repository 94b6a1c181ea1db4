import type { MemRequest, MemoryChannelView, MemoryModel, MemoryStats } from '../memory-model.ts';
import type { DramActivity } from './dram-activity.ts';
import { AddressMapping, type DecodedAddress } from './address-mapping.ts';
import { ChannelController, type CommandListener, type ControllerOptions } from './channel-controller.ts';
import { CommandQueueController } from './command-queue-controller.ts';
import type { DramConfig } from './dram-config.ts';

/** One channel's controller: either semantics (`DramConfig.controller`), the same interface. */
type DramChannel = ChannelController | CommandQueueController;

/**
 * A DRAM memory (DDR4, HBM2 pseudo-channels, any standard given as a table) of one or more independent channels, each with its own controller
 * (queues, scheduler, refresh) and DRAM ranks. Implements the MemoryModel contract in DRAM
 * clock cycles. Requests are at most one burst (`config.burstBytes`: 64 bytes for DDR4; an
 * HBM2 pseudo-channel's 32-byte BL4 runs on the same class) and must not cross a burst
 * boundary; a smaller request still costs a whole burst.
 */
export class DramMemory implements MemoryModel {
  readonly clockHz: number;
  readonly maxRequestBytes: number;
  readonly mapping: AddressMapping;
  readonly config: DramConfig;
  protected readonly channels: DramChannel[];
  /** reportCompletions' scratch: the next completion cycle of each channel with one due. */
  private readonly nextDone: Float64Array;
  /** reportCompletions' channels with a completion due (indices, in channel order). */
  private readonly dueChannels: Int32Array;
  /** Bytes per column command (the burst). */
  private readonly burstBytes: number;
  private readonly where: DecodedAddress = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
  private whereAddr = -1;
  /** Whether any channel serves direct reads (`setDirectReads`): otherwise their hooks are skipped. */
  private directReads = false;
  private reads = 0;
  private writes = 0;
  private bytesRead = 0;
  private bytesWritten = 0;
  /** Last cycle passed to advanceTo (the end of the energy window). */
  private advancedTo = -1;

  constructor(config: DramConfig, options: ControllerOptions = {}) {
    this.config = config;
    this.clockHz = config.clockHz;
    this.burstBytes = config.burstBytes;
    this.maxRequestBytes = config.burstBytes;
    this.mapping = new AddressMapping(config.mapping, {
      channels: config.channels,
      ranks: config.ranks,
      bankGroups: config.org.bankGroups,
      banksPerGroup: config.org.banksPerGroup,
      rows: config.org.rows,
      burstsPerRow: config.org.columns / config.org.burstLength,
      burstBytes: config.burstBytes,
    });
    this.channels = Array.from({ length: config.channels }, (_, c) =>
      config.controller === 'dramsim3' ? new CommandQueueController(config, c, options) : new ChannelController(config, c, options),
    );
    this.nextDone = new Float64Array(config.channels);
    this.dueChannels = new Int32Array(config.channels);
  }

  /**
   * MemoryModel.channelView: each channel controller is its own slave. The stripe is the
   * lowest address bit that changes the channel, found by decoding powers of two (exact for
   * any mapping string and burst size); with one channel, the lowest bit that changes the
   * row: the span a stream walks across the banks, which is what keeps cores sharing the
   * channel in different banks.
   */
  channelView(): MemoryChannelView {
    const where: DecodedAddress = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
    const channels = this.config.channels;
    const capacity = this.mapping.capacityBytes;
    let stripe = 1;
    for (; stripe < capacity; stripe *= 2) {
      this.mapping.decode(stripe, where);
      if (channels > 1 ? where.channel !== 0 : where.row !== 0) break;
    }
    return {
      channels,
      channelOf: (addr) => {
        this.mapping.decode(addr, where);
        return where.channel;
      },
      canAcceptAddress: (addr, write, cycle) => this.canAcceptAddress(addr, write, cycle),
      nextStateChangeCycle: () => this.nextStateChangeCycle(),
      stripeBytes: stripe,
      capacityBytes: capacity,
    };
  }

  /**
   * MemoryModel.setDirectReads: serve reads whose outcome is certain without queueing them
   * (`DirectReadPath`, the mmfsim controller only; same results, fewer steps).
   */
  setDirectReads(on: boolean): void {
    this.directReads = false;
    for (const ch of this.channels) {
      if (!(ch instanceof ChannelController)) continue;
      ch.directReads = on;
      this.directReads ||= on;
    }
  }

  /** MemoryModel.directReadsServed: reads the channels served directly (a cost counter). */
  directReadsServed(): number {
    let n = 0;
    for (const ch of this.channels) if (ch instanceof ChannelController) n += ch.directReadsServed;
    return n;
  }

  /** Observe every command issued (tests, command traces). */
  setCommandListener(listener: CommandListener | null): void {
    for (const ch of this.channels) ch.listener = listener;
  }

  /**
   * The contract's question has no address, so with several channels this is conservative:
   * true only when every channel's queue of that kind has room. Requesters that know the
   * address should ask `canAcceptAddress` instead.
   */
  canAccept(write: boolean, cycle: number): boolean {
    for (const ch of this.channels) {
      if (ch.clk < cycle) ch.runCommands(cycle - 1);
      if (!ch.canAccept(write, cycle)) return false;
    }
    return true;
  }

  /** Whether the channel that `addr` maps to can take a read / write at `cycle`. */
  canAcceptAddress(addr: number, write: boolean, cycle: number): boolean {
    this.decode(addr);
    const ch = this.channels[this.where.channel]!;
    if (ch.clk < cycle) ch.runCommands(cycle - 1);
    return ch.canAccept(write, cycle);
  }

  enqueue(req: MemRequest, cycle: number): void {
    const bb = this.burstBytes;
    if (req.bytes < 1 || req.bytes > bb) {
      throw new RangeError(`request ${req.id}: ${req.bytes} bytes, expected 1..${bb}`);
    }
    // Offset within the burst by one floor-division (a double % is a slow fmod call).
    if (req.addr - Math.floor(req.addr / bb) * bb + req.bytes > bb) {
      throw new RangeError(`request ${req.id}: 0x${req.addr.toString(16)}+${req.bytes} crosses a ${bb}-byte burst boundary`);
    }
    const w = this.where;
    this.decode(req.addr);
    this.channels[w.channel]!.enqueue(req, cycle, w.rank, w.bankGroup, w.bank, w.row, w.column);
    if (req.write) {
      this.writes++;
      this.bytesWritten += req.bytes;
    } else {
      this.reads++;
      this.bytesRead += req.bytes;
    }
  }

  /** Decode into `where`, skipping the work when asked twice in a row (canAccept, enqueue). */
  private decode(addr: number): void {
    if (addr === this.whereAddr) return;
    this.mapping.decode(addr, this.where);
    this.whereAddr = addr;
  }

  nextEventCycle(): number {
    let next = Infinity;
    for (const ch of this.channels) {
      const e = ch.nextEventCycle();
      if (e < next) next = e;
    }
    return next;
  }

  /**
   * The next cycle at which a command may issue (or a request leave the shell, or a refresh
   * fall due) on any channel; Infinity when nothing is queued. Not part of the MemoryModel
   * contract: `nextEventCycle` without completions, for a requester that only waits for
   * queue room (entries free at column commands, never at completions).
   */
  nextStateChangeCycle(): number {
    let next = Infinity;
    for (let i = 0; i < this.channels.length; i++) {
      const e = this.channels[i]!.nextStateChangeCycle();
      if (e < next) next = e;
    }
    return next;
  }

  /** MemoryModel.nextCompletionBound: the earliest of the channels' bounds. */
  nextCompletionBound(): number {
    let next = Infinity;
    for (let i = 0; i < this.channels.length; i++) {
      const e = this.channels[i]!.nextCompletionBound();
      if (e < next) next = e;
    }
    return next;
  }

  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    if (!Number.isFinite(cycle)) throw new RangeError('advanceTo needs a finite cycle');
    const channels = this.channels;
    let due = 0;
    for (let i = 0; i < channels.length; i++) {
      const ch = channels[i]!;
      if (this.directReads) ch.requestsMayFollowAt(cycle);
      ch.runCommands(cycle, cycle);
      due = this.noteDue(i, due, cycle);
    }
    if (cycle > this.advancedTo) this.advancedTo = cycle;
    this.reportCompletions(due, cycle, onComplete);
  }

  /** MemoryModel.nextKnownCompletion: completions of issued column commands only. */
  nextKnownCompletion(): number {
    let next = Infinity;
    for (let i = 0; i < this.channels.length; i++) {
      const e = this.channels[i]!.nextCompletionCycle();
      if (e < next) next = e;
    }
    return next;
  }

  /**
   * MemoryModel.advanceForRequestsAt: commands before `cycle`, completions up to it (a
   * completion is fixed when its column command issues, at least CL earlier).
   */
  advanceForRequestsAt(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    if (!Number.isFinite(cycle)) throw new RangeError('advanceForRequestsAt needs a finite cycle');
    const channels = this.channels;
    let due = 0;
    for (let i = 0; i < channels.length; i++) {
      const ch = channels[i]!;
      if (ch.clk < cycle) ch.runCommands(cycle - 1);
      // A channel whose clock is ahead (direct reads) still learns the requester moved on.
      else if (this.directReads) ch.requesterAt(cycle);
      due = this.noteDue(i, due, cycle);
    }
    if (cycle - 1 > this.advancedTo) this.advancedTo = cycle - 1;
    this.reportCompletions(due, cycle, onComplete);
  }

  /**
   * Channel `i` (run up to `cycle`) joins the `due` channels already noted if it has a
   * completion by `cycle`; returns the new count. A channel's completions do not depend on the
   * other channels, so each is read as soon as it has run.
   */
  private noteDue(i: number, due: number, cycle: number): number {
    const c = this.channels[i]!.nextCompletionCycle();
    if (c > cycle) return due;
    this.dueChannels[due] = i;
    this.nextDone[due] = c;
    return due + 1;
  }

  /**
   * Report every completion by `cycle` of the `m` channels `noteDue` found with one, merged
   * in cycle order (ties: lower channel first). Only those channels take part — usually one or
   * two of an HBM2 stack's 32, where scanning all of them for every completion was a tenth of a
   * u280-hbm pass. Each one's next completion is refreshed only when it pops one (onComplete
   * cannot touch the model: requesters must not re-enter it).
   */
  private reportCompletions(m: number, cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    if (m === 0) return;
    const channels = this.channels;
    const due = this.dueChannels;
    if (m === 1) {
      const ch = channels[due[0]!]!;
      while (ch.popCompletion(cycle, onComplete));
      return;
    }
    const next = this.nextDone;
    for (;;) {
      // In channel order, so the first of equal cycles is the lower channel.
      let best = -1;
      let at = cycle;
      for (let j = 0; j < m; j++) {
        const c = next[j]!;
        if (c < at || (c === at && best < 0)) {
          at = c;
          best = j;
        }
      }
      if (best < 0) return;
      const ch = channels[due[best]!]!;
      ch.popCompletion(cycle, onComplete);
      next[best] = ch.nextCompletionCycle();
    }
  }

  /** Burst index of the last `isolatedRead` and where it decoded to (1-byte streams decode once per burst). */
  private isoBurst = -1;
  private readonly isoWhere: DecodedAddress = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
  private isoBankIndex = 0;

  /**
   * MemoryModel.isolatedRead: a read entering at `cycle` while the model holds no other
   * request is served without the event path when its channel can prove the outcome (an
   * open-page row hit, RD legal at admission, no refresh first: `ChannelController.isolatedRead`).
   * Returns its completion cycle (≤ `maxCompletion`) with every counter applied, or -1 with
   * nothing changed. Other channels are idle and catch up lazily, as they would.
   */
  isolatedRead(addr: number, bytes: number, cycle: number, maxCompletion: number): number {
    const bb = this.burstBytes;
    const burst = Math.floor(addr / bb);
    if (bytes < 1 || addr - burst * bb + bytes > bb) return -1;
    const w = this.isoWhere;
    if (burst !== this.isoBurst) {
      this.mapping.decode(addr, w);
      this.isoBurst = burst;
      this.isoBankIndex = (w.rank * this.config.org.bankGroups + w.bankGroup) * this.config.org.banksPerGroup + w.bank;
    }
    const done = this.channels[w.channel]!.isolatedRead(this.isoBankIndex, w.row, cycle, maxCompletion);
    if (done < 0) return -1;
    this.reads++;
    this.bytesRead += bytes;
    return done;
  }

  /**
   * MemoryModel.minReadLatency: no read is faster than an isolated row hit: it is admitted
   * after the shell latency, its column command issues no earlier, and its data follows that
   * command by CL + the burst (all channels share one configuration).
   */
  minReadLatency(): number {
    return this.channels[0]!.isolatedLatency();
  }

  /** MemoryModel.isolatedReadLatency: entering to completion of an isolated row hit. */
  isolatedReadLatency(): number {
    return this.channels[0]!.isolatedLatency();
  }

  /**
   * MemoryModel.isolatedReadRun: `minCount`…`maxCount` isolated reads of `bytes` each at `addr`,
   * `addr + bytes`, … entering at `cycle + j·stride`, continuing a run of `isolatedRead`s
   * on the same bank and row; stops at the end of the addresses that share its bank and row
   * (a DRAM row when the column bits are the lowest of the mapping, else one burst).
   */
  isolatedReadRun(addr: number, bytes: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number {
    const bb = this.burstBytes;
    const burst = Math.floor(addr / bb);
    if (bytes < 1 || bb % bytes !== 0 || addr % bytes !== 0) return 0;
    const w = this.isoWhere;
    if (burst !== this.isoBurst) {
      this.mapping.decode(addr, w);
      this.isoBurst = burst;
      this.isoBankIndex = (w.rank * this.config.org.bankGroups + w.bankGroup) * this.config.org.banksPerGroup + w.bank;
    }
    if (this.isoRunBursts === 0) {
      this.isoRunBursts = this.mapping.fields[this.mapping.fields.length - 1] === 'co' ? this.config.org.columns / this.config.org.burstLength : 1;
    }
    const blockEnd = (Math.floor(burst / this.isoRunBursts) + 1) * this.isoRunBursts * bb;
    const count = Math.min(maxCount, Math.floor((blockEnd - addr) / bytes));
    if (count < minCount || count < 1) return 0;
    const n = this.channels[w.channel]!.isolatedReadRun(this.isoBankIndex, w.row, cycle, stride, minCount, count, maxCompletion);
    this.reads += n;
    this.bytesRead += n * bytes;
    return n;
  }

  /** Bursts sharing a bank and row, aligned (0: not worked out yet). */
  private isoRunBursts = 0;

  /** MemoryModel.endIsolatedReads: every channel writes its deferred timing state. */
  endIsolatedReads(): void {
    for (let i = 0; i < this.channels.length; i++) this.channels[i]!.endIsolatedReads();
  }

  /** Commands by class and standby rank-cycles over cycles [0, last advanced cycle] (the power model's input). */
  activity(): DramActivity {
    const end = this.advancedTo + 1;
    let active = 0;
    let precharged = 0;
    let act = 0;
    let rd = 0;
    let wr = 0;
    let ref = 0;
    for (const ch of this.channels) {
      const s = ch.standbyCycles(end);
      active += s.active;
      precharged += s.precharged;
      act += ch.counters.act;
      rd += ch.counters.rd;
      wr += ch.counters.wr;
      ref += ch.counters.ref;
    }
    return { activates: act, reads: rd, writes: wr, refreshes: ref, activeStandbyCycles: active, prechargeStandbyCycles: precharged };
  }

  stats(): MemoryStats {
    const sum = (k: keyof DramChannel['counters']): number => this.channels.reduce((a, ch) => a + ch.counters[k], 0);
    return {
      reads: this.reads,
      writes: this.writes,
      bytesRead: this.bytesRead,
      bytesWritten: this.bytesWritten,
      detail: {
        act: sum('act'),
        pre: sum('pre') + sum('prea') + sum('autoPre'),
        pre_single: sum('pre'),
        pre_all: sum('prea'),
        auto_precharge: sum('autoPre'),
        ref: sum('ref'),
        rd: sum('rd'),
        wr: sum('wr'),
        row_hits: sum('rowHits'),
        row_misses: sum('rowMisses'),
        row_conflicts: sum('rowConflicts'),
      },
      dramActivity: this.activity(),
    };
  }
}
