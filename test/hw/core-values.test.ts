import { describe, expect, it } from 'vitest';
import { CoreSchema } from '../../sim/arch/core-schema.ts';
import { resolveCoreConfig } from '../../sim/hw/core/core-config.ts';
import { FixedMemory } from '../../sim/memory/technologies/fixed/fixed-memory.ts';
import { MemoryImage } from '../../sim/compiler/memory-image.ts';
import { runProgram } from '../../sim/hw/run-program.ts';
import { ternaryAt } from '../../sim/hw/units/ternary-weights.ts';
import { qExp, qMul } from '../../sim/hw/units/q43.ts';
import { assembleTmi } from '../../sim/isa/assembler.ts';

describe('the core computes real values through DDR', () => {
  it('ldv → tmatmul → exp → mul → sv writes the directly computed result back to DDR', () => {
    const d = 32;
    const cfg = resolveCoreConfig(CoreSchema.parse({}), { d });
    const sym = { X: 0x0, W: 0x100, S: 0x80, O: 0x600 };
    const program = assembleTmi('ldv v0,X\nldv v3,S\ntmatmul v1,v0,W\nexp v2,v1\nmul v2,v2,v3\nsv v2,O', 'v.tmi', sym);
    const image = new MemoryImage({ kind: 'random', seed: 42 });
    // Inputs in ±1.0 so the ternary sums stay inside int8; S scales by up to 0.375.
    const x = Int8Array.from({ length: d }, (_, j) => ((j * 7) % 17) - 8);
    const s = Int8Array.from({ length: d }, (_, j) => j % 4);
    image.write(sym.X, new Uint8Array(x.buffer));
    image.write(sym.S, new Uint8Array(s.buffer));
    const w = image.read(sym.W, new Uint8Array((d * d) / 4)); // random weights, as seeded
    const r = runProgram(cfg, program.instructions, new FixedMemory({ clockHz: cfg.clockHz, responseCycles: 3 }), image);
    const out = new Int8Array(image.read(sym.O, new Uint8Array(d)).buffer);
    for (let i = 0; i < d; i++) {
      let acc = 0;
      for (let j = 0; j < d; j++) acc += ternaryAt(w, j * d + i) * x[j]!;
      const y = Math.max(-128, Math.min(127, acc));
      expect(out[i]).toBe(qMul(qExp(y), s[i]!));
    }
    expect(r.memory.writes).toBe(d);
  });

  it('different random seeds give different values but identical timing', () => {
    const d = 16;
    const cfg = resolveCoreConfig(CoreSchema.parse({}), { d });
    const program = assembleTmi('ldv v0,X\ntmatmul v1,v0,W\nsv v1,O', 'v.tmi', { X: 0, W: 64, O: 512 });
    const go = (seed: number) =>
      runProgram(cfg, program.instructions, new FixedMemory({ clockHz: cfg.clockHz, responseCycles: 3 }), new MemoryImage({ kind: 'random', seed }));
    const a = go(1);
    const b = go(2);
    expect(b.cycles).toBe(a.cycles);
    expect(Array.from(b.registers)).not.toEqual(Array.from(a.registers));
  });
});
