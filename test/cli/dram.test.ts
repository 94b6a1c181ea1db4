import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';

const MEM = (f: string) => new URL(`../../arch-configs/memory/${f}`, import.meta.url).pathname;


afterEach(() => vi.restoreAllMocks());

const KEYS = [
  'act', 'arch', 'average_power_w', 'avg_read_latency_cycles', 'avg_read_latency_ns', 'bandwidth_gbs', 'cycles',
  'energy_j', 'energy_per_command_pj', 'energy_pj', 'in_flight', 'memory', 'peak_bandwidth_gbs', 'pre', 'rd', 'read_latency',
  'reads', 'ref', 'requests', 'row_conflicts', 'row_hits', 'row_misses', 'time_s', 'trace', 'wr', 'write_latency', 'writes',
];

describe('mmfsim dram', () => {
  it('--json prints one object with the documented keys', async () => {
    const { code, stdout } = await cli(['dram', '--arch', MEM('ddr4-2400-x8-2rank.yaml'), '--trace', MEM('seq-read-1k.trace'), '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out).sort()).toEqual(KEYS);
    expect(Object.keys(out.energy_pj).sort()).toEqual(['act', 'active_standby', 'background', 'precharge_standby', 'read', 'refresh', 'total', 'write']);
    expect(out.energy_pj.active_standby + out.energy_pj.precharge_standby).toBeCloseTo(out.energy_pj.background, 6);
    expect(out.energy_pj.act).toBeCloseTo(out.act * out.energy_per_command_pj.act, 6);
    expect(out.energy_pj.read).toBeCloseTo(out.rd * out.energy_per_command_pj.rd, 6);
    const lat = out.read_latency;
    expect(lat.count).toBe(1024);
    expect(lat.mean).toBeCloseTo(out.avg_read_latency_cycles, 9);
    expect(lat.p50).toBeLessThanOrEqual(lat.p90);
    expect(lat.p90).toBeLessThanOrEqual(lat.p99);
    expect(lat.p99).toBeLessThanOrEqual(lat.max);
    expect(out.write_latency.count).toBe(0);
    // Little's law: requests in flight on average = total latency / span.
    expect(out.in_flight.reads.mean).toBeCloseTo((lat.mean * 1024) / (out.cycles + 1), 9);
    expect(out.in_flight.reads.max).toBeGreaterThanOrEqual(Math.ceil(out.in_flight.reads.mean));
    expect(out).toMatchObject({ requests: 1024, reads: 1024, writes: 0, rd: 1024, peak_bandwidth_gbs: 19.2 });
    expect(out.memory).toMatchObject({ preset: 'ddr4-2400', ranks: 2, mapping: 'rochrababgco', page_policy: 'open', scheduler: 'frfcfs' });
    expect(out.row_hits + out.row_misses).toBe(1024);
    expect(out.bandwidth_gbs).toBeCloseTo((1024 * 64) / ((out.cycles + 1) / 1.2e9) / 1e9, 9);
    expect(out.energy_j).toBeCloseTo(out.energy_pj.total * 1e-12, 20);
    // Same trace, same answer.
    const again = JSON.parse((await cli(['dram', '--arch', MEM('ddr4-2400-x8-2rank.yaml'), '--trace', MEM('seq-read-1k.trace'), '--json'])).stdout);
    expect(again).toEqual(out);
  });

  it('reports latency percentiles and requests in flight exactly on a hand-checked trace', async () => {
    // Four reads of one row, 100 cycles apart, under DRAMsim3's controller semantics (this
    // file's controller: dramsim3): each spends its first cycle in the read queue before it
    // moves to its bank's command queue; the first then opens the bank (1 + tRCD + CL + BL/2
    // = 39 cycles), the other three are row hits (1 + CL + BL/2 = 22); never two in flight.
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-dram-'));
    const trace = join(dir, 'four.trace');
    writeFileSync(trace, '0x0 READ 0\n0x40 READ 100\n0x80 READ 200\n0xc0 READ 300\n0x100 WRITE 400\n');
    const out = JSON.parse((await cli(['dram', '--arch', MEM('ddr4-2400-x8-2rank.yaml'), '--trace', trace, '--json'])).stdout);
    expect(out.read_latency).toEqual({ count: 4, mean: (39 + 3 * 22) / 4, p50: 22, p90: 39, p99: 39, max: 39 });
    expect(out.in_flight.reads.max).toBe(1);
    // The write is posted: acknowledged the cycle after it enters.
    expect(out.write_latency).toMatchObject({ count: 1, p50: 1, max: 1 });
  });

  it('bank-group interleaving beats the row-major mapping on the sequential sample', async () => {
    const run = async (arch: string) =>
      JSON.parse((await cli(['dram', '--arch', MEM(arch), '--trace', MEM('seq-read-1k.trace'), '--json'])).stdout).bandwidth_gbs as number;
    const bg = await run('ddr4-2400-bg-interleave.yaml');
    expect(bg).toBeGreaterThan(0.9 * 19.2);
    expect(await run('ddr4-2400-x8-2rank.yaml')).toBeLessThan(bg);
  });

  it('prints a readable summary without --json', async () => {
    const { code, stdout } = await cli(['dram', '--arch', MEM('ddr4-3200-x8-1rank.yaml'), '--trace', MEM('random-mixed-1k.trace')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/ddr4-3200, 1 channel\(s\) × 1 rank\(s\)/);
    expect(stdout).toMatch(/requests\s+1024 \(\d+ reads, \d+ writes\)/);
    expect(stdout).toMatch(/bandwidth\s+[\d.]+ GB\/s \([\d.]+ % of 25\.6 GB\/s peak\)/);
  });

  it('exits 2 naming file:line:column for a bad trace line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-dram-'));
    const trace = join(dir, 'bad.trace');
    writeFileSync(trace, '0x0 READ 0\n0x40 FETCH 1\n');
    const { code, stdout, stderr } = await cli(['dram', '--arch', MEM('ddr4-2400-x8-2rank.yaml'), '--trace', trace, '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${trace}:2:6: request kind 'FETCH': expected READ or WRITE`);
  });

  it('validates a memory-only file with the memory schema (file:line:col and key)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-dram-'));
    const arch = join(dir, 'mem.yaml');
    writeFileSync(arch, 'memory:\n  model: ddr4\n  mapping: rochrababg\n');
    const { code, stderr } = await cli(['dram', '--arch', arch, '--trace', MEM('seq-read-1k.trace')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${arch}:3:12: memory.mapping: expected six two-letter fields`);
    writeFileSync(arch, 'memory:\n  model: ddr4\n  timing:\n    tRCD: 20\n    tFOO: 3\n');
    const unknown = await cli(['dram', '--arch', arch, '--trace', MEM('seq-read-1k.trace')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`${arch}:5:5: memory.timing.tFOO`);
  });

  it('timing overrides change the simulated latency', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-dram-'));
    const arch = join(dir, 'mem.yaml');
    const trace = join(dir, 'one.trace');
    writeFileSync(trace, '0x0 READ 0\n');
    writeFileSync(arch, 'memory:\n  model: ddr4\n  timing:\n    tRCD: 20\n');
    const out = JSON.parse((await cli(['dram', '--arch', arch, '--trace', trace, '--json'])).stdout);
    expect(out.avg_read_latency_cycles).toBe(20 + 17 + 4);
  });
});
