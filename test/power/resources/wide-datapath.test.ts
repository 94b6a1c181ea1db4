import { describe, expect, it } from 'vitest';
import { loadDevice } from '../../../sim/arch/device-catalogue.ts';
import { ProvenanceLog } from '../../../sim/arch/provenance.ts';
import { ArchSchema } from '../../../sim/arch/schema.ts';
import { loadArch } from '../../../sim/index.ts';
import { programShapeFromConfig } from '../../../sim/compiler/program-shape.ts';
import { loadModelConfig } from '../../../sim/model/config.ts';
import { adderTree } from '../../../sim/power/resources/demand.ts';
import { mapMemory } from '../../../sim/power/resources/fabric-mapping.ts';
import { vectorCoreResources } from '../../../sim/power/resources/core-resources.ts';
import { vectorCoreDemands, vectorCoreResourceParams } from '../../../sim/power/resources/vector-core-demand.ts';
import { loadCoreUnitCosts } from '../../../sim/power/resources/unit-cost-table.ts';
import { cli } from '../../cli/run-cli.ts';

/** The resource rules of wide datapaths (docs/power.md, "Resource model of wide datapaths"). */

const u280 = loadDevice('amd-alveo-u280');
const d5005 = loadDevice('intel-pac-d5005');

describe('adder tree with bit growth', () => {
  it('level k of a tree over 8-bit products is 8 + k bits: a tree over 2n inputs is two n-trees and one wider root adder', () => {
    for (const levels of [1, 2, 5, 10, 14]) {
      const n = 2 ** levels;
      const half = adderTree(n / 2, 8, 64, 1);
      const whole = adderTree(n, 8, 64, 1);
      // The root of the 2n-tree sits at level `levels`: 8 + levels bits.
      expect(whole.lut - 2 * half.lut).toBe(8 + levels);
    }
  });

  it('costs grow with log2 of the width: LUTs per input approach 8 + 2, far below a full-width adder per lane', () => {
    let previous = 0;
    for (const levels of [2, 4, 8, 12, 16]) {
      const n = 2 ** levels;
      const perInput = adderTree(n, 8, 64, 1).lut / n;
      expect(perInput).toBeGreaterThan(previous);
      // Σ_k (8 + k) / 2^k over `levels` levels: below 10 for any depth.
      expect(perInput).toBeLessThan(10);
      previous = perInput;
    }
    expect(adderTree(2 ** 16, 8, 64, 1).lut / 2 ** 16).toBeGreaterThan(9.99);
  });

  it('caps every level at the accumulator width, passes odd values through, and is empty for one input', () => {
    expect(adderTree(1, 8, 20, 1)).toEqual({ lut: 0, ff: 0 });
    expect(adderTree(2, 8, 20, 1).lut).toBe(9);
    expect(adderTree(3, 8, 20, 1).lut).toBe(9 + 10); // one pair at level 1, then (pair sum + passed value) at level 2
    const capped = adderTree(2 ** 12, 8, 12, 1);
    const uncapped = adderTree(2 ** 12, 8, 64, 1);
    expect(capped.lut).toBeLessThan(uncapped.lut);
    // Levels 4..12 are all 12 bits wide when capped.
    let expected = 0;
    for (let k = 1; k <= 12; k++) expected += 2 ** (12 - k) * Math.min(8 + k, 12);
    expect(capped.lut).toBe(expected);
  });
});

describe('memories mapped by width and depth', () => {
  const log = new ProvenanceLog();
  const map = (words: number, width: number, family = u280.family, copies = 1) => mapMemory({ name: 'm', words, width, copies }, family, log);

  it('a one-word vector is a register', () => {
    expect(map(1, 20480)).toMatchObject({ style: 'registers', ff: 20480, lutramCells: 0, bram: 0, uram: 0 });
  });

  it('a wide shallow vector goes to LUTRAM, one 64 x 1 LUT per bit of width, not to one BRAM36 per 72 bits', () => {
    // A 1024-lane fp32 operand of 2560 elements: 3 words of 32,768 bits.
    expect(map(3, 32768)).toMatchObject({ style: 'lutram', lutramCells: 32768, bram: 0 });
    expect(map(64, 32768)).toMatchObject({ style: 'lutram', lutramCells: 32768 });
    expect(map(65, 32768)).toMatchObject({ style: 'bram', bram: Math.ceil(32768 / 72) });
  });

  it('block RAM counts the larger of width and capacity: max(ceil(W / 72), ceil(bits / 36 Kb))', () => {
    for (const [words, width] of [[512, 72], [80, 32768], [4096, 144], [16384, 36], [1024, 2048]] as const) {
      const m = map(words, width);
      const expected = Math.max(Math.ceil(width / 72), Math.ceil((words * width) / 36864));
      if (m.style === 'bram') expect(m.bram, `${words} x ${width}`).toBe(expected);
      else expect(m.style, `${words} x ${width}`).toBe('uram');
    }
  });

  it('a large memory filling URAM goes there: 4K x 72 is one block, 8K x 144 four', () => {
    expect(map(4096, 72)).toMatchObject({ style: 'uram', uram: 1 });
    expect(map(8192, 144)).toMatchObject({ style: 'uram', uram: 4 });
  });

  it('narrow memories map as the old rule did (ceil(bits / 64) LUTRAM cells)', () => {
    expect(map(64, 16).lutramCells).toBe(Math.ceil((64 * 16) / 64));
    expect(map(128, 8).lutramCells).toBe(Math.ceil((128 * 8) / 64));
    expect(map(32, 20, d5005.family).lutramCells).toBe(Math.ceil((32 * 20) / 64)); // one MLAB: 10 ALMs
    expect(map(2048, 8, d5005.family)).toMatchObject({ style: 'bram', bram: 1 });
    expect(map(64, 16, u280.family, 3).lutramCells).toBe(3 * 16);
  });
});

