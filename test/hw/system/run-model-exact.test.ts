import { describe, expect, it } from 'vitest';
import { ArchSchema } from '../../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { runModel } from '../../../sim/run/run-model.ts';
import { loadModel } from '../../../sim/model/load-model.ts';
import { goldenCases } from '../../model/golden.ts';
import { TINY_DIR } from '../../model/checkpoint-fixtures.ts';

// Every shipped config for `mmfsim run` declares an exact datapath: the simulated hardware's
// tokens must equal the integer reference's (the golden greedy ids) on every golden prompt.
// The paper-like config streams one byte per DDR round trip; fast-forwarding (docs/run.md)
// makes that ≈ 1–3 s per prompt, so it is held to the same test as the others.
// d5005-8core-shared (shared channels through the arbiter) is checked the same way in
// shared-memory.test.ts, alongside its arbiter counts.
const CONFIGS = ['d5005-burst', 'd5005-4ch', 'u280-hbm', 'd5005-paper-like'];
const TOKENS = 3;

describe('mmfsim run: exact datapath gives the reference tokens', () => {
  const model = loadModel(TINY_DIR);
  const golden = goldenCases();
  for (const name of CONFIGS) {
    const arch = loadYamlConfig(`arch-configs/${name}.yaml`, ArchSchema);
    it.each(golden.map((c, i) => [i, c] as const))(`${name}: golden case %i`, (_i, c) => {
      const r = runModel({ arch, model, promptIds: c.prompt_ids, tokens: TOKENS });
      expect(r.ids).toEqual(c.greedy_ids.slice(0, TOKENS));
      expect(r.fidelity!.exact).toBe(true);
      expect(r.fidelity!.top1_agreement).toBe(1);
      expect(r.fidelity!.positions).toBe(c.prompt_ids.length + TOKENS);
      expect(r.perTokenCycles).toHaveLength(TOKENS);
      for (const cyc of r.perTokenCycles) expect(Number.isInteger(cyc) && cyc > 0).toBe(true);
    }, 120_000);
  }
});
