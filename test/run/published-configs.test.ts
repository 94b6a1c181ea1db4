import { describe, expect, it } from 'vitest';
import { loadDevice } from '../../sim/arch/device-catalogue.ts';
import { loadArch } from '../../sim/arch/load-arch.ts';
import { splitLayers, stageHoldsMatrix } from '../../sim/compiler/board-stages.ts';
import { vectorCoreResources } from '../../sim/power/resources/core-resources.ts';
import { weightMemoryBlocks } from '../../sim/power/resources/weight-memory.ts';
import type { TernaryModel } from '../../sim/model/ternary-model.ts';
import { loadModelConfig } from '../../sim/model/config.ts';

/** A model card's shape (config.json only: no weights are read). */
function card(dir: string): TernaryModel {
  return { config: loadModelConfig(`models/${dir}`) } as TernaryModel;
}

/** Base-3 bytes (five trits per byte, row by row) of each board's matrices. */
function boardWeightBytes(model: TernaryModel, boards: number): number[] {
  const { hiddenSize: D, intermediateSize: I, vocabSize: V, numLayers: L } = model.config;
  const shapes: [number, number][] = [];
  for (let l = 0; l < L; l++) shapes.push([D, D], [D, D], [D, D], [D, D], [2 * I, D], [D, I]);
  shapes.push([V, D]);
  return splitLayers(model, boards).map((stage) => shapes.reduce((a, [rows, cols], i) => a + (stageHoldsMatrix(stage, i, L) ? rows * Math.ceil(cols / 5) : 0), 0));
}

describe('arch-configs/published/tereffic-onchip-2x.yaml on the model cards', () => {
  const arch = loadArch('arch-configs/published/tereffic-onchip-2x.yaml');
  const dev = loadDevice(arch.device.id);
  const program = { instructions: [], buffers: [], ddr: { end: 1 << 20 } };
  const uramOf = (bytes: number) => vectorCoreResources(arch, program, { device: dev, weightMemory: weightMemoryBlocks(arch, bytes) });

  it('holds 370M: each board\'s half of the weights fits the U280\'s 960 URAM blocks', () => {
    for (const bytes of boardWeightBytes(card('mmfreelm-370m'), 2)) {
      const wm = weightMemoryBlocks(arch, bytes)!;
      expect(wm.needed).toBeLessThanOrEqual(960);
      expect(uramOf(bytes).overflow.find((o) => o.resource === 'uram')).toBeUndefined();
    }
  });

  it('refuses 2.7B (and 1.3B) as infeasible, naming URAM', () => {
    for (const m of ['mmfreelm-2.7b', 'mmfreelm-1.3b']) {
      const bytes = boardWeightBytes(card(m), 2);
      const r = uramOf(Math.max(...bytes));
      expect(r.feasible).toBe(false);
      expect(r.infeasible_reason).toMatch(/^URAM: model weights need [\d,]+ blocks .*the AMD Alveo U280 has 960$/);
    }
  });
});