describe('the ternary matmul unit', () => {
  const costs = loadCoreUnitCosts();
  const config = loadModelConfig('models/mmfreelm-370m');
  const core = (lanes: number, acc: number) =>
    ArchSchema.parse({
      name: 't',
      device: { id: 'amd-alveo-u280' },
      memory: { model: 'fixed', response_cycles: 12 },
      core: { kind: 'vector', clock_mhz: 150, tmatmul: { weights_per_cycle: lanes, accumulator_bits: acc } },
    }).core;
  const tmatmul = (lanes: number, acc = 32) => {
    const c = core(lanes, acc);
    return vectorCoreDemands(vectorCoreResourceParams(c), programShapeFromConfig(config, c), costs, new ProvenanceLog()).tmatmul;
  };

  it('one lane is one saturating accumulator and no tree (the narrow core, as before)', () => {
    const one = tmatmul(1, 16);
    const wider = tmatmul(1, 32);
    // Only the accumulator (adder + saturate, 1 LUT per bit each) and its two registers widen.
    expect(wider.lut - one.lut).toBe(2 * 16);
    expect(wider.ff - one.ff).toBe(2 * 16);
  });

  it('LUTs per lane fall far below a full-width accumulator and reduction adder per lane', () => {
    const lanes = 4096;
    const perLane = (tmatmul(lanes).lut - tmatmul(1).lut) / lanes;
    // The old rule: accumulator + saturate + a reduction adder, 32 bits each: 96 LUTs per lane.
    expect(perLane).toBeLessThan(96 / 4);
    expect(perLane).toBeGreaterThan(8); // at least the first level's 9-bit adders and the selects
  });
});

describe('the published TerEffic designs on the U280', () => {
  // Both configs use a table sigmoid (nonlinear: lut, 64 entries: one LUTRAM primitive per
  // bit) and fp32 state; what still overflows is pinned here and explained in
  // docs/published.md ("Feasibility").
  it('tereffic-hbm (2.7B): only LUTs overflow, and only because of the 1024-lane fp32 row-wise and quantise arithmetic', () => {
    const arch = loadArch('arch-configs/published/tereffic-hbm.yaml');
    expect(arch.core.datapath.nonlinear).toBe('lut');
    const est = vectorCoreResources(arch, programShapeFromConfig(loadModelConfig('models/mmfreelm-2.7b'), arch.core));
    expect(est.feasible).toBe(false);
    expect(est.overflow.map((o) => o.resource)).toEqual(['logic']);
    expect(est.infeasible_reason).toMatch(/^1 core does not fit amd-alveo-u280: LUT /);
    // The table sigmoid takes no block RAM and no exponential DSPs: one fp32 multiplier (2 DSP48E2) per lane.
    expect(est.per_core_by_unit.rowwise.bram).toBe(0);
    expect(est.per_core_by_unit.rowwise.dsp).toBe(2 * arch.core.rowwise.elements_per_cycle);
    // Everything but the element-wise fp32 units fits the LUTs.
    const rest = est.total.logic - est.per_core_by_unit.rowwise.logic - est.per_core_by_unit.quantize.logic;
    expect(rest).toBeLessThan(est.resources.logic.available);
  });

  it('tereffic-onchip-2x (370M): per board only LUTs overflow, and they would without the element-wise units too', async () => {
    const { code, stdout, stderr } = await cli(['run', '--arch', 'arch-configs/published/tereffic-onchip-2x.yaml', '--model', 'models/mmfreelm-370m', '--tokens', '1', '--timing-only', '--json']);
    expect(code, stderr).toBe(0);
    const o = JSON.parse(stdout);
    expect(o.boards.count).toBe(2);
    expect(o.power.boards).toHaveLength(2);
    for (const board of o.power.boards) {
      for (const k of ['registers', 'bram', 'uram', 'dsp']) {
        const r = board.resources[k];
        expect(r.used, `board ${board.board} ${r.label} ${r.used} of ${r.available}`).toBeLessThanOrEqual(r.available);
      }
      expect(board.resources.logic.used).toBeGreaterThan(board.resources.logic.available);
      expect(board.infeasible_reason).toMatch(/^1 core does not fit amd-alveo-u280: LUT /);
    }
    expect(o.power.overflow.map((x: { resource: string }) => x.resource)).toEqual(['logic']);
    // The 43,200 lanes (tree, selects, base-3 decoders) fit the LUTs on their own; with the
    // wide scratchpad, port, FIFO and the shell they do not, even without the row-wise and
    // quantise units (docs/published.md).
    const byUnit = o.power.resources_by_unit;
    expect(byUnit.tmatmul.logic).toBeLessThan(o.resources.logic.available);
    expect(o.resources.logic.used - byUnit.rowwise.logic - byUnit.quantize.logic).toBeGreaterThan(o.resources.logic.available);
    expect(o.feasible).toBe(false);
  });
});
