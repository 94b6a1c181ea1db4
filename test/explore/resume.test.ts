import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSweepSpec } from '../../sim/explore/load-spec.ts';
import { comparableResults, ROOT, writeTinySpec } from './sweep-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'mmfsim-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `node bin/mmfsim.mjs sweep …` as a real process (what a user kills). */
function sweepProcess(args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/mmfsim.mjs'), 'sweep', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
  return { child, done, out: () => ({ stdout, stderr }) };
}

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0) : []);

/** Poll until results.jsonl holds at least n lines (the sweep is mid-run). */
async function untilLines(file: string, n: number, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (lines(file).length < n) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`results.jsonl never reached ${n} lines`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// 24 points, each a few tenths of a second on one worker: seconds of sweep to interrupt.
const extra = '  core.rowwise.elements_per_cycle: [8, 16]\n';

describe('a killed sweep resumes: every point exactly once, none lost', () => {
  it('after SIGKILL mid-run (and a torn last line), re-running finishes the sweep', async () => {
    const spec = writeTinySpec(dir, 'kill.yaml', extra);
    const out = join(dir, 'kill');
    const results = join(out, 'results.jsonl');
    const total = loadSweepSpec(spec).space.size;
    const first = sweepProcess([spec, '--out', out, '--workers', '1', '--no-prune']);
    await untilLines(results, 3);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const before = lines(results);
    expect(before.length).toBeLessThan(total); // it really was mid-run
    // A write cut by the kill: half a line without its newline.
    appendFileSync(results, before[0]!.slice(0, 40));

    const second = sweepProcess([spec, '--out', out, '--workers', '2', '--no-prune', '--json']);
    const r = await second.done;
    expect(r.code, second.out().stderr).toBe(0);
    const summary = JSON.parse(second.out().stdout);
    expect(summary.reused).toBe(before.length);
    expect(summary.simulated).toBe(total - before.length);
    const after = lines(results);
    // The lines finished before the kill are kept as they were; the torn fragment is gone.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(total);
    const hashes = after.map((l) => JSON.parse(l).hash);
    expect(new Set(hashes).size).toBe(total);

    // The same content as an uninterrupted sweep.
    const clean = sweepProcess([spec, '--out', join(dir, 'clean'), '--workers', '2', '--no-prune']);
    expect((await clean.done).code).toBe(0);
    expect(comparableResults(after.join('\n'))).toEqual(comparableResults(readFileSync(join(dir, 'clean', 'results.jsonl'), 'utf8')));
  }, 300_000);

  it('Ctrl-C (SIGINT) stops cleanly: exit 130, finished points and the front written, then resumable', async () => {
    const spec = writeTinySpec(dir, 'int.yaml', extra);
    const out = join(dir, 'int');
    const results = join(out, 'results.jsonl');
    const total = loadSweepSpec(spec).space.size;
    const first = sweepProcess([spec, '--out', out, '--workers', '1', '--no-prune']);
    await untilLines(results, 2);
    first.child.kill('SIGINT');
    const r = await first.done;
    expect(r.code).toBe(130);
    expect(first.out().stderr).toMatch(/stopping/);
    expect(first.out().stdout).toMatch(/STOPPED before the end/);
    const kept = lines(results);
    expect(kept.length).toBeLessThan(total);
    for (const l of kept) expect(() => JSON.parse(l)).not.toThrow();
    expect(existsSync(join(out, 'pareto.json'))).toBe(true);
    const second = sweepProcess([spec, '--out', out, '--workers', '2', '--no-prune']);
    expect((await second.done).code).toBe(0);
    const all = lines(results);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((l) => JSON.parse(l).hash)).size).toBe(total);
  }, 300_000);
});
