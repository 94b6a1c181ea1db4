import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../sweep-fixtures.ts';

export const REDIS_SERVER = '/usr/bin/redis-server';
/** Debian's redis-server (.ci/run installs it); without it the queue tests are skipped with this reason. */
export const redisMissing = existsSync(REDIS_SERVER) ? null : `${REDIS_SERVER} is not installed (apt-get install redis-server; .ci/run does): the queue tests are skipped`;

/** A free loopback port (the OS picks one; the race until redis binds it is harmless in tests). */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface RedisProcess {
  port: number;
  url: string;
  stop: () => Promise<void>;
}

/** A throw-away redis-server on 127.0.0.1 (no persistence), ready to accept connections. */
export async function startRedis(extra: string[] = []): Promise<RedisProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: 'ignore' });
  const t0 = Date.now();
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (Date.now() - t0 > 10_000) throw new Error('redis-server did not start within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = new Socket();
    s.once('connect', () => (s.destroy(), res(true)));
    s.once('error', () => res(false));
    s.connect(port, '127.0.0.1');
  });
}

/** `node bin/mmfsim.mjs …` as a real process, its output collected. */
export function mmfsim(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/mmfsim.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
  return {
    child,
    done,
    out: () => ({ stdout, stderr }),
    /** Resolves when stderr matches (polling), with the match. */
    async waitFor(re: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
      const t0 = Date.now();
      for (;;) {
        const m = stderr.match(re);
        if (m) return m;
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${re}: ${stderr}`);
        if (Date.now() - t0 > timeoutMs) throw new Error(`never saw ${re} in: ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    /** SIGTERM (a worker finishes its points and leaves) and wait for the exit. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return done;
    },
  };
}
