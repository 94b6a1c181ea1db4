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
// Once the stream is steady, runs of isolated reads are served in closed form
// (TernaryMatmulUnit.periodicRun); the same comparison covers them, and the seeded cases
// below vary what its conditions depend on (round trip vs compute per request, FIFO depth
// vs two requests, request size and alignment).

const root = new URL('../../', import.meta.url);
const programFile = new URL('arch-configs/paper-block.tmi', root).pathname;
const programText = readFileSync(programFile, 'utf8');
const testbench = loadYamlConfig(new URL('arch-configs/paper-rtl-testbench.yaml', root).pathname, ArchSchema);
const board = loadYamlConfig(new URL('arch-configs/d5005-paper.yaml', root).pathname, ArchSchema);

function both(arch: ArchSpec, d: number, symbols?: Record<string, number>) {
  const run = (fastForward: boolean) => simulateProgram({ arch, program: programFile, programText, d, symbols, fill: { kind: 'random', seed: d }, fastForward }).result;
  const fast = run(true);
  const slow = run(false);
  return { fast, slow };
}

function withoutCost<T extends { engine_events: number; fast_forward: unknown }>(r: T) {
  const { engine_events: _e, fast_forward: _f, ...rest } = r;
  return rest;
}

function fixedArch(responseCycles: number, fifoBytes: number, weightsPerCycle: number, widthBytes = 1): ArchSpec {
  return ArchSchema.parse({
    ...testbench,
    core: {
      ...testbench.core,
      address_bits: 24,
      memory_port: { ...testbench.core.memory_port, width_bytes: widthBytes },
      tmatmul: { ...testbench.core.tmatmul, fifo_bytes: fifoBytes, weights_per_cycle: weightsPerCycle },
    },
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
        // One closed-form run per tmatmul where compute keeps up with the stream (4 weights
        // per byte in ≤ round trip + 1 cycles); none at a 1-cycle round trip, where it cannot.
        expect(fast.fast_forward.closed_form_runs).toBe(responseCycles >= 3 ? 3 : 0);
        expect(slow.fast_forward.closed_form_runs).toBe(0);
      });
    }
  }

  it('a FIFO one byte deep and four lanes (the read side waits for space) stay exact', () => {
    for (const [fifo, lanes] of [[1, 1], [1, 4], [2, 2], [64, 4]] as const) {
      const { fast, slow } = both(fixedArch(5, fifo, lanes), 32);
      expect(withoutCost(fast), `fifo ${fifo} lanes ${lanes}`).toEqual(withoutCost(slow));
    }
  });

  it('closed-form runs stay exact at the edges of their conditions: compute per request vs round trip + 1, FIFO vs two requests, request size and alignment', () => {
    // Round trips 1…7 against 4b/lanes compute cycles per request cross w = p (runs) and
    // w = p + 1 (none); FIFOs of one, two and three requests cross 2b; requests of 1 and 2
    // bytes, matrices at even and odd addresses.
    let runs = 0;
    let i = 0;
    for (const responseCycles of [1, 2, 3, 4, 5, 7]) {
      for (const lanes of [1, 2, 4]) {
        for (const width of [1, 2]) {
          for (const fifoRequests of [1, 2, 3]) {
            const symbols = i++ % 2 ? { WK: 0x1003, WV: 0x4001, WQ: 0x8005 } : undefined;
            const { fast, slow } = both(fixedArch(responseCycles, width * fifoRequests, lanes, width), 16, symbols);
            expect(withoutCost(fast), `r ${responseCycles} lanes ${lanes} width ${width} fifo ${width * fifoRequests} symbols ${!!symbols}`).toEqual(withoutCost(slow));
            runs += fast.fast_forward.closed_form_runs;
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(0);
  });

  it('DDR4 behind the shell (d5005-paper): same cycles, commands, energy', () => {
    for (const d of [32, 96]) {
      const { fast, slow } = both(board, d);
      expect(withoutCost(fast), `d = ${d}`).toEqual(withoutCost(slow));
      expect(fast.fast_forward.requests_skipped).toBeGreaterThan(0);
    }
  });
});
