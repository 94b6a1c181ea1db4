import { copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';
import { goldenCases, maxAbsDiff } from '../model/golden.ts';
import { tempDir, TINY_DIR } from '../model/checkpoint-fixtures.ts';
import { SMALL_TOKENIZER_JSON } from '../model/tokenizer-fixture.ts';


afterEach(() => vi.restoreAllMocks());

describe('mmfsim generate', () => {
  const golden = goldenCases();

  it.each(['integer', 'reference'])('--json --impl %s gives the golden greedy ids and logits', async (impl) => {
    const c = golden[0]!;
    const { code, stdout } = await cli([
      'generate', '--model', TINY_DIR, '--prompt-ids', c.prompt_ids.join(','), '--tokens', '48', '--impl', impl, '--json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ model: 'pycode-tiny', impl, synthetic_weights: false, prompt_ids: c.prompt_ids, tokenizer: 'bytes' });
    expect(out.ids).toEqual(c.greedy_ids);
    expect(out.text).toBe(Buffer.from(c.greedy_ids).toString('utf8'));
    expect(out.prompt_last_logits).toHaveLength(256);
    expect(maxAbsDiff(out.prompt_last_logits, c.last_logits)).toBeLessThan(1e-4);
    expect(out.ms_per_token).toBeGreaterThan(0);
    if (impl === 'reference') expect(['tensorflow', 'wasm', 'cpu']).toContain(out.backend);
    else expect(out.backend).toBeNull();
  });

  it('encodes --prompt with the byte tokenizer (the npm start run)', async () => {
    const c = golden[0]!;
    const prompt = Buffer.from(c.prompt_ids).toString('utf8');
    const { code, stdout, stderr } = await cli(['generate', '--model', TINY_DIR, '--prompt', prompt, '--tokens', '48']);
    expect(code).toBe(0);
    expect(stdout).toBe(prompt + Buffer.from(c.greedy_ids).toString('utf8') + '\n');
    expect(stderr).toMatch(/impl integer; checkpoint weights; [\d.]+ ms\/token/);
  });

  it('samples deterministically with --temperature/--top-k/--seed', async () => {
    const args = ['generate', '--model', TINY_DIR, '--prompt', 'import ', '--tokens', '20', '--temperature', '0.8', '--top-k', '5', '--json'];
    const a = JSON.parse((await cli([...args, '--seed', '1'])).stdout);
    const b = JSON.parse((await cli([...args, '--seed', '1'])).stdout);
    const c = JSON.parse((await cli([...args, '--seed', '2'])).stdout);
    expect(a.ids).toEqual(b.ids);
    expect(a.ids).not.toEqual(c.ids);
    expect(a.sampling).toEqual({ kind: 'sample', temperature: 0.8, top_k: 5, seed: 1 });
  });

  it('runs a model card on synthetic weights and says so', async () => {
    const args = ['generate', '--model', 'models/mmfreelm-370m', '--prompt-ids', '1,415', '--tokens', '2'];
    const { code, stdout } = await cli([...args, '--json', '--zero-fraction', '0.4']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ synthetic_weights: true, zero_fraction: 0.4, tokenizer: 'none', text: null });
    expect(out.ids).toHaveLength(2);
    expect(out.prompt_last_logits).toHaveLength(32000);
    const plain = await cli(args);
    expect(plain.stderr).toMatch(/SYNTHETIC weights/);
    const bad = await cli([...args, '--zero-fraction', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--zero-fraction: zero fraction must be in \[0, 1\], got 1.5/);
  }, 60_000);

  it('uses a Hugging Face tokenizer.json from the model directory', async () => {
    const dir = tempDir();
    copyFileSync(join(TINY_DIR, 'config.json'), join(dir, 'config.json'));
    symlinkSync(resolve(TINY_DIR, 'model.safetensors'), join(dir, 'model.safetensors'));
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(SMALL_TOKENIZER_JSON));
    const { code, stdout } = await cli(['generate', '--model', dir, '--prompt', 'def x', '--tokens', '3', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.tokenizer).toBe('huggingface');
    expect(out.prompt_ids).toEqual([0, 8, 10]);
  });

  it.each([
    [['--prompt', 'a', '--prompt-ids', '1'], /--prompt: give exactly one of --prompt TEXT or --prompt-ids/],
    [[], /--prompt: give exactly one/],
    [['--prompt-ids', '1,x'], /--prompt-ids: item 2 "x" is not a non-negative integer/],
    [['--prompt-ids', '1,256'], /--prompt-ids: id 256 is outside the vocabulary \(0..255\)/],
    [['--prompt', 'a', '--tokens', '-1'], /--tokens: expected a non-negative integer/],
    [['--prompt', 'a', '--top-k', '0'], /--top-k: expected a positive integer/],
    [['--prompt', 'a', '--temperature', '-1'], /--temperature: expected a number >= 0/],
    [['--prompt', 'a', '--impl', 'float'], /Invalid values/],
    [['--prompt', 'a', '--bogus'], /Unknown argument/],
  ])('exits 2 on bad flags %j', async (extra, message) => {
    const { code, stdout, stderr } = await cli(['generate', '--model', TINY_DIR, ...extra]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('exits 2 for --prompt on a 32k card without tokenizer.json, and for a missing model', async () => {
    const card = await cli(['generate', '--model', 'models/mmfreelm-370m', '--prompt', 'hi']);
    expect(card.code).toBe(2);
    expect(card.stderr).toMatch(/no tokenizer.json, so text cannot be encoded: use --prompt-ids/);
    const missing = await cli(['generate', '--model', '/nonexistent', '--prompt', 'hi']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\/nonexistent\/config.json: cannot read model config/);
  });
});
