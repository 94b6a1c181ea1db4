import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';
import { goldenCases } from '../model/golden.ts';
import { TINY_DIR } from '../model/checkpoint-fixtures.ts';
import { DEFAULT_PROMPT_TEXT } from '../../sim/run/prompts.ts';


afterEach(() => vi.restoreAllMocks());

describe('mmfsim run', () => {
  const c = goldenCases()[1]!;

  it('--json: one object with the documented keys, golden ids, bounds respected', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/d5005-burst.yaml', '--model', TINY_DIR, '--prompt-ids', c.prompt_ids.join(','), '--tokens', '3', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    for (const k of ['arch', 'model', 'synthetic_weights', 'prompt_ids', 'ids', 'text', 'cycles_per_token', 'clock_mhz', 'tokens_per_s', 'unit_busy_fraction', 'stall_cycles', 'ddr', 'bounds', 'breakdown', 'fidelity', 'resources', 'feasible', 'power_w', 'energy_per_token_j', 'tokens_per_joule', 'provenance']) {
      expect(out).toHaveProperty(k);
    }
    expect(out.arch).toBe('d5005-burst');
    expect(out.synthetic_weights).toBe(false);
    expect(out.ids).toEqual(c.greedy_ids.slice(0, 3));
    expect(out.text).toBe(String.fromCharCode(...c.greedy_ids.slice(0, 3)));
    expect(out.cycles_per_token.per_token).toHaveLength(3);
    expect(out.tokens_per_s).toBeLessThanOrEqual(Math.min(out.bounds.memory_bound_tokens_per_s, out.bounds.compute_bound_tokens_per_s));
    expect(out.ddr.bytes_read).toBeGreaterThan(0);
    expect(out.ddr.utilization).toBeGreaterThan(0);
    expect(out.ddr.utilization).toBeLessThanOrEqual(1);
    expect(out.ddr.commands.rd).toBeGreaterThan(0);
    expect(out.fidelity).toMatchObject({ exact: true, top1_agreement: 1 });
    expect(out.feasible).toBe(true);
    expect(out.power_w.total).toBeGreaterThan(0);
    expect(out.energy_per_token_j * out.tokens_per_s).toBeGreaterThan(0);
    expect(Object.keys(out.breakdown.per_stage_cycles)).toContain('layer3.glu');
    expect(out.paper_projection_tokens_per_s).toBe(24);
  }, 120_000);

  it('the paper\'s D5005 projection is not set beside another board\'s run', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/u280-hbm.yaml', '--model', TINY_DIR, '--tokens', '1', '--timing-only', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).paper_projection_tokens_per_s).toBeNull();
    expect(JSON.parse(stdout).memory_model).toBe('hbm2');
  }, 120_000);

  it('names the weight memory: DDR for a DRAM, on-chip for weights in URAM', async () => {
    const dram = await cli(['run', '--arch', 'arch-configs/d5005-burst.yaml', '--model', TINY_DIR, '--tokens', '1', '--timing-only']);
    expect(dram.stdout).toMatch(/^DDR {12}[\d,]+ B read/m);
    const onchip = await cli(['run', '--arch', 'arch-configs/published/tereffic-onchip-2x.yaml', '--model', TINY_DIR, '--tokens', '1', '--timing-only']);
    expect(onchip.stdout).toMatch(/^on-chip mem {4}[\d,]+ B read/m);
    expect(onchip.stdout).not.toMatch(/^DDR /m);
  }, 120_000);

  it('plain output: summary table with ids, tokens/s and fidelity', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/d5005-4ch.yaml', '--model', TINY_DIR, '--prompt', 'def ', '--tokens', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/tokens\/s\s+[\d,.]+\s+bounds: memory/);
    expect(stdout).toMatch(/fidelity\s+EXACT/);
    expect(stdout).toMatch(/4 cores/);
  }, 120_000);

  it('--timing-only: no ids, no fidelity', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/d5005-burst.yaml', '--model', TINY_DIR, '--prompt-ids', '1,2', '--tokens', '2', '--timing-only', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.ids).toBeNull();
    expect(out.fidelity).toBeNull();
    expect(out.timing_only).toBe(true);
    expect(out.cycles_per_token.per_token).toHaveLength(2);
  }, 120_000);

  it('narrow datapath: runs and reports its drift from the integer reference', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'test/fixtures/run-narrow-datapath.yaml', '--model', TINY_DIR, '--prompt-ids', c.prompt_ids.join(','), '--tokens', '3', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.fidelity.exact).toBe(false);
    expect(out.fidelity.positions).toBe(c.prompt_ids.length + 3);
    expect(out.fidelity.max_logit_error).toBeGreaterThan(0);
    expect(out.fidelity.top1_agreement).toBeGreaterThanOrEqual(0);
    expect(out.ids).toHaveLength(3);
  }, 120_000);

  it.each([
    [['--prompt-ids', '1,x'], '--prompt-ids'],
    [['--prompt-ids', '300'], '--prompt-ids'],
    [['--prompt-ids', '1', '--tokens', '-1'], '--tokens'],
    [['--prompt', 'a', '--prompt-ids', '1'], '--prompt'],
  ])('bad input %j exits 2 naming %s', async (extra, key) => {
    const { code, stderr } = await cli(['run', '--arch', 'arch-configs/d5005-burst.yaml', '--model', TINY_DIR, ...extra]);
    expect(code).toBe(2);
    expect(stderr).toContain(key);
  });

  it('only --arch: the bundled model with the default prompt (what `mmfsim run --arch X.yaml` promises)', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/d5005-burst.yaml', '--tokens', '2', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.model).toBe('pycode-tiny');
    expect(out.synthetic_weights).toBe(false);
    expect(out.prompt_ids).toEqual([...DEFAULT_PROMPT_TEXT].map((ch) => ch.charCodeAt(0)));
    expect(out.fidelity.exact).toBe(true);
  }, 120_000);

  it('a model without a tokenizer and no prompt starts from its BOS id', async () => {
    const { code, stdout } = await cli(['run', '--arch', 'arch-configs/d5005-burst.yaml', '--model', 'models/mmfreelm-370m', '--tokens', '0', '--timing-only', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).prompt_ids).toEqual([1]);
  }, 120_000);

  it('cores that do not divide the channels exit 2 naming core.cores', async () => {
    const { code, stderr } = await cli(['run', '--arch', 'test/fixtures/run-3-cores-4-channels.yaml', '--model', TINY_DIR, '--prompt-ids', '1', '--tokens', '1']);
    expect(code).toBe(2);
    expect(stderr).toContain('core.cores');
  });
});
