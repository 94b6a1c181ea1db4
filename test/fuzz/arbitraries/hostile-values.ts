import fc from 'fast-check';

/**
 * Values a hostile or careless user puts where a number belongs: the edges of IEEE doubles
 * and of integer types, fractions where integers go, magnitudes that overflow a size, and the
 * examples of issue 17 (1e308 MHz, 1e-300, 61.123457 MHz, 1e9, 1e15, 1e300).
 */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(0, -0, -1, 1, 2, 3, 0.5, 1.5, 1e-300, 1e-9, 61.123457, 333.333, 1e308, -1e308, 1e300, 1e15, 1e9, 1e6, 65535, 65536, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE) },
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 100_000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

/** Small, mostly valid numbers: the neighbourhood a sweep explores. */
export const plausibleNumber: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constantFrom(0.1, 0.2, 0.8, 0.9, 1, 2, 4, 8, 16, 32, 128, 256, 512, 1024, 4096));

/** Strings with control characters, escapes, paths and unicode. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\u001b[31mred\u001b[0m', 'a\nb', 'a\rb', '\u0000', '..', '../../etc/passwd', '/dev/zero', '0x', '1e309', 'NaN', 'Infinity', '-0', '🙂', '\u202e', 'x'.repeat(5000)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Any JSON/YAML value, hostile or not, including nested structure. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileNumber },
  { weight: 2, arbitrary: plausibleNumber },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [1, 2], { model: 'ddr4' }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 400 }).map(nested) },
);

/** A value nested `depth` deep: [[[…1…]]]. */
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
