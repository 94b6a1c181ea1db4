import { hostname } from 'node:os';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { WorkerPool } from '../worker-pool.ts';
import { taskOfJob, type PointJobData, type PointJobResult } from './point-job.ts';
import { QUEUE_PREFIX } from './queue-name.ts';
import { connectRedis } from './redis-connection.ts';
import { activeSweeps, coordinatorAlive } from './sweep-registry.ts';

/** Seconds a running point's lock lasts without renewal (renewed every half of it while the point runs). */
export const DEFAULT_LOCK_DURATION_S = 30;
/** Times a point may lose its worker (killed, cut off) before it is recorded as an error. */
export const MAX_STALLED = 2;

export interface QueueWorkerOptions {
  url: string;
  /** Points evaluated at once: threads of this process's pool (default: 1). */
  concurrency: number;
  /**
   * Lock of a running point. Points run in pool threads, so this process's event loop stays
   * free to renew the lock however long a point takes; the duration only bounds how long a
   * killed worker's point waits before another worker takes it (about twice this).
   */
  lockDurationS?: number;
  /** Directories holding model directories (by name), searched before the coordinator's path and the bundled models/. */
  modelDirs?: string[];
  /** Abort: take no more points, finish the running ones, return. */
  signal?: AbortSignal;
  /** Abort: abandon the running points too (they go back to the queue). */
  forceSignal?: AbortSignal;
  log: (line: string) => void;
  /** How often the sweep registry is read (ms). */
  pollMs?: number;
  /**
   * Leave (return) after this many seconds with nothing to do: no point running here, none
   * waiting in any announced sweep, and no coordinator alive (one that is alive may queue
   * its next wave). For workers run as a batch job (Kubernetes Job: the pods end when the
   * sweeps are done). Undefined: serve until stopped.
   */
  idleExitS?: number;
}

/**
 * `mmfsim worker`: evaluate points of every sweep announced on this Redis, `concurrency`
 * at a time, on the same piscina pool (and so the same `evaluatePoint`) as a local sweep.
 * Each pool thread keeps the model it loaded (by path and content hash). The worker serves
 * one sweep queue at a time: it stays on its queue while that has points waiting (or no
 * other queue has any), so two sweeps share the workers without each holding a thread.
 */
export async function runQueueWorker(o: QueueWorkerOptions): Promise<void> {
  const endpoint = await connectRedis(o.url);
  const host = hostname();
  const lockMs = Math.round((o.lockDurationS ?? DEFAULT_LOCK_DURATION_S) * 1000);
  const pollMs = o.pollMs ?? 1000;
  const say = (line: string) => o.log(endpoint.redact(line));
  const admin = new Redis(endpoint.options);
  admin.on('error', (e) => say(`redis: ${e.message}`));
  const pool = new WorkerPool(o.concurrency);
  const probes = new Map<string, Queue>();
  const waiting = async (name: string): Promise<number> => {
    let q = probes.get(name);
    if (!q) {
      q = new Queue(name, { connection: admin, prefix: QUEUE_PREFIX });
      q.on('error', (e) => say(`queue ${name}: ${e.message}`));
      probes.set(name, q);
    }
    const c = await q.getJobCounts('wait', 'prioritized', 'delayed', 'paused');
    return Object.values(c).reduce((a, b) => a + b, 0);
  };

  let running = 0;
  let busyAt = Date.now();
  const processor = async (job: Job<PointJobData, PointJobResult>): Promise<PointJobResult> => {
    running++;
    try {
      return await evaluateJob(job);
    } finally {
      running--;
      busyAt = Date.now();
    }
  };
  const evaluateJob = async (job: Job<PointJobData, PointJobResult>): Promise<PointJobResult> => {
    const id = job.id ?? '?';
    const short = id.slice(0, 12);
    const checked = taskOfJob(job.data, id, o.modelDirs ?? []);
    if ('refusal' in checked) {
      say(`point ${short} refused: ${checked.refusal}`);
      // A failed attempt, not a result: another worker (or this one, fixed) may take it; after the last attempt it is the point's error.
      throw new Error(`worker on ${host} refused the point: ${checked.refusal}`);
    }
    say(`point ${short} started (attempt ${job.attemptsMade + 1})`);
    const out = await pool.run(checked.task, job.data.timeout_s ?? undefined);
    if (out.status === 'aborted') throw new Error(`the worker on ${host} was stopped before the point finished`);
    say(`point ${short} ${out.status} in ${out.duration_s.toFixed(2)} s`);
    return { ...out, host };
  };

  let current = null as { name: string; worker: Worker } | null;
  const serve = (name: string): { name: string; worker: Worker } => {
    const worker = new Worker<PointJobData, PointJobResult>(name, processor, {
      connection: endpoint.options,
      prefix: QUEUE_PREFIX,
      concurrency: o.concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: MAX_STALLED,
    });
    worker.on('error', (e) => say(`queue ${name}: ${e.message}`));
    say(`serving sweep queue ${name}`);
    return { name, worker };
  };

  say(`mmfsim worker on ${host}: ${o.concurrency} thread${o.concurrency === 1 ? '' : 's'}, sweeps on ${endpoint.target.display}`);
  let idleSaid = false;
  try {
    while (!o.signal?.aborted) {
      const sweeps = await activeSweeps(admin).catch(() => null);
      if (sweeps) {
        const names = sweeps.map((x) => x.name);
        for (const [n, q] of probes) {
          if (!names.includes(n)) {
            probes.delete(n);
            void q.close();
          }
        }
        if (sweeps.some((x) => coordinatorAlive(x.seenAt))) busyAt = Date.now();
        let next: string | null = null;
        const stay = current !== null && names.includes(current.name) && (await waiting(current.name).catch(() => 1)) > 0;
        if (stay || running > 0) busyAt = Date.now();
        if (stay) next = current!.name;
        else {
          for (const n of names) {
            if (n !== current?.name && (await waiting(n).catch(() => 0)) > 0) {
              next = n;
              break;
            }
          }
          if (next === null && running === 0 && o.idleExitS !== undefined && Date.now() - busyAt >= o.idleExitS * 1000) {
            say(`nothing to do for ${o.idleExitS} s: leaving`);
            break;
          }
          // Nothing waits anywhere: keep the queue (between two waves of its sweep) or take any announced one.
          next ??= current && names.includes(current.name) ? current.name : (names[0] ?? null);
        }
        if (next !== (current?.name ?? null)) {
          // close() lets the running points finish first.
          if (current) await current.worker.close();
          current = next ? serve(next) : null;
          idleSaid = false;
        }
        if (!current && !idleSaid) {
          say('no sweep announced: waiting');
          idleSaid = true;
        }
      }
      await sleep(pollMs, o.signal);
    }
    if (o.signal?.aborted) say('stopping: finishing the running points');
  } finally {
    const onForce = () => pool.abortAll();
    if (o.forceSignal?.aborted) onForce();
    o.forceSignal?.addEventListener('abort', onForce);
    const c = current as { worker: Worker } | null;
    await c?.worker.close();
    o.forceSignal?.removeEventListener('abort', onForce);
    await pool.close();
    await Promise.all([...probes.values()].map((q) => q.close()));
    admin.disconnect();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((res) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      res();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
