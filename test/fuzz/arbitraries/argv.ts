import fc from 'fast-check';

/**
 * Command lines a user (or a script with a bug) types: commands and flags from mmfsim's
 * vocabulary and outside it, values valid and hostile, flags repeated or missing their value,
 * files that exist, do not, or are not files. Values that would ask for legitimately long
 * work (thousands of tokens) are left out: those are valid, and slow by design.
 */
const FILES = ['arch-configs/d5005-burst.yaml', 'arch-configs/memory/ddr4-3200-x8-1rank.yaml', 'arch-configs/memory/seq-read-1k.trace', 'arch-configs/paper-block.tmi', 'models/pycode-tiny', '@MODEL', '@FIFO', '@DIR', '/dev/zero', '/dev/null', 'missing.yaml', '', '-', '--'];

const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FILES) },
  { weight: 3, arbitrary: fc.constantFrom('0', '1', '2', '3', '-1', '1.5', '1e9', '16385', '65537', 'NaN', 'Infinity', '0x10', '', ' ', '1,2,3', '1,,2', '300', '99999999999999999999', 'abc', 'def f', '\u001b[31m') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const flag = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('--arch', '--model', '--prompt', '--prompt-ids', '--tokens', '--sequences', '--timing-only', '--no-timing-only', '--fast-forward', '--no-fast-forward', '--seed', '--json', '--program', '--d', '--symbols', '--init', '--trace', '--impl', '--temperature', '--top-k', '--zero-fraction') },
  { weight: 1, arbitrary: fc.constantFrom('--help', '-h', '--version', '--bogus', '-x', '--arch=arch-configs/d5005-burst.yaml', '--tokens=1', '--', '---', '--prompt-ids=1') },
);
const token = fc.oneof({ weight: 3, arbitrary: flag }, { weight: 3, arbitrary: value });

/** An argv: a command (usually a real one) and a few flags and values. */
export const argvArb: fc.Arbitrary<string[]> = fc
  .tuple(fc.oneof({ weight: 8, arbitrary: fc.constantFrom('run', 'exec', 'dram', 'validate', 'generate', 'schema') }, { weight: 1, arbitrary: fc.constantFrom('', 'bogus', '--help', 'RUN', '--json') }), fc.array(token, { maxLength: 10 }))
  .map(([cmd, rest]) => [cmd, ...rest]);
