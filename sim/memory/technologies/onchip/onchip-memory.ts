import { InOrderCompletions } from '../../in-order-completions.ts';
import type { MemRequest, MemoryModel, MemoryStats } from '../../memory-model.ts';

/** Organisation and timing of the on-chip weight memory (resolved from the device catalogue). */
export interface OnChipMemoryConfig {
  /** The requesting core's clock: the blocks are clocked with the core. */
  clockHz: number;
  /** Blocks read in parallel. */
  banks: number;
  /** Bits one block returns per read. */
  widthBits: number;
  /** Cycles from a read's address to its data. */
  readLatencyCycles: number;
}

/**
 * Block memories interleaved word by word over `banks` blocks and read together: every
 * cycle the memory returns banks × width bits, so a request of n bytes holds the read port
 * for ⌈n / (banks × width / 8)⌉ cycles and its last word arrives `readLatencyCycles` after
 * its last read. Requests are served in order (one pipeline): no rows, no refresh, no
 * conflicts. Reads are counted in bits for the power model's energy per bit.
 */
export class OnChipMemory implements MemoryModel {
  readonly clockHz: number;
  readonly maxRequestBytes = 1 << 20;
  /** Bytes the blocks return per cycle together. */
  readonly bytesPerCycle: number;
  private readonly latency: number;
  /** First cycle the read port is free. */
  private portFree = 0;
  // One read port in order: requests complete in the order they entered.
  private readonly inFlight = new InOrderCompletions();
  private portCycles = 0;

  constructor(config: OnChipMemoryConfig) {
    for (const [k, v] of Object.entries(config)) {
      if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`on-chip memory ${k} must be a positive integer, got ${v}`);
    }
    const bits = config.banks * config.widthBits;
    if (bits % 8 !== 0) throw new RangeError(`on-chip memory reads ${bits} bits per cycle (banks × width), not a whole number of bytes`);
    this.clockHz = config.clockHz;
    this.bytesPerCycle = bits / 8;
    this.latency = config.readLatencyCycles;
  }

  canAccept(): boolean {
    return true;
  }

  enqueue(req: MemRequest, cycle: number): void {
    if (req.bytes < 1 || req.bytes > this.maxRequestBytes) throw new RangeError(`request ${req.id}: ${req.bytes} bytes, expected 1..${this.maxRequestBytes}`);
    const start = Math.max(cycle, this.portFree);
    const occupancy = Math.ceil(req.bytes / this.bytesPerCycle);
    this.portFree = start + occupancy;
    this.portCycles += occupancy;
    // The last word is read in cycle start + occupancy − 1 and arrives `latency` later.
    this.inFlight.push(req, start + occupancy - 1 + this.latency);
  }

  /** A single-word read takes exactly the read latency. */
  minReadLatency(): number {
    return this.latency;
  }

  nextEventCycle(): number {
    return this.inFlight.nextCycle();
  }

  /** Every completion is fixed when the request enters. */
  nextKnownCompletion(): number {
    return this.nextEventCycle();
  }

  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    this.inFlight.completeUpTo(cycle, onComplete);
  }

  stats(): MemoryStats {
    return { ...this.inFlight.counts, detail: { onchip_port_cycles: this.portCycles } };
  }
}
