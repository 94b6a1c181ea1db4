/** A growable FIFO of int32 values (slot indices) on a typed array: no per-push allocation. */
export class IntRing {
  private buf: Int32Array;
  private head = 0;
  length = 0;

  constructor(capacity = 16) {
    this.buf = new Int32Array(Math.max(2, capacity));
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.grow();
    let i = this.head + this.length;
    if (i >= this.buf.length) i -= this.buf.length;
    this.buf[i] = v;
    this.length++;
  }

  /** The oldest value; only valid when length > 0. */
  peek(): number {
    return this.buf[this.head]!;
  }

  /** The k-th oldest value (0: the oldest); only valid when k < length. */
  at(k: number): number {
    let i = this.head + k;
    if (i >= this.buf.length) i -= this.buf.length;
    return this.buf[i]!;
  }

  shift(): number {
    const v = this.buf[this.head]!;
    this.head = this.head + 1 === this.buf.length ? 0 : this.head + 1;
    this.length--;
    return v;
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let k = 0; k < this.length; k++) {
      let i = this.head + k;
      if (i >= this.buf.length) i -= this.buf.length;
      next[k] = this.buf[i]!;
    }
    this.buf = next;
    this.head = 0;
  }
}
