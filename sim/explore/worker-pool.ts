import { Piscina } from 'piscina';
import type { PointOutcome, PointTask } from './evaluate-point.ts';

/** The outcome of a task run by the pool: the worker's, or a timeout / a stop. */
export type PoolOutcome = PointOutcome | { status: 'timeout'; duration_s: number } | { status: 'aborted' };

/**
 * A pool of worker threads simulating design points (piscina), at most `workers` at a time.
 * Each thread keeps the model it loaded (evaluate-point.ts), so a sweep pays one model load
 * per thread. A point over its time limit is aborted: piscina terminates that thread and
 * starts a fresh one (which loads the model again). The caller never submits more tasks than
 * threads, so a task starts when it is submitted and its time limit counts from there.
 */
export class WorkerPool {
  private readonly pool: Piscina;
  private readonly stops = new Set<AbortController>();

  constructor(readonly workers: number) {
    this.pool = new Piscina({
      filename: new URL('./point-worker.mjs', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: 1,
    });
  }

  async run(task: PointTask, timeoutS?: number): Promise<PoolOutcome> {
    const ctl = new AbortController();
    this.stops.add(ctl);
    let timedOut = false;
    const timer = timeoutS !== undefined && timeoutS > 0 ? setTimeout(() => ((timedOut = true), ctl.abort()), timeoutS * 1000) : null;
    const t0 = performance.now();
    try {
      return (await this.pool.run(task, { signal: ctl.signal })) as PointOutcome;
    } catch (e) {
      const duration = (performance.now() - t0) / 1000;
      if (ctl.signal.aborted) return timedOut ? { status: 'timeout', duration_s: duration } : { status: 'aborted' };
      // The thread died (out of memory, a native crash): the point failed, the sweep goes on.
      return { status: 'error', metrics: null, error: `worker thread failed: ${e instanceof Error ? e.message : String(e)}`, engine_events: null, duration_s: duration };
    } finally {
      if (timer) clearTimeout(timer);
      this.stops.delete(ctl);
    }
  }

  /** Abort every running task (their threads are terminated); they resolve as `aborted`. */
  abortAll(): void {
    for (const c of this.stops) c.abort();
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
