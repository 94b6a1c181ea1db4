import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelConfig } from '../../sim/model/config.ts';
import { byteTokenizer, loadTokenizer } from '../../sim/model/tokenizer.ts';
import { tempDir, TINY_DIR } from './checkpoint-fixtures.ts';
import { SMALL_TOKENIZER_JSON } from './tokenizer-fixture.ts';

describe('tokenizers', () => {
  it('byte-level: id = byte value, UTF-8 round trip', () => {
    const t = byteTokenizer();
    if (t.kind === 'none') throw new Error('unreachable');
    expect(t.encode('def é')).toEqual([100, 101, 102, 32, 0xc3, 0xa9]);
    expect(t.decode([100, 101, 102, 32, 0xc3, 0xa9])).toBe('def é');
  });

  it('picks bytes for a vocab-256 model without tokenizer.json', () => {
    expect(loadTokenizer(TINY_DIR, loadModelConfig(TINY_DIR)).kind).toBe('bytes');
  });

  it('picks none for a 32k card without tokenizer.json', () => {
    expect(loadTokenizer('models/mmfreelm-370m', loadModelConfig('models/mmfreelm-370m')).kind).toBe('none');
  });

  it('uses tokenizer.json through @huggingface/tokenizers when present', () => {
    const dir = tempDir();
    copyFileSync(join(TINY_DIR, 'config.json'), join(dir, 'config.json'));
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(SMALL_TOKENIZER_JSON));
    const t = loadTokenizer(dir, loadModelConfig(dir));
    if (t.kind !== 'huggingface') throw new Error(`expected huggingface, got ${t.kind}`);
    expect(t.encode('def x')).toEqual([0, 8, 10]); // BOS added by the post-processor
    expect(t.decode([8, 10, 7])).toBe('def x de');
  });

  it('reports a tokenizer.json that is not JSON', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tokenizer.json'), '{ nope');
    expect(() => loadTokenizer(dir, loadModelConfig(TINY_DIR))).toThrow(/tokenizer.json: cannot read as JSON/);
  });
});
