import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArchSchema, type ArchSpec } from '../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../sim/arch/yaml-config.ts';
import { simulateProgram } from '../../sim/run/simulate-program.ts';

// The paper core's tmatmul read side serves provable requests without events (docs/run.md,
// "Fast-forwarding periodic streams"). Exactness: the whole `exec --json` object — cycles,
// every instruction's issue and done cycle, unit busy cycles, memory counters and DRAM
// commands, registers, power — equals the event-by-event run's, on the fixed testbench memory
// and on DDR4 behind the shell, over latencies, vector lengths, FIFO sizes and lane counts.

const root = new URL('../../', import.meta.url);
const programFile = new URL('arch-configs/paper-block.tmi', root).pathname;
const programText = readFileSync(programFile, 'utf8');
const testbench = loadYamlConfig(new URL('arch-configs/paper-rtl-testbench.yaml', root).pathname, ArchSchema);
const board = loadYamlConfig(new URL('arch-configs/d5005-paper.yaml', root).pathname, ArchSchema);

function both(arch: ArchSpec, d: number) {
  const run = (fastForward: boolean) => simulateProgram({ arch, program: programFile, programText, d, fill: { kind: 'random', seed: d }, fastForward }).result;
  const fast = run(true);
  const slow = run(false);
  return { fast, slow };
}

function withoutCost<T extends { engine_events: number; fast_forward: unknown }>(r: T) {
  const { engine_events: _e, fast_forward: _f, ...rest } = r;
  return rest;
}

function fixedArch(responseCycles: number, fifoBytes: number, weightsPerCycle: number): ArchSpec {
  return ArchSchema.parse({
    ...testbench,
    core: { ...testbench.core, address_bits: 24, tmatmul: { ...testbench.core.tmatmul, fifo_bytes: fifoBytes, weights_per_cycle: weightsPerCycle } },
    memory: { model: 'fixed', response_cycles: responseCycles },
  });
}

describe('paper core fast-forwarding: identical to event-by-event', () => {
  for (const responseCycles of [1, 3, 12, 40]) {
    for (const d of [16, 64, 128]) {
      it(`fixed ${responseCycles}-cycle memory, d = ${d}`, () => {
        const { fast, slow } = both(fixedArch(responseCycles, 16, 1), d);
        expect(withoutCost(fast)).toEqual(withoutCost(slow));
        expect(slow.fast_forward.requests_skipped).toBe(0);
        // The shortcut is taken: all but each matrix's last byte and the vector loads, once no other unit is busy.
        expect(fast.fast_forward.requests_skipped).toBeGreaterThan((3 * d * d) / 4 / 2);
        expect(fast.engine_events).toBeLessThan(slow.engine_events / 4);
      });
    }
  }

  it('a FIFO one byte deep and four lanes (the read side waits for space) stay exact', () => {
    for (const [fifo, lanes] of [[1, 1], [1, 4], [2, 2], [64, 4]] as const) {
      const { fast, slow } = both(fixedArch(5, fifo, lanes), 32);
      expect(withoutCost(fast), `fifo ${fifo} lanes ${lanes}`).toEqual(withoutCost(slow));
    }
  });

  it('DDR4 behind the shell (d5005-paper): same cycles, commands, energy', () => {
    for (const d of [32, 96]) {
      const { fast, slow } = both(board, d);
      expect(withoutCost(fast), `d = ${d}`).toEqual(withoutCost(slow));
      expect(fast.fast_forward.requests_skipped).toBeGreaterThan(0);
    }
  });
});
