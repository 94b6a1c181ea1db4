/**
 * A binary min-heap of events keyed by (time, sequence). The sequence number is the order
 * in which events were scheduled, so events at the same time run first-scheduled-first and
 * every run of the same inputs produces the same order.
 *
 * The heap lives in parallel typed arrays (no object per event): a later issue simulates
 * ~10^8 weight accesses per token, and one allocation per event would dominate the run.
 * An event is a (handler id, integer payload) pair; handlers are registered once.
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private handler: Int32Array;
  private payload: Float64Array;
  private count = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(2, initialCapacity);
    this.time = new Float64Array(n);
    this.seq = new Float64Array(n);
    this.handler = new Int32Array(n);
    this.payload = new Float64Array(n);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.time[0]! : Infinity;
  }

  push(time: number, handler: number, payload: number): void {
    if (this.count === this.time.length) this.grow();
    // Sift up: move parents down until the hole is where the new event belongs.
    const s = this.nextSeq++;
    let i = this.count++;
    const t = this.time, q = this.seq, h = this.handler, p = this.payload;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = t[parent]!;
      if (pt < time || (pt === time && q[parent]! < s)) break;
      t[i] = pt;
      q[i] = q[parent]!;
      h[i] = h[parent]!;
      p[i] = p[parent]!;
      i = parent;
    }
    t[i] = time;
    q[i] = s;
    h[i] = handler;
    p[i] = payload;
  }

  /**
   * Remove the earliest event. Its fields are left in `poppedTime/poppedHandler/poppedPayload`
   * (fields, not a returned object, so popping allocates nothing).
   */
  pop(): boolean {
    if (this.count === 0) return false;
    const t = this.time, q = this.seq, h = this.handler, p = this.payload;
    this.poppedTime = t[0]!;
    this.poppedHandler = h[0]!;
    this.poppedPayload = p[0]!;
    const last = --this.count;
    if (last === 0) return true;
    const lt = t[last]!, lq = q[last]!, lh = h[last]!, lp = p[last]!;
    // Floyd's bottom-up deletion: walk the hole down to a leaf along the smaller children
    // (one comparison per level instead of two), then sift the former last element up from
    // there — it came from the bottom, so it rarely climbs. Profiling the kernel bench put
    // 1/3 of the time in the classic two-comparison sift-down.
    let i = 0;
    let c = 1;
    while (c < last) {
      const r = c + 1;
      if (r < last) {
        const tr = t[r]!, tc = t[c]!;
        if (tr < tc || (tr === tc && q[r]! < q[c]!)) c = r;
      }
      t[i] = t[c]!;
      q[i] = q[c]!;
      h[i] = h[c]!;
      p[i] = p[c]!;
      i = c;
      c = 2 * i + 1;
    }
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = t[parent]!;
      if (pt < lt || (pt === lt && q[parent]! < lq)) break;
      t[i] = pt;
      q[i] = q[parent]!;
      h[i] = h[parent]!;
      p[i] = p[parent]!;
      i = parent;
    }
    t[i] = lt;
    q[i] = lq;
    h[i] = lh;
    p[i] = lp;
    return true;
  }

  poppedTime = 0;
  poppedHandler = 0;
  poppedPayload = 0;

  private grow(): void {
    const n = this.time.length * 2;
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.time = grow64(this.time);
    this.seq = grow64(this.seq);
    this.payload = grow64(this.payload);
    const h = new Int32Array(n);
    h.set(this.handler);
    this.handler = h;
  }
}
