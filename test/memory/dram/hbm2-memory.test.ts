import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchSchema } from '../../../sim/arch/schema.ts';
import { parseYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { createMemoryModel } from '../../../sim/memory/create-memory-model.ts';
import { DRAM_COMMANDS } from '../../../sim/memory/dram/dram-standard.ts';
import { Hbm2Memory } from '../../../sim/memory/technologies/hbm2/hbm2-memory.ts';
import type { MemRequest } from '../../../sim/memory/memory-model.ts';
import { dramRunFromStats } from '../../../sim/power/dram-power.ts';
import { powerReport } from '../../../sim/power/power-report.ts';
import { channelInterleave } from '../../../sim/hw/memory/shared-memory.ts';
import { cli } from '../../cli/run-cli.ts';
import { hbm2Config } from './hbm2-helpers.ts';

function drain(m: Hbm2Memory, until: number): [number, number][] {
  const out: [number, number][] = [];
  m.advanceTo(until, (r: MemRequest, c: number) => out.push([r.id, c]));
  return out;
}

describe('Hbm2Memory: requests split into 32-byte BL4 bursts', () => {
  it('a 64-byte read is two RD commands on consecutive bursts and completes with the second', () => {
    const m = new Hbm2Memory(hbm2Config({ mapping: 'rochrabacobg' }));
    const cmds: [string, number, number][] = [];
    m.setCommandListener((cmd, _ch, _ra, bg, _ba, _row, cycle) => cmds.push([DRAM_COMMANDS[cmd]!, bg, cycle]));
    expect(m.maxRequestBytes).toBe(64);
    m.enqueue({ id: 7, addr: 0, bytes: 64, write: false }, 0);
    const done = drain(m, 200);
    // Two bank groups (bg lowest): two ACTs tRRD_S apart, RDs tRCDRD after each.
    expect(cmds).toEqual([
      ['ACT', 0, 0],
      ['ACT', 1, 4],
      ['RD', 0, 13],
      ['RD', 1, 17],
    ]);
    expect(done).toEqual([[7, 17 + 13 + 2]]);
    const s = m.stats();
    expect(s.reads).toBe(1);
    expect(s.bytesRead).toBe(64);
    expect(s.detail).toMatchObject({ rd: 2, act: 2 });
  });

  it('a request inside one burst is one command; a request larger than max_request_bytes is refused', () => {
    const m = new Hbm2Memory(hbm2Config());
    m.enqueue({ id: 1, addr: 40, bytes: 8, write: true }, 0);
    expect(drain(m, 100)).toHaveLength(1);
    expect(m.stats().detail).toMatchObject({ wr: 1 });
    expect(() => m.enqueue({ id: 2, addr: 0, bytes: 128, write: false }, 200)).toThrow(/1\.\.64/);
  });

  it('the fast path serves only unsplit requests, and stats count requests, not bursts', () => {
    const m = new Hbm2Memory(hbm2Config());
    expect(m.isolatedRead(0, 64, 0, 1e9)).toBe(-1); // two bursts: the event path
    m.enqueue({ id: 1, addr: 0, bytes: 64, write: false }, 0);
    m.enqueue({ id: 2, addr: 64, bytes: 32, write: false }, 1);
    m.enqueue({ id: 3, addr: 96, bytes: 64, write: true }, 2);
    expect(m.nextKnownCompletion()).toBe(Infinity); // a split request is in flight
    drain(m, 500);
    expect(m.nextKnownCompletion()).toBe(Infinity); // nothing in flight
    const s = m.stats();
    expect([s.reads, s.writes, s.bytesRead, s.bytesWritten]).toEqual([2, 1, 96, 64]);
    expect(s.detail).toMatchObject({ rd: 3, wr: 2 });
  });

  it('needs queue room for every burst of a request', () => {
    const m = new Hbm2Memory(hbm2Config({ read_queue: 3 }));
    expect(m.canAccept(false, 0)).toBe(true);
    m.enqueue({ id: 1, addr: 0, bytes: 64, write: false }, 0);
    expect(m.canAccept(false, 0)).toBe(false); // 1 entry free, a 64-byte read needs 2
    expect(m.canAccept(true, 0)).toBe(true);
  });

  it('an arch YAML builds it through createMemoryModel, with HBM2 power accounting', () => {
    const arch = parseYamlConfig(
      'name: t\ncore: {d: 64}\nmemory:\n  model: hbm2\n  pseudo_channels: 4\n',
      'inline.yaml',
      ArchSchema,
    );
    const m = createMemoryModel(arch.memory, { coreClockHz: 300e6 });
    expect(m).toBeInstanceOf(Hbm2Memory);
    expect(m.clockHz).toBe(900e6);
    m.enqueue({ id: 1, addr: 0, bytes: 64, write: false }, 0);
    m.advanceTo(5000, () => {});
    const run = dramRunFromStats(m.stats(), arch.memory)!;
    expect(run.technology).toBe('hbm2');
    expect(run.bytesRead).toBe(64);
    expect(run.channels).toBe(4);
    // Background of 4 pseudo-channels over 5001 cycles, precharged except while rows are open:
    // half of a 128-bit channel's IDD2N/IDD3N (1.2 V × 40/55 mA) each.
    const lo = 4 * 0.5 * 1.2 * 40 * 5001 * (1 / 0.9);
    expect(run.energyPj.background).toBeGreaterThan(lo);
    expect(run.energyPj.background).toBeLessThan(lo * (55 / 40));
    expect(run.energyPj.read).toBeGreaterThan(0);
  });
});

describe('Hbm2Memory shared by cores', () => {
  it('interleaves over its pseudo-channels every 4 bursts of 32 bytes (rorabacochbg)', () => {
    const il = channelInterleave(new Hbm2Memory(hbm2Config({ pseudo_channels: 32, mapping: 'rorabacochbg' })));
    expect(il).toEqual({ channels: 32, stripeBytes: 128, capacityBytes: 8 * 1024 ** 3 });
  });
});

describe('HBM2 in the power report', () => {
  it('uses the hbm2 I/O figure, labels the simulator-sourced IDD currents as assumed, and counts pseudo-channels', () => {
    const arch = parseYamlConfig(
      'name: t\ncore: {kind: paper, d: 64, clock_mhz: 300}\ndevice: {id: amd-alveo-u280}\nmemory:\n  model: hbm2\n  pseudo_channels: 32\n',
      'inline.yaml',
      ArchSchema,
    );
    const m = createMemoryModel(arch.memory, { coreClockHz: 300e6 });
    for (let i = 0; i < 64; i++) m.enqueue({ id: i, addr: i * 64, bytes: 64, write: false }, i);
    m.advanceTo(9000, () => {});
    const dram = dramRunFromStats(m.stats(), arch.memory)!;
    const p = powerReport({ arch, cycles: 3000, unitBusyCycles: {}, dram, simulated: { kind: 'paper' } });
    expect(p.power_w.dram_io).toBeCloseTo((1.0 * 8 * 64 * 64 * 1e-12) / 10e-6, 12); // 1 pJ/bit, 4096 bytes in 10 µs
    expect(p.provenance.find((e) => e.coefficient === 'dram-io.hbm2.io_pj_per_bit')).toBeDefined();
    expect(p.provenance.find((e) => e.coefficient === 'dram.idd.idd4r')!.provenance).toBe('assumed');
    expect(p.notes.join('\n')).not.toMatch(/standby power is not included/); // all 32 simulated
    // Background of 32 pseudo-channels: between all precharged (half of 1.2 V × 40 mA = 24 mW
    // each) and rows open the whole time (half of 1.2 V × 55 mA = 33 mW each); open page keeps
    // the rows just read open until the refresh's precharge-all.
    expect(p.power_w.dram_background).toBeGreaterThan(32 * 0.024);
    expect(p.power_w.dram_background).toBeLessThan(32 * 0.033);
  });
});

describe('hbm2 YAML errors', () => {
  it('exit 2 with file:line:col for a bad pseudo-channel count and an unknown timing name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-hbm2-'));
    const mem = join(dir, 'hbm.yaml');
    const trace = join(dir, 'one.trace');
    writeFileSync(trace, '0x0 READ 0\n');
    writeFileSync(mem, 'memory:\n  model: hbm2\n  pseudo_channels: 24\n');
    const bad = await cli(['dram', '--arch', mem, '--trace', trace]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${mem}:3:20: memory.pseudo_channels: must be a power of two`);
    writeFileSync(mem, 'memory:\n  model: hbm2\n  timing:\n    tRCD: 14\n');
    const unknown = await cli(['validate', mem]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`${mem}:4:5: memory.timing.tRCD`);
  });

  it('mmfsim dram runs a memory-only hbm2 file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-hbm2-'));
    const mem = join(dir, 'hbm.yaml');
    const trace = join(dir, 'one.trace');
    writeFileSync(trace, '0x0 READ 0\n0x20 READ 1\n');
    writeFileSync(mem, 'memory:\n  model: hbm2\n  pseudo_channels: 1\n  mapping: rochrababgco\n');
    const out = await cli(['dram', '--arch', mem, '--trace', trace, '--json']);
    expect(out.code).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r.memory).toMatchObject({ model: 'hbm2', preset: 'hbm2-1800', channels: 1, ranks: 1, clock_mhz: 900 });
    // ACT, RD at tRCDRD, a row hit tCCD_L later (same bank), each CL + BL/2 to its data.
    expect(r.rd).toBe(2);
    expect(r.cycles).toBe(13 + 4 + 13 + 2);
  });
});
