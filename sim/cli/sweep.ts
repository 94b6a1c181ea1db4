import { basename, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { Presets, SingleBar } from 'cli-progress';
import { InputError } from '../input-error.ts';
import { DEFAULT_WAVE_SIZE, runSweep, type SweepProgress } from '../explore/run-sweep.ts';
import { sweepSummaryText } from '../explore/sweep-text.ts';
import { defineCommand } from './command.ts';
import { ProgressLines } from './progress-lines.ts';

/** Options `mmfsim sweep` knows (yargs adds camelCase twins); anything else is bad input. */
const KNOWN = new Set(['report', '_', '$0', 'help', 'h', 'out', 'o', 'workers', 'point-timeout', 'pointTimeout', 'retry-failed', 'retryFailed', 'prune', 'json', 'queue', 'wave-size', 'waveSize']);

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

/** `mmfsim sweep SPEC.yaml --out DIR`: a design-space sweep on a worker pool. */
export const sweepCommand = defineCommand({
  name: 'sweep',
  describe: 'Sweep designs in parallel: results.jsonl, the exact Pareto front, hypervolume',
  // The registry registers commands by bare name: SPEC is read from `_`, unknown options checked below.
  builder: (y) =>
    y
      .usage('$0 sweep SPEC.yaml --out DIR [options]')
      .strict(false)
      .option('out', { alias: 'o', type: 'string', describe: 'Output directory (results.jsonl, pareto.json, summary.csv, sweep.lock.json); re-running resumes it' })
      .option('workers', { type: 'number', default: availableParallelism(), defaultDescription: 'the machine\'s cores', describe: 'Worker threads simulating points in parallel' })
      .option('point-timeout', { type: 'number', describe: 'Seconds a point may take before it is recorded as timeout (its worker is replaced)' })
      .option('retry-failed', { type: 'boolean', default: false, describe: 'Re-run points recorded as error or timeout' })
      .option('queue', { type: 'string', describe: 'Evaluate points on `mmfsim worker` processes through this Redis (redis://[USER:PASSWORD@]HOST:PORT[/DB], rediss:// for TLS) instead of local threads; a password may come from MMFSIM_REDIS_PASSWORD instead of the URL' })
      .option('wave-size', { type: 'number', describe: `Simulations between two pruning decisions (default ${DEFAULT_WAVE_SIZE}; results depend on it, not on the workers; a larger wave keeps more queue workers busy)` })
      .option('prune', { type: 'boolean', default: true, describe: 'Skip points whose optimistic bounds are already dominated (grid, random, latin; exact: the front is unchanged). --no-prune simulates every point' })
      .option('report', { type: 'string', describe: 'Also write the sweep\'s HTML report to FILE.html (without a value: reports/sweep-<dir>.html); its path is printed (stderr with --json)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the summary as one JSON object on stdout' }),
  run: async (args) => {
    const positionals = ((args as { _?: (string | number)[] })._ ?? []).slice(1).map(String);
    const unknown = Object.keys(args).filter((k) => !KNOWN.has(k));
    if (unknown.length > 0) throw new InputError(`unknown option --${unknown[0]}`, { key: 'sweep' });
    if (positionals.length !== 1) throw new InputError(`expected one SPEC.yaml, got ${positionals.length} arguments`, { key: 'sweep' });
    if (!args.out) throw new InputError('--out DIR is required (where results.jsonl and the front are written)', { key: '--out' });
    if (!Number.isInteger(args.workers) || args.workers < 1) throw new InputError(`expected a positive integer, got ${args.workers}`, { key: '--workers' });
    const timeout = args['point-timeout'];
    if (timeout !== undefined && !(timeout > 0)) throw new InputError(`expected a positive number of seconds, got ${timeout}`, { key: '--point-timeout' });
    const waveSize = args['wave-size'];
    if (waveSize !== undefined && !(Number.isInteger(waveSize) && waveSize >= 1)) throw new InputError(`expected a positive integer, got ${waveSize}`, { key: '--wave-size' });
    const queue = args.queue;

    // Ctrl-C: stop cleanly (finished points are already on disk); a second one quits at once.
    const stop = new AbortController();
    const onSigint = () => {
      if (stop.signal.aborted) process.exit(130);
      process.stderr.write('\nmmfsim sweep: stopping (finished points are kept; Ctrl-C again to quit now)\n');
      stop.abort();
    };
    process.on('SIGINT', onSigint);

    const t0 = performance.now();
    const tty = process.stderr.isTTY === true;
    const bar = tty ? new SingleBar({ format: 'sweep {bar} {value}/{total} points | pruned {pruned} | failed {failed} | {rate} points/s | ETA {eta_text}', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : null;
    let barStarted = false;
    const lines = new ProgressLines((line) => process.stderr.write(line));
    const onProgress = (p: SweepProgress) => {
      const elapsed = (performance.now() - t0) / 1000;
      // Points/s of simulated points; the ETA assumes the rest are all simulated (pruning only shortens it).
      const rate = elapsed > 0 ? p.simulated / elapsed : 0;
      const eta = rate > 0 ? (p.total - p.done) / rate : Infinity;
      const payload = { pruned: p.pruned, failed: p.failed, rate: rate.toFixed(2), eta_text: seconds(eta) };
      if (bar) {
        if (!barStarted) bar.start(p.total, p.done, payload);
        barStarted = true;
        bar.setTotal(p.total);
        bar.update(p.done, payload);
      } else {
        lines.update(p.done, p.total, `mmfsim sweep: ${p.done}/${p.total} points (${p.pruned} pruned, ${p.failed} failed), ${payload.rate} points/s, ETA ${payload.eta_text}\n`);
      }
    };
    let summary;
    try {
      summary = await runSweep({ specFile: positionals[0]!, outDir: args.out, workers: args.workers, queue, waveSize, pointTimeoutS: timeout, retryFailed: args['retry-failed'], prune: args.prune, signal: stop.signal, onProgress, onLog: (line) => process.stderr.write(`mmfsim sweep: ${line}\n`) });
    } finally {
      bar?.stop();
      process.off('SIGINT', onSigint);
    }
    if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else process.stdout.write(sweepSummaryText(summary));
    if (args.report !== undefined && !summary.stopped) {
      // Loaded only when asked for: d3 and linkedom stay out of a plain sweep.
      const { defaultReportPath, readSweepDir, sweepReport, writeReport } = await import('../report/index.ts');
      const path = writeReport(sweepReport(readSweepDir(args.out)), args.report.trim() === '' ? defaultReportPath('sweep', [basename(resolve(args.out))]) : args.report);
      (args.json ? process.stderr : process.stdout).write(`report written: ${path}\n`);
    }
    return summary.stopped ? 130 : 0;
  },
});
