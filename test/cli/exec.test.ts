import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';

const ARCH = new URL('../../arch-configs/paper-rtl-testbench.yaml', import.meta.url).pathname;
const PROGRAM = new URL('../../arch-configs/paper-block.tmi', import.meta.url).pathname;


afterEach(() => vi.restoreAllMocks());

describe('mmfsim exec', () => {
  it('--json prints one object with the RTL cycle count and per-instruction timeline', async () => {
    const { code, stdout, stderr } = await cli(['exec', '--arch', ARCH, '--program', PROGRAM, '--d', '16', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ cycles: 1494, clock_mhz: 60, d: 16, memory: { reads: 304, writes: 48 } });
    expect(out.time_s).toBeCloseTo(1494 / 60e6, 15);
    expect(out.instructions).toHaveLength(29);
    expect(out.instructions[2]).toEqual({ pc: 2, line: 16, text: 'tmatmul v6,v0,WK', unit: 'tmatmul', issue_cycle: 99, done_cycle: 377 });
    expect(Object.keys(out.unit_busy_cycles).sort()).toEqual(['load_store', 'rms', 'rowwise', 'tmatmul']);
    expect(stderr).toMatch(/symbol WK not bound by the arch; placed at 0x/);
  });

  it('honours --symbols and is deterministic run to run', async () => {
    const args = ['exec', '--arch', ARCH, '--program', PROGRAM, '--d', '16', '--json', '--symbols', 'X=0x800,WK=0x1000'];
    const a = JSON.parse((await cli(args)).stdout);
    const b = JSON.parse((await cli(args)).stdout);
    expect(a.symbols.X).toBe(0x800);
    expect(a.symbols.WK).toBe(0x1000);
    expect(a.symbols_placed).not.toContain('X');
    expect(b).toEqual(a);
  });

  it('plain output is a readable table with the totals', async () => {
    const { code, stdout } = await cli(['exec', '--arch', ARCH, '--program', PROGRAM, '--d', '64']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/pc\s+instruction\s+unit\s+issue\s+done\s+busy/);
    expect(stdout).toMatch(/cycles\s+15030/);
    expect(stdout).toMatch(/3520 reads/);
  });

  it('bad input exits 2 naming the file, line and token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-exec-'));
    const bad = join(dir, 'bad.tmi');
    writeFileSync(bad, 'ldv v0,X\nadd v1,v9,v2\n');
    const r = await cli(['exec', '--arch', ARCH, '--program', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.tmi:2:8: register 'v9' does not exist/);
    expect((await cli(['exec', '--arch', ARCH, '--program', PROGRAM, '--d', '0'])).code).toBe(2);
    // d = 512 matrices do not fit the published 16-bit address field.
    const big = await cli(['exec', '--arch', ARCH, '--program', PROGRAM, '--d', '512']);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/does not fit the 16-bit address field/);
  });

  it('refuses a vector-kind arch at core.kind and says which command runs it', async () => {
    const r = await cli(['exec', '--arch', 'arch-configs/d5005-burst.yaml', '--program', PROGRAM, '--d', '16']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/arch-configs\/d5005-burst\.yaml: core\.kind: `mmfsim exec` cannot run a vector core \(it runs core\.kind paper\); run this arch with `mmfsim run`/);
  });
});

describe('mmfsim validate / schema', () => {
  it('validate prints ok, or file:line:col and key with exit 2', async () => {
    expect(await cli(['validate', ARCH])).toMatchObject({ code: 0, stdout: `${ARCH}: ok\n` });
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-validate-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\ncore:\n  d: 16\n  tmatmul:\n    fifo_bytez: 4\nmemory: {model: fixed, response_cycles: 3}\n');
    const r = await cli(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:5:5: core\.tmatmul\.fifo_bytez/);
  });

  it('schema prints the JSON Schema', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.properties.core.properties.d.default).toBe(512);
  });
});
