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

describe('mmfsim validate --json, model directories, schema --json', () => {
  it('--json prints one object: ok with its kind, or the error with file, line, column and key (exit 2)', async () => {
    const ok = await cli(['validate', '--json', 'arch-configs/u280-hbm.yaml']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ file: 'arch-configs/u280-hbm.yaml', ok: true, kind: 'arch', detail: '' });
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-validate-json-'));
    const bad = join(dir, 'mem.yaml');
    writeFileSync(bad, 'memory:\n  model: ddr4\n  timing:\n    CL: 0\n');
    const r = await cli(['validate', bad, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: bad, ok: false, error: { file: bad, line: 4, column: 9, key: 'memory.timing.CL' } });
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('checks a model directory without reading its weights: config, size, tokenizer, checkpoint headers', async () => {
    const r = await cli(['validate', 'models/pycode-tiny']);
    expect(r).toMatchObject({ code: 0, stdout: 'models/pycode-tiny: ok (model: vocab 256, hidden 256, 4 layers, 65 tensors, tokenizer bytes)\n' });
    const card = await cli(['validate', 'models/mmfreelm-1.3b', '--json']);
    expect(JSON.parse(card.stdout)).toMatchObject({ ok: true, kind: 'model' });
  });

  it('schema --json prints the schema as one line', async () => {
    const r = await cli(['schema', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).title).toBe('mmfsim architecture');
  });
});
