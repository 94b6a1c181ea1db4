/**
 * Named statistics counters. Components declare their counters once (getting an index) and
 * bump them by index in hot paths, so counting costs an array store, not a map lookup.
 */
export class Counters {
  private readonly names: string[] = [];
  private values = new Float64Array(16);

  declare(name: string): number {
    const existing = this.names.indexOf(name);
    if (existing >= 0) return existing;
    if (this.names.length === this.values.length) {
      const v = new Float64Array(this.values.length * 2);
      v.set(this.values);
      this.values = v;
    }
    this.names.push(name);
    return this.names.length - 1;
  }

  add(index: number, amount = 1): void {
    this.values[index]! += amount;
  }

  get(index: number): number {
    return this.values[index]!;
  }

  /** A plain, JSON-serialisable snapshot. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    this.names.forEach((n, i) => (out[n] = this.values[i]!));
    return out;
  }
}
