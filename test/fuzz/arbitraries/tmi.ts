import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { applyTextMutations, textMutationArb } from './mutate-text.ts';

/** Mnemonics, valid and not (case, near misses). */
const mnemonic = fc.constantFrom('nop', 'ldv', 'sv', 'add', 'sub', 'mul', 'div', 'exp', 'sig', 'tmatmul', 'norm', 'LDV', 'TMatMul', 'mov', 'ld', 'halt', '');
const register = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 9 }).map((i) => `v${i}`) }, { weight: 1, arbitrary: fc.constantFrom('v-1', 'v99', 'v1e3', 'V0', 'tm0', 'r0', 'v', 'v0x1', 'v00') });
const address = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('X', 'WK', 'WQ', 'WV', 'eM', 'eNW', 'A', 'B', 'O') },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1 << 20 }).map((a) => `0x${a.toString(16)}`) },
  { weight: 1, arbitrary: fc.constantFrom('0xFFFFFFFFF', '0xFFFFFFFFFFFFFFFFFF', '99999999999999999999', '-1', '1e9', '0b101', '0x', '_', 'a-b', '9X') },
);
const sep = fc.constantFrom(', ', ',', ' ', '\t', ' , ');

const validMnemonic = fc.constantFrom('nop', 'ldv', 'sv', 'add', 'sub', 'mul', 'div', 'exp', 'sig', 'tmatmul', 'norm');
const validRegister = fc.integer({ min: 0, max: 7 }).map((i) => `v${i}`);
const validAddress = fc.oneof(fc.constantFrom('X', 'WK', 'WQ', 'WV', 'eM', 'eNW', 'A', 'B', 'O'), fc.integer({ min: 0, max: 1 << 16 }).map((a) => `0x${a.toString(16)}`));
/** Operand shapes per mnemonic (docs/paper-core.md): registers first, then an address. */
const SHAPES: Record<string, ('r' | 'a')[]> = { nop: [], ldv: ['r', 'a'], sv: ['r', 'a'], add: ['r', 'r', 'r'], sub: ['r', 'r', 'r'], mul: ['r', 'r', 'r'], div: ['r', 'r', 'r'], exp: ['r', 'r'], sig: ['r', 'r'], tmatmul: ['r', 'r', 'a'], norm: ['r'] };
const instruction = validMnemonic.chain((m) => fc.tuple(...SHAPES[m]!.map((k) => (k === 'r' ? validRegister : validAddress)), sep).map((ops) => `\t${m}\t${ops.slice(0, -1).join(ops[ops.length - 1] as string)}`));

/** A line that may break the assembler: any mnemonic with any operands, a comment, noise. */
const hostileLine = fc.oneof(
  fc.tuple(mnemonic, fc.array(fc.oneof(register, address), { maxLength: 4 }), sep).map(([m, ops, s]) => `\t${m}\t${ops.join(s)}`),
  fc.string({ maxLength: 30 }).map((c) => `; ${c}`),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Well-formed instructions, sometimes with one hostile line among them. */
const programArb = fc.tuple(fc.array(instruction, { maxLength: 40 }), fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(hostileLine, fc.nat()) })).map(([lines, bad]) => {
  if (bad) lines.splice(bad[1] % (lines.length + 1), 0, bad[0]);
  return lines.join('\n') + '\n';
});

const PAPER_BLOCK = readFileSync('arch-configs/paper-block.tmi', 'utf8');

/** A generated program, or the paper's block with text mutations. */
export const tmiArb: fc.Arbitrary<string> = fc.oneof(
  programArb,
  fc.array(textMutationArb, { minLength: 1, maxLength: 4 }).map((m) => applyTextMutations(PAPER_BLOCK, m)),
);

/** `exec` flags beside the program: a vector length, symbol bindings, the initial memory (mostly valid). */
const validD = fc.constantFrom('8', '16', '64', '128', '512');
const hostileD = fc.constantFrom('1', '3', '0', '-1', '1.5', '8193', '1e9', 'x', '');
const validSymbols = fc.constantFrom('X=0x0,WK=0x40000', 'X=0', 'A=0x100,B=0x200', 'O=0x1000');
const hostileSymbols = fc.oneof(fc.constantFrom('X=0xFFFFFFFFFFFF', 'X=-1', 'X', '=,=', 'X=1,X=2'), fc.string({ maxLength: 20 }));
const maybe = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostile });
export const execFlagsArb: fc.Arbitrary<string[]> = fc
  .record({
    d: maybe(validD, hostileD),
    symbols: maybe(validSymbols, hostileSymbols),
    init: fc.constantFrom('zero', 'random'),
    seed: maybe(fc.constantFrom('0', '1', '-5'), fc.constantFrom('1e300', '1.5', 'x')),
  })
  .map(({ d, symbols, init, seed }) => [...(d === undefined ? [] : ['--d', d]), ...(symbols === undefined ? [] : ['--symbols', symbols]), '--init', init, ...(seed === undefined ? [] : ['--seed', seed])]);
