import { Worker } from 'node:worker_threads';

/** How one `mmfsim` invocation ended inside the sandbox. */
export type SandboxOutcome =
  | { kind: 'exit'; code: number; stdout: string; stderr: string; ms: number; rssGrowthMb: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'memory'; rssGrowthMb: number; ms: number }
  | { kind: 'crash'; message: string };

export interface SandboxLimits {
  /** Wall time after which the case counts as a hang (generous: the host is shared). */
  timeoutMs: number;
  /** Growth of the process's resident memory over the case's start that counts as unbounded. */
  memoryMb: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { timeoutMs: 30_000, memoryMb: 1024 };

/** mmfsim's memory budget inside the sandbox (MMFSIM_MEMORY_BUDGET_MB): well under its memory limit. */
export const SANDBOX_MEMORY_BUDGET_MB = 256;

/**
 * Runs `main(argv)` (sim/cli/main.ts) in a worker thread with a watchdog: the worker is
 * terminated, and a fresh one started for the next case, when a case runs past its time or
 * its memory growth passes the limit. The worker is reused between cases (starting one
 * compiles the sources, seconds), so a fuzzing run pays that once per test file.
 */
export class CliSandbox {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 0;

  async run(argv: string[], limits: SandboxLimits = DEFAULT_LIMITS): Promise<SandboxOutcome> {
    const worker = await this.start();
    const id = this.nextId++;
    const base = process.memoryUsage.rss();
    const t0 = performance.now();
    let peak = base;
    return new Promise<SandboxOutcome>((resolve) => {
      const finish = (o: SandboxOutcome, kill: boolean) => {
        clearInterval(sampler);
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (kill) void this.stop();
        resolve(o);
      };
      const onMessage = (m: { id: number; code: number; stdout: string; stderr: string }) => {
        if (m.id !== id) return;
        finish({ kind: 'exit', code: m.code, stdout: m.stdout, stderr: m.stderr, ms: performance.now() - t0, rssGrowthMb: (peak - base) / 2 ** 20 }, false);
      };
      const onError = (e: Error) => finish(/out of memory/i.test(e.message) ? { kind: 'memory', rssGrowthMb: (peak - base) / 2 ** 20, ms: performance.now() - t0 } : { kind: 'crash', message: e.stack ?? e.message }, true);
      const onExit = (code: number) => finish({ kind: 'crash', message: `worker exited with code ${code}` }, true);
      const sampler = setInterval(() => {
        const rss = process.memoryUsage.rss();
        if (rss > peak) peak = rss;
        if ((rss - base) / 2 ** 20 > limits.memoryMb) finish({ kind: 'memory', rssGrowthMb: (rss - base) / 2 ** 20, ms: performance.now() - t0 }, true);
      }, 20);
      const timer = setTimeout(() => finish({ kind: 'timeout', ms: performance.now() - t0 }, true), limits.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, argv });
    });
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }

  private async start(): Promise<Worker> {
    if (!this.worker) {
      const w = new Worker(new URL('./cli-worker.mjs', import.meta.url), {
        // The V8 heap of the worker; typed arrays live outside it and are watched through rss.
        resourceLimits: { maxOldGenerationSizeMb: 2048 },
        // A model that fits this budget loads and runs within the sandbox's memory limit;
        // a larger one is refused up front (exit 2), which is what the fuzzer checks.
        env: { ...process.env, MMFSIM_MEMORY_BUDGET_MB: String(SANDBOX_MEMORY_BUDGET_MB) },
        stdout: false,
        stderr: false,
      });
      this.worker = w;
      this.ready = new Promise<void>((resolve, reject) => {
        const onReady = (m: { ready?: boolean }) => {
          if (m.ready) {
            w.off('message', onReady);
            resolve();
          }
        };
        w.on('message', onReady);
        w.once('error', reject);
      });
    }
    await this.ready;
    return this.worker!;
  }
}
