import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';
import { goldenCases } from '../model/golden.ts';
import { TINY_DIR } from '../model/checkpoint-fixtures.ts';

afterEach(() => vi.restoreAllMocks());

describe('mmfsim run with shared channels', () => {
  const c = goldenCases()[1]!;

  it('--json on d5005-8core-shared: golden ids, an arbiter block, peak of the four channels, feasible', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/d5005-8core-shared.yaml', '--model', TINY_DIR, '--prompt-ids', c.prompt_ids.join(','), '--tokens', '2', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.cores).toBe(8);
    expect(out.ids).toEqual(c.greedy_ids.slice(0, 2));
    expect(out.ddr.peak_gbs).toBeCloseTo(76.8, 9);
    expect(out.feasible).toBe(true);
    expect(Object.keys(out.arbiter).sort()).toEqual(['grants', 'grants_per_channel', 'latency_cycles', 'memory_full_cycles', 'policy', 'wait_cycles']);
    expect(out.arbiter.policy).toBe('round_robin');
    expect(out.arbiter.grants).toHaveLength(8);
    expect(out.arbiter.grants_per_channel).toHaveLength(4);
    expect(out.arbiter.grants.reduce((a: number, b: number) => a + b, 0)).toBe(out.ddr.reads + out.ddr.writes);
  }, 120_000);

  it('plain output: an arbiter line with grants per core and the wait per request', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/d5005-8core-shared.yaml', '--model', TINY_DIR, '--prompt-ids', '1', '--tokens', '1', '--timing-only']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/arbiter\s+round_robin, latency 1: [\d,]+ grants \(per core ([\d,]+\/){7}[\d,]+\), [\d.]+ memory cycles waited per request/);
  }, 120_000);

  it('private memories: arbiter is null', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/d5005-4ch.yaml', '--model', TINY_DIR, '--prompt-ids', '1', '--tokens', '1', '--timing-only', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).arbiter).toBeNull();
  }, 120_000);

  it('exit 2 when private memories do not divide the channels, naming the key that shares them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-shared-'));
    const file = join(dir, 'three-cores.yaml');
    writeFileSync(file, readFileSync('arch-configs/d5005-4ch.yaml', 'utf8').replace(/^  cores: 4$/m, '  cores: 3'));
    const { code, stdout, stderr } = await cli(['run', '--arch', file, '--model', TINY_DIR, '--prompt-ids', '1', '--tokens', '1', '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/core\.cores/);
    expect(stderr).toMatch(/memory_sharing: shared/);
  });
});
