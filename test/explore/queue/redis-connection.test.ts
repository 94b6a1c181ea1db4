import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../sweep-fixtures.ts';
import { freePort, mmfsim, redisMissing, startRedis, type RedisProcess } from './redis-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'mmfsim-queue-conn-'));
const PASSWORD = 'pw-Xq7-never-printed';
let redis: RedisProcess;
const running: ReturnType<typeof mmfsim>[] = [];
const start = (args: string[], env: Record<string, string> = {}) => {
  const p = mmfsim(args, env);
  running.push(p);
  return p;
};

beforeAll(async () => {
  if (!redisMissing) redis = await startRedis(['--requirepass', PASSWORD]);
});
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const spec = (name: string, model = `${ROOT}/models/pycode-tiny`) => {
  const file = join(dir, name);
  writeFileSync(
    file,
    `base: ${ROOT}/arch-configs/d5005-burst.yaml
model: ${model}
prompt_ids: [1, 2]
tokens: 2
axes:
  core.clock_mhz: [100, 200]
constraints: [feasible]
objectives: [max tokens_per_s, min power_w.total]
`,
  );
  return file;
};

/** Everything a run left: stdout, stderr and every file of OUT. */
function everything(p: ReturnType<typeof mmfsim>, out?: string): string {
  const files = out && existsSync(out) ? readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8')) : [];
  return [p.out().stdout, p.out().stderr, ...files].join('\n');
}

describe('queue connections fail fast and keep credentials secret', () => {
  it('without a reachable Redis, sweep --queue and worker exit 2 with one line (bounded retries, no hang), OUT untouched', async () => {
    const port = await freePort(); // nothing listens there
    const out = join(dir, 'unreachable');
    const s = start(['sweep', spec('u.yaml'), '--out', out, '--queue', `redis://:${PASSWORD}@127.0.0.1:${port}/0`]);
    expect((await s.done).code).toBe(2);
    const err = s.out().stderr.trim();
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(/--queue: cannot reach Redis at redis:\/\/\*\*\*@127\.0\.0\.1:\d+\/0 \(ECONNREFUSED/);
    expect(err).not.toContain(PASSWORD);
    expect(existsSync(join(out, 'sweep.lock.json'))).toBe(false);

    const w = start(['worker', '--queue', `redis://127.0.0.1:${port}`]);
    expect((await w.done).code).toBe(2);
    expect(w.out().stderr.trim()).toMatch(/^mmfsim: error: --queue: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/0 \(ECONNREFUSED/);
  }, 60_000);

  it.skipIf(redisMissing !== null)('a password-protected Redis: wrong or missing password exit 2 with one line; the right one (in the URL or MMFSIM_REDIS_PASSWORD) runs the sweep', async () => {
    const base = `redis://127.0.0.1:${redis.port}`;
    const wrong = start(['sweep', spec('w.yaml'), '--out', join(dir, 'wrong'), '--queue', `redis://:not-${PASSWORD}@127.0.0.1:${redis.port}`]);
    expect((await wrong.done).code).toBe(2);
    expect(wrong.out().stderr.trim()).toMatch(/^mmfsim: error: --queue: Redis at redis:\/\/\*\*\*@127\.0\.0\.1:\d+\/0 refused the user name or password given in the URL \(WRONGPASS\)$/);
    expect(wrong.out().stderr).not.toContain(PASSWORD);

    const none = start(['worker', '--queue', base]);
    expect((await none.done).code).toBe(2);
    expect(none.out().stderr.trim()).toMatch(/^mmfsim: error: --queue: Redis at redis:\/\/127\.0\.0\.1:\d+\/0 requires a password \(NOAUTH\)/);

    const wrongWorker = start(['worker', '--queue', `redis://default:bad-${PASSWORD}@127.0.0.1:${redis.port}/0`]);
    expect((await wrongWorker.done).code).toBe(2);
    expect(wrongWorker.out().stderr).toMatch(/WRONGPASS/);
    expect(wrongWorker.out().stderr).not.toContain(PASSWORD);

    // The right password: the coordinator in its URL, the worker from the environment. The
    // worker starts once the sweep is queued and, as a batch-job worker, leaves when idle.
    const out = join(dir, 'right');
    const s = start(['sweep', spec('r.yaml'), '--out', out, '--queue', `redis://:${PASSWORD}@127.0.0.1:${redis.port}/0`, '--json']);
    await s.waitFor(/queue sweep-\S+ on redis:\/\/\*\*\*@127\.0\.0\.1/);
    const worker = start(['worker', '--queue', base, '--lock-duration', '2', '--idle-exit', '2'], { MMFSIM_REDIS_PASSWORD: PASSWORD });
    expect((await s.done).code, s.out().stderr).toBe(0);
    const summary = JSON.parse(s.out().stdout);
    expect(summary.counts.ok).toBe(2);
    expect(summary.queue.redis).toBe(`redis://***@127.0.0.1:${redis.port}/0`);
    expect(await worker.done).toEqual({ code: 0, signal: null });
    expect(worker.out().stderr).toMatch(/nothing to do for 2 s: leaving/);
    expect(everything(s, out)).not.toContain(PASSWORD);
    expect(everything(worker)).not.toContain(PASSWORD);

    // OUT refused after connecting (it holds another model's sweep): exit 2, and the process
    // exits (the queue's connections are released).
    const clash = start(['sweep', spec('c.yaml', `${ROOT}/models/mmfreelm-370m`), '--out', out, '--queue', `redis://:${PASSWORD}@127.0.0.1:${redis.port}/0`]);
    expect((await clash.done).code).toBe(2);
    expect(clash.out().stderr).toMatch(/holds a sweep of model pycode-tiny/);
  }, 240_000);

  it.skipIf(redisMissing !== null)('a worker whose model differs from the coordinator\'s refuses the point: the error, naming both hashes, is the point\'s record', async () => {
    // The same model name with another config.json: another content hash.
    const models = join(dir, 'models');
    cpSync(join(ROOT, 'models/pycode-tiny'), join(models, 'pycode-tiny'), { recursive: true });
    const cfgFile = join(models, 'pycode-tiny', 'config.json');
    writeFileSync(cfgFile, readFileSync(cfgFile, 'utf8').replace(/\}\s*$/, ', "note": "edited"}\n'));
    const url = `redis://:${PASSWORD}@127.0.0.1:${redis.port}/0`;
    const worker = start(['worker', '--queue', url, '--models', models, '--concurrency', '2']);
    const out = join(dir, 'refused');
    const s = start(['sweep', spec('m.yaml'), '--out', out, '--queue', url, '--json']);
    expect((await s.done).code, s.out().stderr).toBe(0);
    expect(JSON.parse(s.out().stdout).counts.error).toBe(2);
    const records = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const r of records) {
      expect(r.status).toBe('error');
      expect(r.error).toMatch(/refused the point: the model at .*pycode-tiny has content hash [0-9a-f]{12}, the sweep's pycode-tiny has [0-9a-f]{12}/);
    }
    expect(worker.out().stderr).toMatch(/refused/);
    expect((await worker.stop()).code).toBe(0);
  }, 240_000);
});
