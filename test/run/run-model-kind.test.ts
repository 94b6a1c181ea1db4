import { describe, expect, it } from 'vitest';
import { loadArch, parseArch } from '../../sim/arch/load-arch.ts';
import { runModel } from '../../sim/run/run-model.ts';
import { smallModel } from '../hw/system/fixtures.ts';

describe('mmfsim run and core.kind', () => {
  it('runs a paper-kind core as the vector core with the same keys (its vector-only keys at their defaults)', () => {
    const paper = loadArch('arch-configs/paper-rtl-testbench.yaml');
    expect(paper.core.kind).toBe('paper');
    const asVector = parseArch({ ...paper, core: { ...paper.core, kind: 'vector' } });
    const model = smallModel();
    const a = runModel({ arch: paper, model, promptIds: [1, 2], tokens: 2 });
    const b = runModel({ arch: asVector, model, promptIds: [1, 2], tokens: 2 });
    expect(a.totalCycles).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });
});
