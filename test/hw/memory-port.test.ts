import { describe, expect, it } from 'vitest';
import { CoreSchema } from '../../sim/arch/core-schema.ts';
import { resolveCoreConfig } from '../../sim/hw/core/core-config.ts';
import { FixedMemory } from '../../sim/memory/technologies/fixed/fixed-memory.ts';
import type { MemRequest, MemoryModel, MemoryStats } from '../../sim/memory/memory-model.ts';
import { runProgram } from '../../sim/hw/run-program.ts';
import { assembleTmi } from '../../sim/isa/assembler.ts';

/** A fixed-latency memory that takes at most 64 bytes per request, refuses while `limit` are in flight, and logs requests. */
class RecordingMemory implements MemoryModel {
  readonly maxRequestBytes = 64;
  readonly log: { addr: number; bytes: number; cycle: number }[] = [];
  private readonly inner: FixedMemory;
  private inFlight = 0;
  refused = 0;
  constructor(readonly clockHz: number, latency: number, private readonly limit = Infinity) {
    this.inner = new FixedMemory({ clockHz, responseCycles: latency });
  }
  canAccept(): boolean {
    if (this.inFlight >= this.limit) this.refused++;
    return this.inFlight < this.limit;
  }
  enqueue(req: MemRequest, cycle: number): void {
    expect(this.inFlight).toBeLessThan(this.limit);
    this.inFlight++;
    this.log.push({ addr: req.addr, bytes: req.bytes, cycle });
    this.inner.enqueue(req, cycle);
  }
  nextEventCycle(): number {
    return this.inner.nextEventCycle();
  }
  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    this.inner.advanceTo(cycle, (r, c) => {
      this.inFlight--;
      onComplete(r, c);
    });
  }
  stats(): MemoryStats {
    return this.inner.stats();
  }
}

describe('memory port', () => {
  it('never splits a request across the model’s largest-request boundary', () => {
    const cfg = resolveCoreConfig(CoreSchema.parse({ memory_port: { width_bytes: 48 } }), { d: 128 });
    const mem = new RecordingMemory(cfg.clockHz, 3);
    runProgram(cfg, assembleTmi('ldv v0,32', 'p.tmi', {}).instructions, mem);
    expect(mem.log.map((r) => [r.addr, r.bytes])).toEqual([
      [32, 32],
      [64, 48],
      [112, 16],
      [128, 32],
    ]);
  });

  it('back-pressure: refused requests are retried when the memory next changes state', () => {
    const cfg = resolveCoreConfig(CoreSchema.parse({ memory_port: { outstanding: 4 } }), { d: 16 });
    const mem = new RecordingMemory(cfg.clockHz, 5, 2);
    const run = runProgram(cfg, assembleTmi('ldv v0,0\ntmatmul v1,v0,64', 'p.tmi', {}).instructions, mem);
    expect(mem.refused).toBeGreaterThan(0);
    expect(run.memory.reads).toBe(16 + 64);
    // Two in flight at a time, one sent per cycle, 5-cycle latency: pairs go out in cycles
    // 1+5k and 2+5k (each as the previous pair's responses free the memory), so the 8th
    // pair's second response arrives in 2 + 8·5.
    expect(mem.log.slice(0, 4).map((r) => r.cycle)).toEqual([1, 2, 6, 7]);
    expect(run.instructions[0]!.doneCycle).toBe(2 + 8 * 5);
  });
});
