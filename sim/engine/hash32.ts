/**
 * SplitMix64-style 32-bit mixing, used as a seeded, stateless generator: `hash32(seed, i)`
 * gives the same value for the same (seed, i) on every run and platform, so sparse data
 * (a memory page, a weight tile) can be generated on demand in any order.
 */
export function hash32(seed: number, index: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index | 0, 0x85ebca77) ^ Math.imul((index / 2 ** 32) | 0, 0xc2b2ae3d)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
