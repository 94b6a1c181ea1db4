import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

describe('mmfsim validate on a memory-only file (what `mmfsim dram` takes)', () => {
  it('accepts a shipped memory-only YAML and says it checked only the memory section', async () => {
    const file = 'arch-configs/memory/ddr4-2400-x8-2rank.yaml';
    expect(await cli(['validate', file])).toMatchObject({ code: 0, stdout: `${file}: ok (memory section only)\n` });
  });

  it('rejects a bad key in a memory-only file with file:line:col and the key path, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-validate-mem-'));
    const bad = join(dir, 'mem.yaml');
    writeFileSync(bad, 'memory:\n  model: ddr4\n  chanels: 2\n');
    const r = await cli(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mem\.yaml:3:3: memory\.chanels/);
  });

  it('an empty document is still checked as an architecture (it has no core)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-validate-mem-'));
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, '{}\n');
    const r = await cli(['validate', empty]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
