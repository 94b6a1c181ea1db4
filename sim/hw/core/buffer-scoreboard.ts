/**
 * The generalised core's scoreboard: per-unit and per-buffer "free from" cycles. An
 * instruction in flight holds its unit and every buffer it names; a memory-driven one holds
 * them until released (Infinity until then), and may release single buffers early (a fused
 * tmatmul frees each part's output as it is written). Each buffer remembers which
 * instruction holds it, so a late release never frees a buffer a later instruction took.
 */
export class BufferScoreboard {
  private readonly bufFree: Float64Array;
  private readonly holder: Int32Array;
  private readonly unitFree: Float64Array;

  constructor(buffers: number, units: number) {
    this.bufFree = new Float64Array(buffers);
    this.holder = new Int32Array(buffers).fill(-1);
    this.unitFree = new Float64Array(units);
  }

  reset(): void {
    this.bufFree.fill(0);
    this.holder.fill(-1);
    this.unitFree.fill(0);
  }

  unitReady(unit: number): number {
    return this.unitFree[unit]!;
  }

  buffersReady(bufs: readonly number[]): number {
    let t = 0;
    for (const b of bufs) t = Math.max(t, this.bufFree[b]!);
    return t;
  }

  /** Instruction `pc` takes `unit` and `bufs` until `freeCycle` (Infinity: until released). */
  reserve(pc: number, unit: number, bufs: readonly number[], freeCycle: number): void {
    this.unitFree[unit] = freeCycle;
    for (const b of bufs) {
      this.bufFree[b] = freeCycle;
      this.holder[b] = pc;
    }
  }

  /** Instruction `pc` ended in `lastBusyCycle`: its unit and the buffers it still holds are free after it. */
  release(pc: number, unit: number, bufs: readonly number[], lastBusyCycle: number): void {
    this.unitFree[unit] = lastBusyCycle + 1;
    this.releaseBuffers(pc, bufs, lastBusyCycle);
  }

  releaseBuffers(pc: number, bufs: readonly number[], lastBusyCycle: number): void {
    for (const b of bufs) {
      if (this.holder[b] !== pc) continue;
      this.bufFree[b] = lastBusyCycle + 1;
      this.holder[b] = -1; // released: the instruction's final release must not move it
    }
  }

  allUnitsFree(): number {
    let t = 0;
    for (const f of this.unitFree) t = Math.max(t, f);
    return t;
  }
}
