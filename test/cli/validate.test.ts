import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('--model beside an arch also checks what needs both: the shared DDR images must fit core.address_bits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmfsim-validate-model-'));
    const arch = join(dir, 'a.yaml');
    writeFileSync(arch, readFileSync('arch-configs/d5005-8core-shared.yaml', 'utf8').replace('address_bits: 33', 'address_bits: 20'));
    expect((await cli(['validate', arch])).code).toBe(0);
    const r = await cli(['validate', arch, '--model', 'models/pycode-tiny']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mmfsim: error: core\.address_bits: 8 cores' DDR images in one shared address space reach byte \d+; core\.address_bits 20 addresses 1048576\n$/);
    expect(await cli(['validate', 'arch-configs/u280-hbm.yaml', '--model', 'models/pycode-tiny'])).toMatchObject({ code: 0, stdout: 'arch-configs/u280-hbm.yaml: ok (with model models/pycode-tiny)\n' });
  });

  it('schema --json prints the schema as one line', async () => {
    const r = await cli(['schema', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).title).toBe('mmfsim architecture');
  });
});
