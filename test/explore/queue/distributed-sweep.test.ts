import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSweepSpec } from '../../../sim/explore/load-spec.ts';
import { comparableResults, ROOT, writeTinySpec } from '../sweep-fixtures.ts';
import { mmfsim, redisMissing, startRedis, type RedisProcess } from './redis-server.ts';

/**
 * Distributed sweeps end to end: a real redis-server, `mmfsim sweep --queue` and
 * `mmfsim worker` as real processes, killed with SIGKILL as a cluster would lose them.
 * The results must be those of a local sweep of the same spec, every point exactly once.
 */
const dir = mkdtempSync(join(tmpdir(), 'mmfsim-queue-'));
let redis: RedisProcess;
const running: ReturnType<typeof mmfsim>[] = [];
const start = (args: string[]) => {
  const p = mmfsim(args);
  running.push(p);
  return p;
};

beforeAll(async () => {
  if (!redisMissing) redis = await startRedis();
});
// A test that fails leaves no worker behind to take the next test's points.
afterEach(() => {
  for (const p of running.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
});
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Six designs of pycode-tiny with 40 generated tokens: long enough (tenths of a second to
// seconds each) that a worker killed right after it starts a point is killed mid-point.
const body = (tokens: number) => `base: ${ROOT}/arch-configs/d5005-burst.yaml
model: ${ROOT}/models/pycode-tiny
prompt_ids: [1, 2, 3]
tokens: ${tokens}
axes:
  core.tmatmul.weights_per_cycle: [16, 64, 256]
  core.clock_mhz: [100, 200]
constraints: [feasible]
objectives: [max tokens_per_s, min power_w.total]
`;

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0) : []);
/** results.jsonl as comparable data: wall times and the worker's host dropped. */
const comparable = (file: string) => (comparableResults(readFileSync(file, 'utf8')) as Record<string, unknown>[]).map(({ host: _h, ...r }) => r);

async function localReference(spec: string, name: string, flags: string[]): Promise<string> {
  const out = join(dir, name);
  const p = start(['sweep', spec, '--out', out, '--workers', '2', ...flags]);
  expect((await p.done).code, p.out().stderr).toBe(0);
  return join(out, 'results.jsonl');
}

async function keysLeft(): Promise<string[]> {
  const r = new Redis({ port: redis.port, host: '127.0.0.1' });
  try {
    return await r.keys('mmfsim:*');
  } finally {
    r.disconnect();
  }
}

