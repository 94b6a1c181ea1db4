import { describe, expect, it } from 'vitest';
import { IntegerForward } from '../../sim/model/integer-forward.ts';
import { loadModel } from '../../sim/model/load-model.ts';
import { ReferenceForward } from '../../sim/model/reference-forward.ts';
import { TINY_DIR } from './checkpoint-fixtures.ts';
import { expectGoldenAgreement, maxAbsDiff } from './golden.ts';

describe('reference forward pass (tfjs)', () => {
  const model = loadModel(TINY_DIR);

  it('reports the backend it runs on (wasm here: tfjs-node is not installable)', async () => {
    const ref = await ReferenceForward.create(model);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(ref.backend);
    ref.dispose();
  });

  it('reproduces the golden fixture (argmax, 48 greedy tokens, last logits)', async () => {
    const ref = await ReferenceForward.create(model);
    expectGoldenAgreement(ref);
    ref.dispose();
  });

  it('agrees with the integer pass token by token', async () => {
    const ref = await ReferenceForward.create(model);
    const int = new IntegerForward(model);
    let worst = 0;
    for (const id of [...Buffer.from('class Foo(object):')]) worst = Math.max(worst, maxAbsDiff(ref.step(id), int.step(id)));
    expect(worst).toBeLessThan(0.25);
    ref.dispose();
  });
});
