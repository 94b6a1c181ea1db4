import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decode, encode, PAPER_FORMAT, wordBits } from '../../sim/isa/encoding.ts';
import { OPCODE_NAMES, type Instruction, type Opcode } from '../../sim/isa/instruction.ts';
import { disassemble, symbolNames } from '../../sim/isa/disassembler.ts';
import { assembleTmi } from '../../sim/isa/assembler.ts';
import { isInputError } from '../../sim/input-error.ts';

/** One instruction per opcode with every field distinct and non-zero where used. */
function sample(op: Opcode): Instruction {
  switch (op) {
    case 'nop':
      return { op };
    case 'ldv':
      return { op, vy: 5, addr: 0xbeef };
    case 'sv':
      return { op, va: 6, addr: 0x1234 };
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return { op, vy: 1, va: 2, vb: 7 };
    case 'exp':
    case 'sig':
      return { op, vy: 3, va: 4 };
    case 'tmatmul':
      return { op, vy: 6, va: 0, addr: 0xffff };
    case 'norm':
      return { op, va: 7 };
  }
}

describe('instruction encoding', () => {
  it('is 33 bits in the published format, fields MSB first', () => {
    expect(wordBits(PAPER_FORMAT)).toBe(33);
    // ldv v5,0xbeef: fu=1 op=0 va=0 vb=0 vy=5 ls=0 addr=0xbeef
    expect(encode({ op: 'ldv', vy: 5, addr: 0xbeef })).toBe(1 * 2 ** 30 + 5 * 2 ** 18 + 0xbeef);
    // sv: ls_op = 1 and the register in v_a
    expect(encode({ op: 'sv', va: 6, addr: 0 })).toBe(1 * 2 ** 30 + 6 * 2 ** 24 + 1 * 2 ** 16);
    // div v1,v2,v7: fu=2 op=3
    expect(encode({ op: 'div', vy: 1, va: 2, vb: 7 })).toBe(2 * 2 ** 30 + 3 * 2 ** 27 + 2 * 2 ** 24 + 7 * 2 ** 21 + 1 * 2 ** 18);
    expect(encode({ op: 'norm', va: 7 })).toBe(4 * 2 ** 30 + 7 * 2 ** 24);
    expect(encode({ op: 'nop' })).toBe(0);
  });

  it('assemble → encode → decode → disassemble is the identity on every opcode', () => {
    const symbols = { SYM_A: 0xbeef, SYM_B: 0x1234, W: 0xffff };
    const names = symbolNames(symbols);
    for (const op of OPCODE_NAMES) {
      const inst = sample(op);
      const text = disassemble(inst, names);
      const [assembled] = assembleTmi(text, 't.tmi', symbols).instructions;
      expect(assembled).toEqual(inst);
      const decoded = decode(encode(assembled!));
      expect(decoded).toEqual(inst);
      expect(disassemble(decoded, names)).toBe(text);
    }
  });

  it('takes the address width as a parameter (33-bit board build) and rejects what does not fit', () => {
    const board = { registerBits: 3, addressBits: 33 };
    const inst: Instruction = { op: 'tmatmul', vy: 1, va: 2, addr: 2 ** 32 + 5 };
    expect(wordBits(board)).toBe(50);
    expect(decode(encode(inst, board), board)).toEqual(inst);
    expect(() => encode(inst)).toThrow(/does not fit 16 bits/);
    expect(() => encode({ op: 'add', vy: 8, va: 0, vb: 0 })).toThrow(/v8/);
  });

  it('rejects words with no instruction or with non-zero unused fields', () => {
    const bad = (w: number) => {
      try {
        decode(w, PAPER_FORMAT, { file: 'prog.bin' });
      } catch (e) {
        expect(isInputError(e)).toBe(true);
        return (e as Error).message;
      }
      throw new Error('expected decode to fail');
    };
    expect(bad(7 * 2 ** 30)).toMatch(/prog\.bin: no instruction has fu=7/);
    expect(bad(2 * 2 ** 30 + 6 * 2 ** 27)).toMatch(/fu=2 op=6/);
    expect(bad(4 * 2 ** 30 + 1)).toMatch(/norm word has non-zero unused field addr/);
    expect(bad(2 ** 33)).toMatch(/does not fit 33 bits/);
  });
});

describe('encoding property: decode ∘ encode = id on random instructions', () => {
  // Any instruction format whose word fits 53 bits (fu 3 + op 3 + ls 2 + 3 registers + address),
  // and any instruction whose fields fit it; fast-check shrinks a failure to the smallest one.
  const formatArb = fc.integer({ min: 1, max: 6 }).chain((registerBits) => fc.record({ registerBits: fc.constant(registerBits), addressBits: fc.integer({ min: 1, max: 53 - 8 - 3 * registerBits }) }));
  const caseArb = formatArb.chain((f) =>
    fc.record({
      format: fc.constant(f),
      inst: fc
        .tuple(fc.constantFrom(...OPCODE_NAMES), fc.nat({ max: 2 ** f.registerBits - 1 }), fc.nat({ max: 2 ** f.registerBits - 1 }), fc.nat({ max: 2 ** f.registerBits - 1 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }))
        .map(([op, vy, va, vb, a]) => randomOf(op, vy, va, vb, a % 2 ** f.addressBits)),
    }),
  );
  test.prop([caseArb], { numRuns: 5000, seed: 5 })('holds for 5,000 random instructions in random formats', ({ format, inst }) => {
    expect(decode(encode(inst, format), format)).toEqual(inst);
  });
});

function randomOf(op: Opcode, vy: number, va: number, vb: number, addr: number): Instruction {
  switch (op) {
    case 'nop':
      return { op };
    case 'ldv':
      return { op, vy, addr };
    case 'sv':
      return { op, va, addr };
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return { op, vy, va, vb };
    case 'exp':
    case 'sig':
      return { op, vy, va };
    case 'tmatmul':
      return { op, vy, va, addr };
    case 'norm':
      return { op, va };
  }
}
