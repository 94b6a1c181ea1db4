/**
 * Progress for a run whose stderr is not a terminal (CI logs, pipes): a plain line at most
 * every `intervalMs` of wall time, so a sub-second run prints nothing and a long one shows
 * life without flooding the log. The last update is printed only if an earlier one was
 * (the log then ends at 100 %).
 */
export class ProgressLines {
  private lastAt: number;
  private printed = false;

  constructor(
    private readonly write: (line: string) => void,
    private readonly intervalMs = 2000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastAt = now();
  }

  update(done: number, total: number, line: string): void {
    const t = this.now();
    const last = done === total;
    if (t - this.lastAt < this.intervalMs && !(last && this.printed)) return;
    this.write(line);
    this.lastAt = t;
    this.printed = true;
  }
}
