import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArchSchema, type ArchSpec } from '../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../sim/arch/yaml-config.ts';
import { hash32 } from '../../sim/engine/hash32.ts';
import { simulateProgram } from '../../sim/run/simulate-program.ts';

// The paper core's tmatmul read side and load/store unit serve provable requests without
// events (docs/run.md, "Fast-forwarding periodic streams"). Exactness: the whole `exec --json` object — cycles,
// every instruction's issue and done cycle, unit busy cycles, memory counters and DRAM
// commands, registers, power — equals the event-by-event run's, on the fixed testbench memory
// and on DDR4 behind the shell, over latencies, vector lengths, FIFO sizes and lane counts.
// Once the stream is steady, runs of isolated reads are served in closed form
// (TernaryMatmulUnit.periodicRun); the same comparison covers them, and the seeded cases
// below vary what its conditions depend on (round trip vs compute per request, FIFO depth
// vs two requests, request size and alignment). The load/store unit's vector transfers
// (`ldv` reads, and `sv` writes on the fixed memory, which serves isolated writes) go the
// same way (LoadStoreUnit.periodicRun); seeded random programs vary what its runs meet:
// transfers cut short by other units' events, odd addresses, request sizes, round trips.

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
        // The shortcut is taken: all but a few requests of each of the 13 memory instructions
        // (each transfer's last goes by event), in a number of events that does not grow with d.
        const requests = fast.memory.reads + fast.memory.writes;
        expect(requests).toBe((3 * d * d) / 4 + 10 * d);
        expect(fast.fast_forward.requests_skipped).toBeGreaterThan(requests - 13 * 4);
        expect(fast.engine_events).toBeLessThan(150);
        // A closed-form run per vector transfer (7 ldv, 3 sv), and one per tmatmul where compute
        // keeps up with the stream (4 weights per byte in ≤ round trip + 1 cycles); none at a
        // 1-cycle round trip, where it cannot.
        expect(fast.fast_forward.closed_form_runs).toBeGreaterThanOrEqual(10 + (responseCycles >= 3 ? 3 : 0));
        if (responseCycles === 1) expect(fast.fast_forward.closed_form_runs).toBe(10);
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

  it('random programs on random ports and latencies: vector transfers and matrices in closed form stay exact', () => {
    // Seeded programs of loads, stores, matrices and row-wise work at literal addresses (odd
    // ones too, and stores that later loads and matrices read back), on fixed memories of
    // 1…40-cycle round trips and DDR4, ports of 1…8-byte requests; d not always a multiple of 4.
    const ops = ['ldv', 'ldv', 'sv', 'sv', 'tmatmul', 'add', 'mul', 'exp', 'norm', 'nop'];
    let runs = 0;
    let skipped = 0;
    for (let seed = 0; seed < 48; seed++) {
      const h = (i: number) => hash32(9000 + seed, i);
      const d = [4, 6, 8, 12, 16, 24, 32, 13][h(0) % 8]!;
      const width = [1, 1, 2, 4, 8][h(1) % 5]!;
      const beats = [1, 1, 2][h(2) % 3]!;
      const responseCycles = [1, 2, 3, 5, 12, 40][h(3) % 6]!;
      // Every fourth on DDR4 behind the shell (its isolated reads are row hits; writes take events).
      const ddr4 = seed % 4 === 3;
      const base = ddr4 ? board : testbench;
      const arch = ArchSchema.parse({
        ...base,
        core: {
          ...base.core,
          address_bits: 24,
          memory_port: { ...base.core.memory_port, width_bytes: width, burst_beats: beats },
          tmatmul: { ...base.core.tmatmul, fifo_bytes: width * beats * (1 + (h(4) % 4)), weights_per_cycle: [1, 2, 4][h(5) % 3]! },
        },
        memory: ddr4 ? base.memory : { model: 'fixed', response_cycles: responseCycles },
      });
      const lines: string[] = [];
      const count = 6 + (h(6) % 20);
      for (let i = 0; i < count; i++) {
        const r = (k: number) => `v${h(100 + 4 * i + k) % 8}`;
        // A few regions, so stores and loads meet; offsets of any alignment.
        const addr = `0x${((h(200 + i) % 4) * 0x1000 + (h(300 + i) % 64)).toString(16)}`;
        const op = ops[h(400 + i) % ops.length]!;
        if (op === 'ldv' || op === 'sv') lines.push(`${op} ${r(0)},${addr}`);
        else if (op === 'tmatmul') lines.push(`tmatmul ${r(0)},${r(1)},${addr}`);
        else if (op === 'add' || op === 'mul') lines.push(`${op} ${r(0)},${r(1)},${r(2)}`);
        else if (op === 'exp') lines.push(`exp ${r(0)},${r(1)}`);
        else if (op === 'norm') lines.push(`norm ${r(0)}`);
        else lines.push('nop');
      }
      const text = lines.join('\n') + '\n';
      const run = (fastForward: boolean) => simulateProgram({ arch, program: 'random.tmi', programText: text, d, fill: { kind: 'random', seed }, fastForward }).result;
      const fast = run(true);
      const slow = run(false);
      expect(withoutCost(fast), `seed ${seed}: d ${d}, ${width}×${beats}-byte requests, ${ddr4 ? 'DDR4' : `${responseCycles}-cycle memory`}\n${text}`).toEqual(withoutCost(slow));
      runs += fast.fast_forward.closed_form_runs;
      skipped += fast.fast_forward.requests_skipped;
    }
    expect(runs).toBeGreaterThan(48);
    expect(skipped).toBeGreaterThan(1000);
  });

  it('DDR4 behind the shell (d5005-paper): same cycles, commands, energy', () => {
    for (const d of [32, 96]) {
      const { fast, slow } = both(board, d);
      expect(withoutCost(fast), `d = ${d}`).toEqual(withoutCost(slow));
      expect(fast.fast_forward.requests_skipped).toBeGreaterThan(0);
    }
  });
});
