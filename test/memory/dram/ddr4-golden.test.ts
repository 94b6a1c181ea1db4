import { describe, expect, it } from 'vitest';
import { Ddr4MemorySchema } from '../../../sim/memory/technologies/ddr4/ddr4-schema.ts';
import { loadYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { loadDramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { runDramTrace } from '../../../sim/run/run-dram-trace.ts';
import { z } from 'zod';

const file = (f: string) => new URL(`../../../arch-configs/memory/${f}`, import.meta.url).pathname;

/**
 * Golden cycle counts of the shipped configs on the shipped traces (SCALE-Sim style): a
 * refactor or optimisation that changes a single command's cycle fails here. Update only
 * for an intended behaviour change, and say why in the commit.
 */
const GOLDEN: [string, string, { cycles: number; act: number; pre: number; ref: number; row_hits: number }][] = [
  // controller: dramsim3 (refresh closes banks with PREs, hits counted as DRAMsim3 does).
  ['ddr4-2400-x8-2rank.yaml', 'seq-read-1k.trace', { cycles: 5612, act: 9, pre: 8, ref: 1, row_hits: 1015 }],
  ['ddr4-2400-x8-2rank.yaml', 'random-mixed-1k.trace', { cycles: 5256, act: 1020, pre: 1003, ref: 1, row_hits: 0 }],
  ['ddr4-2400-bg-interleave.yaml', 'seq-read-1k.trace', { cycles: 4130, act: 8, pre: 0, ref: 0, row_hits: 1016 }],
  ['ddr4-2400-bg-interleave.yaml', 'random-mixed-1k.trace', { cycles: 5670, act: 1153, pre: 1112, ref: 1, row_hits: 0 }],
  ['ddr4-3200-x8-1rank.yaml', 'seq-read-1k.trace', { cycles: 4140, act: 8, pre: 0, ref: 0, row_hits: 1016 }],
  ['ddr4-3200-x8-1rank.yaml', 'random-mixed-1k.trace', { cycles: 9761, act: 1069, pre: 1053, ref: 0, row_hits: 0 }],
];

describe('DDR4 golden cycle counts on the shipped configs and traces', () => {
  it.each(GOLDEN)('%s on %s', (arch, trace, expected) => {
    const { memory } = loadYamlConfig(file(arch), z.object({ memory: Ddr4MemorySchema }));
    const r = runDramTrace({ memory, trace: loadDramTrace(file(trace)) });
    expect({ cycles: r.cycles, act: r.act, pre: r.pre, ref: r.ref, row_hits: r.row_hits }).toEqual(expected);
  });
});