describe.skipIf(redisMissing !== null)('distributed sweep (sweep --queue, mmfsim worker) on a real redis-server', () => {
  it('two workers, one killed with SIGKILL mid-point: every point finished exactly once, results equal a local sweep', async () => {
    const spec = writeTinySpec(dir, 'kill.yaml', '', body(40));
    const total = loadSweepSpec(spec).space.size;
    const out = join(dir, 'kill-queue');
    // A short lock so the killed worker's point is taken again within seconds.
    const a = start(['worker', '--queue', redis.url, '--concurrency', '1', '--lock-duration', '2']);
    const b = start(['worker', '--queue', redis.url, '--concurrency', '1', '--lock-duration', '2']);
    // Both are listening before the first point is queued (so both get points).
    await Promise.all([a.waitFor(/waiting|serving/), b.waitFor(/waiting|serving/)]);
    const sweep = start(['sweep', spec, '--out', out, '--queue', redis.url, '--json']);
    const [, victim] = await a.waitFor(/point ([0-9a-f]{12}) started/);
    a.child.kill('SIGKILL');
    expect((await a.done).signal).toBe('SIGKILL');
    // It really was mid-point: the killed worker never reported the point finished.
    expect(a.out().stderr).not.toMatch(new RegExp(`point ${victim} (ok|error|timeout)`));

    const r = await sweep.done;
    expect(r.code, sweep.out().stderr).toBe(0);
    const summary = JSON.parse(sweep.out().stdout);
    expect(summary.queue.name).toMatch(/^sweep-/);
    expect(summary.counts.unfinished).toBe(0);
    // The survivor took the killed worker's point over and finished it.
    expect(b.out().stderr).toMatch(new RegExp(`point ${victim} ok`));
    const results = lines(join(out, 'results.jsonl'));
    expect(results).toHaveLength(total);
    expect(new Set(results.map((l) => JSON.parse(l).hash)).size).toBe(total);
    for (const l of results) expect(JSON.parse(l).host).toEqual(expect.any(String));

    const local = await localReference(spec, 'kill-local', []);
    expect(comparable(join(out, 'results.jsonl'))).toEqual(comparable(local));
    expect(readFileSync(join(out, 'pareto.json'), 'utf8')).toBe(readFileSync(join(dir, 'kill-local', 'pareto.json'), 'utf8'));
    // A complete sweep leaves nothing in Redis: its jobs, queue and registry entry are gone.
    expect(await keysLeft()).toEqual([]);
    expect((await b.stop()).code).toBe(0);
  }, 300_000);

  it('a coordinator killed mid-sweep and restarted collects what the workers finished meanwhile: the same final results', async () => {
    const spec = writeTinySpec(dir, 'restart.yaml', '', body(24));
    const total = loadSweepSpec(spec).space.size;
    const out = join(dir, 'restart-queue');
    const results = join(out, 'results.jsonl');
    const w = start(['worker', '--queue', redis.url, '--concurrency', '1', '--lock-duration', '2']);
    const first = start(['sweep', spec, '--out', out, '--queue', redis.url, '--no-prune']);
    const t0 = Date.now();
    while (lines(results).length < 2) {
      if (Date.now() - t0 > 120_000) throw new Error(`no results: ${first.out().stderr}`);
      await new Promise((res) => setTimeout(res, 25));
    }
    first.child.kill('SIGKILL');
    await first.done;
    const before = lines(results);
    expect(before.length).toBeLessThan(total);
    // The worker goes on with the queued points while no coordinator listens.
    await w.waitFor(new RegExp(`(point [0-9a-f]{12} ok[^]*){${before.length + 1}}`));

    const second = start(['sweep', spec, '--out', out, '--queue', redis.url, '--no-prune', '--json']);
    const r = await second.done;
    expect(r.code, second.out().stderr).toBe(0);
    const summary = JSON.parse(second.out().stdout);
    expect(summary.reused).toBe(before.length);
    expect(summary.simulated).toBe(total - before.length);
    const after = lines(results);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(total);
    expect(new Set(after.map((l) => JSON.parse(l).hash)).size).toBe(total);
    // Each point was evaluated once: the restart did not enqueue finished or running points again.
    expect(w.out().stderr.match(/started/g)).toHaveLength(total);

    const local = await localReference(spec, 'restart-local', ['--no-prune']);
    expect(comparable(results)).toEqual(comparable(local));
    expect(await keysLeft()).toEqual([]);
    expect((await w.stop()).code).toBe(0);
  }, 300_000);

  it('NSGA-II through the queue: the coordinator proposes each generation, workers evaluate it; the same search as locally', async () => {
    const spec = writeTinySpec(
      dir,
      'nsga2.yaml',
      '',
      body(4).replace('axes:\n', 'sample: {nsga2: {population: 4, generations: 2, seed: 3}}\naxes:\n  memory.channels: [1, 2]\n'),
    );
    const out = join(dir, 'nsga2-queue');
    const w = start(['worker', '--queue', redis.url, '--concurrency', '2', '--lock-duration', '2']);
    const s = start(['sweep', spec, '--out', out, '--queue', redis.url, '--json']);
    expect((await s.done).code, s.out().stderr).toBe(0);
    const summary = JSON.parse(s.out().stdout);
    expect(summary.sample).toMatch(/^nsga2/);
    const generations = new Set(comparable(join(out, 'results.jsonl')).map((r) => r['generation']));
    expect(generations.size).toBeGreaterThan(1);
    const local = await localReference(spec, 'nsga2-local', []);
    expect(comparable(join(out, 'results.jsonl'))).toEqual(comparable(local));
    expect(readFileSync(join(out, 'pareto.json'), 'utf8')).toBe(readFileSync(join(dir, 'nsga2-local', 'pareto.json'), 'utf8'));
    expect((await w.stop()).code).toBe(0);
  }, 300_000);
});
