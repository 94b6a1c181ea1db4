import type { EvaluatedPoint, PointEvaluator, PointRequest } from './point-evaluator.ts';
import { WorkerPool } from './worker-pool.ts';

/** Points simulated on this machine by a piscina pool of `workers` threads (started on first use). */
export class LocalEvaluator implements PointEvaluator {
  private pool: WorkerPool | null = null;

  constructor(private readonly workers: number) {}

  get capacity(): number {
    return this.workers;
  }

  get description(): string {
    return `${this.workers} worker thread${this.workers === 1 ? '' : 's'}`;
  }

  evaluate(point: PointRequest): Promise<EvaluatedPoint> {
    this.pool ??= new WorkerPool(this.workers);
    return this.pool.run(point.task, point.timeoutS);
  }

  async recorded(): Promise<void> {}

  abortAll(): void {
    this.pool?.abortAll();
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}
