import type { Engine } from './engine.ts';

/**
 * A wake-up helper: schedules at most one pending "run me at time T" event per component,
 * keeping only the earliest request. Components that must re-evaluate at a future cycle
 * (an issue stage waiting on a scoreboard, a read side waiting for FIFO space) use it so
 * that overlapping requests do not pile up duplicate events.
 */
export class Wakeup {
  private readonly handlerId: number;
  private pendingAt = Infinity;
  private generation = 0;

  constructor(
    private readonly engine: Engine,
    name: string,
    private readonly onWake: () => void,
  ) {
    this.handlerId = engine.register(name, (gen) => {
      if (gen !== this.generation) return; // superseded by an earlier request
      this.pendingAt = Infinity;
      this.onWake();
    });
  }

  /** Ensure the component runs at `time` (ticks) or earlier. */
  at(time: number): void {
    if (time >= this.pendingAt) return;
    this.pendingAt = time;
    this.engine.schedule(time, this.handlerId, ++this.generation);
  }

  get pending(): boolean {
    return this.pendingAt !== Infinity;
  }
}
