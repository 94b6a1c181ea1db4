// A toy memory technology, written the way a user adds one: this folder and nothing else.
// Every request is answered `latency_ns` after it entered, in the memory's own 500 MHz clock,
// with at most `queue` requests in flight and a peak bandwidth of one request per cycle.
import { z } from 'zod';
import type { MemoryModel, MemoryStats, MemoryTechnology, MemRequest } from '../../../sim/index.ts';

const TOY_CLOCK_HZ = 500_000_000;

export const ToyMemorySchema = z
  .object({
    model: z.literal('toy'),
    latency_ns: z.number().int().min(2).max(10_000).describe('Every request answers this long after it entered.'),
    queue: z.number().int().min(1).max(64).default(8).describe('Requests in flight at most.'),
  })
  .strict();
export type ToyMemorySpec = z.infer<typeof ToyMemorySchema>;

class ToyMemory implements MemoryModel {
  readonly clockHz = TOY_CLOCK_HZ;
  readonly maxRequestBytes = 64;
  private readonly latency: number;
  private readonly inFlight: { req: MemRequest; due: number }[] = [];
  private readonly counts = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0 };

  constructor(private readonly spec: ToyMemorySpec) {
    this.latency = Math.ceil((spec.latency_ns * TOY_CLOCK_HZ) / 1e9);
  }
  canAccept(): boolean {
    return this.inFlight.length < this.spec.queue;
  }
  enqueue(req: MemRequest, cycle: number): void {
    // Answers come back in order (equal latency), so a FIFO holds them.
    this.inFlight.push({ req, due: cycle + this.latency });
    if (req.write) {
      this.counts.writes++;
      this.counts.bytesWritten += req.bytes;
    } else {
      this.counts.reads++;
      this.counts.bytesRead += req.bytes;
    }
  }
  nextEventCycle(): number {
    return this.inFlight.length > 0 ? this.inFlight[0]!.due : Infinity;
  }
  minReadLatency(): number {
    return this.latency;
  }
  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    while (this.inFlight.length > 0 && this.inFlight[0]!.due <= cycle) {
      const { req, due } = this.inFlight.shift()!;
      onComplete(req, due);
    }
  }
  stats(): MemoryStats {
    return { ...this.counts, detail: { latency_cycles: this.latency } };
  }
}

export const toyTechnology: MemoryTechnology<ToyMemorySpec> = {
  name: 'toy',
  description: 'A toy memory with a fixed latency in ns (the extension-point test)',
  schema: ToyMemorySchema,
  channelKey: null,
  channels: () => 0,
  withChannels: (spec) => spec,
  peakBytesPerS: () => 64 * TOY_CLOCK_HZ,
  burstBytes: () => null,
  create: (spec) => new ToyMemory(spec),
  energyTable: () => null,
  summary: (spec) => ({ latency_ns: spec.latency_ns, queue: spec.queue }),
};
