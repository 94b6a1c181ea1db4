import fc from 'fast-check';

const addr = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 1 << 30 }).map((a) => `0x${a.toString(16)}`) },
  { weight: 1, arbitrary: fc.constantFrom('0x0', '0xFFFFFFFFFFFFF', '0x20000000000000', '0xFFFFFFFFFFFFFFFFFFFF', '0x', '64', '0xZZ', '-0x1', '0X40') },
);
const kind = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('READ', 'WRITE') }, { weight: 1, arbitrary: fc.constantFrom('read', 'Write', 'LOAD', 'R', '') });
const cycle = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 20_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('1000000000000000', '9007199254740991', '9007199254740993', '100000000', '4294967296', '-1', '1.5', '1e3', '', 'x') },
);

const validAddr = fc.integer({ min: 0, max: 1 << 30 }).map((a) => `0x${a.toString(16)}`);
const validCycle = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 20_000 }) }, { weight: 1, arbitrary: fc.constantFrom(100_000_000, 2 ** 32, 1e12, 1e15, 2 ** 53 - 1) }).map(String);
const request = fc.tuple(validAddr, fc.constantFrom('READ', 'WRITE'), validCycle).map(([a, k, c]) => `${a} ${k} ${c}`);

/** A line that may break the parser: a field out of range or misspelt, a comment, noise. */
const hostileLine = fc.oneof(
  fc.tuple(addr, kind, cycle).map(([a, k, c]) => `${a} ${k} ${c}`),
  fc.string({ maxLength: 20 }).map((c) => `# ${c}`),
  fc.constantFrom('', '   ', '\r', '0x40 READ 1 extra', '0x40\tREAD\t1'),
  fc.string({ unit: 'binary', maxLength: 16 }),
);

/** A DRAM trace: well-formed requests (some at far-off cycles), sometimes with one hostile line among them. */
export const traceArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(request, { maxLength: 60 }), fc.option(fc.tuple(hostileLine, fc.nat()), { nil: undefined }))
  .map(([lines, bad]) => {
    if (bad) lines.splice(bad[1] % (lines.length + 1), 0, bad[0]);
    return lines.join('\n') + '\n';
  });

/** The memories `dram` runs traces on: the shipped memory-only files. */
export const TRACE_MEMORIES = ['arch-configs/memory/ddr4-2400-x8-2rank.yaml', 'arch-configs/memory/ddr4-3200-x8-1rank.yaml', 'arch-configs/memory/hbm2-u280.yaml', 'arch-configs/memory/ddr4-2400-bg-interleave.yaml', 'arch-configs/d5005-burst.yaml'];
