import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { ResolvedSweep } from '../load-spec.ts';
import type { EvaluatedPoint, PointEvaluator, PointRequest } from '../point-evaluator.ts';
import { POINT_JOB, pointJobData, type PointJobData, type PointJobResult } from './point-job.ts';
import { QUEUE_PREFIX, sweepQueueName } from './queue-name.ts';
import { connectRedis, type RedisEndpoint } from './redis-connection.ts';
import { announceSweep, HEARTBEAT_MS, withdrawSweep } from './sweep-registry.ts';

/** How long a finished sweep waits for workers to leave its queue before deleting it (ms). */
const DETACH_WAIT_MS = 5000;
/** Attempts of a job whose worker refused it or whose thread died (a simulation error is a result, not retried). */
export const JOB_ATTEMPTS = 3;
/**
 * Every job carries these options. Finished jobs are removed by the coordinator once their
 * record is on disk; the age limits only clean up after a coordinator that never returns.
 */
export const JOB_OPTIONS: JobsOptions = {
  attempts: JOB_ATTEMPTS,
  backoff: { type: 'fixed', delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * The coordinator's side of a distributed sweep: each point becomes a BullMQ job (id = the
 * point's hash, so enqueueing it again — a second wave, a restarted coordinator — never
 * duplicates it) and resolves with what a `mmfsim worker` returned. A restarted coordinator
 * re-adds its unfinished points: those still queued or running are awaited, those that
 * finished while it was away are collected at once.
 */
export class QueueEvaluator implements PointEvaluator {
  readonly capacity = Infinity;
  private readonly stop = new AbortController();
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly endpoint: RedisEndpoint,
    private readonly admin: Redis,
    private readonly queue: Queue<PointJobData, PointJobResult>,
    private readonly events: QueueEvents,
    private readonly model: { name: string; hash: string },
    readonly name: string,
    private readonly log: (line: string) => void,
  ) {
    this.heartbeat = setInterval(() => void announceSweep(admin, name).catch(() => {}), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Connect (InputError within seconds when Redis is unreachable or refuses), announce the sweep. */
  static async open(o: { url: string; sweep: ResolvedSweep; outDir: string; log?: (line: string) => void }): Promise<QueueEvaluator> {
    const endpoint = await connectRedis(o.url);
    const name = sweepQueueName(o.sweep, o.outDir);
    const log = o.log ?? (() => {});
    const admin = new Redis(endpoint.options);
    const onError = (e: Error) => log(`queue: ${endpoint.redact(e.message)}`);
    admin.on('error', onError);
    const queue = new Queue<PointJobData, PointJobResult>(name, { connection: admin, prefix: QUEUE_PREFIX });
    queue.on('error', onError);
    const events = new QueueEvents(name, { connection: endpoint.options, prefix: QUEUE_PREFIX });
    events.on('error', onError);
    // One listener per point in flight: a wave of a large sweep is thousands.
    events.setMaxListeners(0);
    queue.setMaxListeners(0);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    await announceSweep(admin, name);
    log(`queue ${name} on ${endpoint.target.display}: points are evaluated by \`mmfsim worker --queue ${endpoint.target.display}\` processes`);
    return new QueueEvaluator(endpoint, admin, queue, events, o.sweep.model, name, log);
  }

  /** The Redis URL as it may be shown (credentials redacted). */
  get redis(): string {
    return this.endpoint.target.display;
  }

  get description(): string {
    return `queue ${this.name} on ${this.redis}`;
  }

  async evaluate(point: PointRequest): Promise<EvaluatedPoint> {
    if (this.stop.signal.aborted) return { status: 'aborted' };
    const aborted = new Promise<'aborted'>((res) => this.stop.signal.addEventListener('abort', () => res('aborted'), { once: true }));
    try {
      const job = await this.queue.add(POINT_JOB, pointJobData(point, this.model), { ...JOB_OPTIONS, jobId: point.hash });
      const finished = job.waitUntilFinished(this.events).then(
        (value: unknown) => ({ ok: true as const, value }),
        (e: unknown) => ({ ok: false as const, reason: e instanceof Error ? e.message : String(e) }),
      );
      const r = await Promise.race([finished, aborted]);
      if (r === 'aborted') return { status: 'aborted' };
      if (r.ok) return resultOf(r.value, this.endpoint.redact);
      return failed(this.endpoint.redact(failureText(r.reason)));
    } catch (e) {
      if (this.stop.signal.aborted) return { status: 'aborted' };
      // Redis went away after the sweep started (and the client gave up): the point is not lost, it is recorded as failed.
      return failed(this.endpoint.redact(`queue: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  async recorded(hash: string): Promise<void> {
    try {
      await this.queue.remove(hash);
    } catch (e) {
      // A job that cannot be removed now is removed by its age limit or by obliterate at the end.
      this.log(`queue: could not remove finished job ${hash.slice(0, 12)}: ${this.endpoint.redact(e instanceof Error ? e.message : String(e))}`);
    }
  }

  abortAll(): void {
    this.stop.abort();
  }

  async close(complete: boolean): Promise<void> {
    clearInterval(this.heartbeat);
    try {
      if (complete) {
        // Every point has its record: nothing in the queue is needed any more. Workers leave
        // a withdrawn sweep at their next look at the registry; obliterating while one is
        // still attached would let it write the queue's keys again.
        await withdrawSweep(this.admin, this.name);
        const t0 = Date.now();
        while ((await this.queue.getWorkersCount()) > 0 && Date.now() - t0 < DETACH_WAIT_MS) await new Promise((r) => setTimeout(r, 100));
        await this.queue.obliterate({ force: true });
      }
    } finally {
      await this.events.close();
      await this.queue.close();
      this.admin.disconnect();
    }
  }
}

function failed(error: string): EvaluatedPoint {
  return { status: 'error', metrics: null, error, engine_events: null, duration_s: 0 };
}

/** A failed job's reason as a point's error: BullMQ's own reasons said in the sweep's terms. */
function failureText(reason: string): string {
  if (/stalled more than allowable limit/.test(reason)) return `the workers running this point stopped (killed or lost) more often than allowed: ${reason}`;
  return reason;
}

/** A worker's return value, checked (a job of another program on this queue is an error, not a crash). */
function resultOf(value: unknown, redact: (s: string) => string): EvaluatedPoint {
  const r = value as Partial<PointJobResult> | null;
  const host = typeof r?.host === 'string' ? r.host : undefined;
  if (r?.status === 'ok') {
    return { status: 'ok', metrics: r.metrics ?? null, error: null, engine_events: r.engine_events ?? null, duration_s: r.duration_s ?? 0, host };
  }
  if (r?.status === 'error') return { status: 'error', metrics: null, error: redact(String(r.error)), engine_events: null, duration_s: r.duration_s ?? 0, host };
  if (r?.status === 'timeout') return { status: 'timeout', duration_s: r.duration_s ?? 0, host };
  return failed(`the worker returned no point result (${JSON.stringify(value)?.slice(0, 80)})`);
}
