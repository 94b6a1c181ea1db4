/**
 * Bytes entering the memory per fixed window of core cycles: the "bandwidth over time" of a
 * run (its report draws it against the peak). A request counts in the window of the memory
 * edge at which it enters the memory (fast-forwarded reads too, at the cycle they would have
 * entered), so the windows sum to exactly the bytes the memory models count.
 *
 * The run's length is not known in advance, so the window adapts: it starts at
 * `initialWindowCycles` core cycles and doubles (neighbouring windows merge) whenever a
 * request falls past the last of `MAX_WINDOWS` windows. A run of any length therefore ends
 * with at most 256 windows (more than 128 once it is longer than 128 initial windows), every
 * window the same whole number of core cycles. Recording is a division and an add into
 * preallocated arrays: no allocation per request, and it never touches timing.
 */
export class BandwidthSeries {
  static readonly MAX_WINDOWS = 256;
  private readonly readBytes = new Float64Array(BandwidthSeries.MAX_WINDOWS);
  private readonly writeBytes = new Float64Array(BandwidthSeries.MAX_WINDOWS);
  private windowCycles: number;
  private windowTicks: number;

  constructor(
    /** Engine ticks per core cycle (the windows are whole core cycles). */
    private readonly ticksPerCoreCycle: number,
    initialWindowCycles = 64,
  ) {
    if (!Number.isInteger(initialWindowCycles) || initialWindowCycles < 1) throw new RangeError(`initialWindowCycles must be a positive integer, got ${initialWindowCycles}`);
    this.windowCycles = initialWindowCycles;
    this.windowTicks = initialWindowCycles * ticksPerCoreCycle;
  }

  /** One request of `bytes` entering the memory at engine time `ticks`. */
  add(ticks: number, bytes: number, write: boolean): void {
    const w = this.windowOf(ticks);
    if (write) this.writeBytes[w]! += bytes;
    else this.readBytes[w]! += bytes;
  }

  /** `count` reads (or writes) of `bytes` each entering at `startTicks + j · strideTicks` (a fast-forwarded run). */
  addRun(startTicks: number, strideTicks: number, count: number, bytes: number, write = false): void {
    if (count <= 0) return;
    this.windowOf(startTicks + (count - 1) * strideTicks); // widen first: the run's last read fits
    let j = 0;
    while (j < count) {
      const w = Math.floor((startTicks + j * strideTicks) / this.windowTicks);
      // Reads j … end-1 start before the window's end (all integers: exact).
      const end = Math.min(count, Math.ceil(((w + 1) * this.windowTicks - startTicks) / strideTicks));
      if (write) this.writeBytes[w]! += (end - j) * bytes;
      else this.readBytes[w]! += (end - j) * bytes;
      j = end;
    }
  }

  /** The series of a run that lasted `cycles` core cycles (snake_case, JSON-serialisable). */
  snapshot(cycles: number): { window_cycles: number; read_bytes: number[]; write_bytes: number[] } {
    const n = Math.max(1, Math.min(BandwidthSeries.MAX_WINDOWS, Math.ceil(cycles / this.windowCycles)));
    return { window_cycles: this.windowCycles, read_bytes: Array.from(this.readBytes.subarray(0, n)), write_bytes: Array.from(this.writeBytes.subarray(0, n)) };
  }

  private windowOf(ticks: number): number {
    let w = Math.floor(ticks / this.windowTicks);
    while (w >= BandwidthSeries.MAX_WINDOWS) {
      this.coarsen();
      w = Math.floor(ticks / this.windowTicks);
    }
    return w;
  }

  /** Double the window: window i of the new series holds old windows 2i and 2i+1. */
  private coarsen(): void {
    const half = BandwidthSeries.MAX_WINDOWS / 2;
    for (const a of [this.readBytes, this.writeBytes]) {
      for (let i = 0; i < half; i++) a[i] = a[2 * i]! + a[2 * i + 1]!;
      a.fill(0, half);
    }
    this.windowCycles *= 2;
    this.windowTicks = this.windowCycles * this.ticksPerCoreCycle;
  }
}
