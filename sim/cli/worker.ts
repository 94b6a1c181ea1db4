import { availableParallelism } from 'node:os';
import { InputError } from '../input-error.ts';
import { DEFAULT_LOCK_DURATION_S, runQueueWorker } from '../explore/queue/queue-worker.ts';
import { defineCommand } from './command.ts';

/** `mmfsim worker --queue redis://…`: evaluate the points of distributed sweeps (docs/distributed.md). */
export const workerCommand = defineCommand({
  name: 'worker',
  describe: 'Evaluate points of distributed sweeps (sweep --queue) from a Redis queue',
  builder: (y) =>
    y
      .usage('$0 worker --queue redis://[USER:PASSWORD@]HOST:PORT[/DB] [options]')
      .option('queue', { type: 'string', describe: 'Redis URL (redis://, or rediss:// for TLS); default: the MMFSIM_QUEUE environment variable, which keeps a password out of the process list' })
      .option('concurrency', { type: 'number', default: 1, describe: `Points evaluated at once (worker threads; this machine has ${availableParallelism()} cores)` })
      .option('lock-duration', { type: 'number', default: DEFAULT_LOCK_DURATION_S, describe: 'Seconds a running point stays locked without renewal: a killed worker\'s point is taken by another worker after about twice this' })
      .option('idle-exit', { type: 'number', describe: 'Leave (exit 0) after S seconds with no point running here, none waiting in any sweep and no coordinator alive (workers run as a batch job); default: serve until stopped' })
      .option('models', { type: 'array', string: true, describe: 'Directory holding model directories by name (repeatable); then the coordinator\'s path and the bundled models/ are tried' }),
  run: async (args) => {
    const url = args.queue ?? process.env['MMFSIM_QUEUE'];
    if (url === undefined || url.trim() === '') throw new InputError('--queue redis://HOST:PORT is required (or the MMFSIM_QUEUE environment variable)', { key: '--queue' });
    if (!Number.isInteger(args.concurrency) || args.concurrency < 1) throw new InputError(`expected a positive integer, got ${args.concurrency}`, { key: '--concurrency' });
    const lock = args['lock-duration'];
    if (!(Number.isFinite(lock) && lock >= 1)) throw new InputError(`expected at least 1 second, got ${lock}`, { key: '--lock-duration' });

    const idle = args['idle-exit'];
    if (idle !== undefined && !(Number.isFinite(idle) && idle >= 0)) throw new InputError(`expected a number of seconds, got ${idle}`, { key: '--idle-exit' });
    // SIGINT / SIGTERM (Ctrl-C, Kubernetes): finish the running points and leave; a second
    // signal abandons them (they return to the queue); a third quits at once.
    const stop = new AbortController();
    const force = new AbortController();
    const onSignal = () => {
      if (force.signal.aborted) process.exit(130);
      if (stop.signal.aborted) {
        process.stderr.write('mmfsim worker: abandoning the running points (they go back to the queue)\n');
        force.abort();
      } else stop.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      await runQueueWorker({
        url,
        concurrency: args.concurrency,
        lockDurationS: lock,
        idleExitS: idle,
        modelDirs: (args.models ?? []).map(String),
        signal: stop.signal,
        forceSignal: force.signal,
        log: (line) => process.stderr.write(`mmfsim worker: ${line}\n`),
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return 0;
  },
});
