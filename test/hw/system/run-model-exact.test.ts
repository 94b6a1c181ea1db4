import { describe, expect, it } from 'vitest';
import { ArchSchema } from '../../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { runModel } from '../../../sim/hw/system/run-model.ts';
import { loadModel } from '../../../sim/model/load-model.ts';
import { goldenCases } from '../../model/golden.ts';
import { TINY_DIR } from '../../model/checkpoint-fixtures.ts';

// Every shipped config for `mmfsim run` declares an exact datapath: the simulated hardware's
// tokens must equal the integer reference's (the golden greedy ids) on every golden prompt.
// The paper-like config streams one byte per DDR round trip (≈1.7–3 s of wall time per pass
// on pycode-tiny: all five prompts take ≈5 min), so by default it runs the two short
// prompts (1 and 4 tokens) with one generated token; MMFSIM_SLOW_TESTS=1 runs all five.
// d5005-8core-shared (shared channels through the arbiter) is checked the same way in
// shared-memory.test.ts, alongside its arbiter counts.
const SLOW = process.env['MMFSIM_SLOW_TESTS'] === '1';
const CONFIGS: [string, number][] = [
  ['d5005-burst', 3],
  ['d5005-4ch', 3],
  ['u280-hbm', 3],
  ['d5005-paper-like', 1],
];

describe('mmfsim run: exact datapath gives the reference tokens', () => {
  const model = loadModel(TINY_DIR);
  const golden = goldenCases();
  for (const [name, tokens] of CONFIGS) {
    const arch = loadYamlConfig(`arch-configs/${name}.yaml`, ArchSchema);
    const cases = golden.map((c, i) => [i, c] as const).filter(([, c]) => SLOW || name !== 'd5005-paper-like' || c.prompt_ids.length <= 4);
    it.each(cases)(`${name}: golden case %i`, (_i, c) => {
      const r = runModel({ arch, model, promptIds: c.prompt_ids, tokens });
      expect(r.ids).toEqual(c.greedy_ids.slice(0, tokens));
      expect(r.fidelity!.exact).toBe(true);
      expect(r.fidelity!.top1_agreement).toBe(1);
      expect(r.fidelity!.positions).toBe(c.prompt_ids.length + tokens);
      expect(r.perTokenCycles).toHaveLength(tokens);
      for (const cyc of r.perTokenCycles) expect(Number.isInteger(cyc) && cyc > 0).toBe(true);
    }, 600_000);
  }
});
