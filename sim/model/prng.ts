/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so synthetic weights and sampling
 * are identical on every machine and Node version; Math.random is never used.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly one = new Uint32Array(1);

  constructor(seed: number | string) {
    let s = typeof seed === 'string' ? hashString(seed) : seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** One draw: the generator's step lives once, in `fillUint32`. */
  nextUint32(): number {
    this.fillUint32(this.one);
    return this.one[0]!;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * The next `out.length` values of the sfc32 stream, with the state in locals (V8 keeps int32
   * fields that leave the small-integer range boxed: ≈ 3.5× faster per value than stepping
   * the fields).
   * Draws exactly `out.length` values, so the stream continues as if drawn one by one.
   */
  fillUint32(out: Uint32Array): void {
    // `| 0`: the fields may be stored as doubles; int32 locals keep the loop in integer ops.
    let a = this.a | 0;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    for (let i = 0; i < out.length; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      out[i] = t >>> 0;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /**
   * Fill `out` with standard normals, two per accepted pair (Marsaglia's polar method: no
   * trigonometry, one log and one sqrt per pair, 21 % of pairs rejected). Uniforms come in
   * chunks of exactly the pairs still needed, so no draw is wasted and the stream continues
   * deterministically after it. Synthetic embeddings are 65 M values for 1.3B.
   */
  fillGaussian(out: Float32Array | Float64Array): void {
    const n = out.length;
    const chunk = new Uint32Array(Math.min(2 * Math.ceil(n / 2), 1 << 16));
    let i = 0;
    while (i < n) {
      const draws = chunk.subarray(0, Math.min(chunk.length, 2 * Math.ceil((n - i) / 2)));
      this.fillUint32(draws);
      for (let k = 0; k < draws.length && i < n; k += 2) {
        const u = (2 * draws[k]!) / 4294967296 - 1;
        const v = (2 * draws[k + 1]!) / 4294967296 - 1;
        const s = u * u + v * v;
        if (s >= 1 || s === 0) continue;
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        out[i++] = u * f;
        if (i < n) out[i++] = v * f;
      }
    }
  }
}

/** FNV-1a, to derive independent streams from names (`seed:model.layers.3.attn.i_proj`). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
