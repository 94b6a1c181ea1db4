/**
 * BitLinear quantisation, exactly as the released HGRNBit inference code does it
 * (docs/model-spec.md, "BitLinear"): one absmean scale per whole weight matrix computed from the
 * LATENT weights, and one absmax int8 scale per token for the activations.
 */

/** Smallest scale either quantiser allows; keeps an all-zero row or matrix finite. */
export const QUANT_EPS = 1e-5;

/**
 * γ = max(mean|W|, 1e-5) over the latent (unquantised) weights. Summed in float64 and
 * rounded to float32 once, since the checkpoint's γ is an fp32 tensor scalar.
 */
export function absmeanScale(latent: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < latent.length; i++) sum += Math.abs(latent[i]!);
  const mean = latent.length > 0 ? sum / latent.length : 0;
  return Math.fround(Math.max(mean, QUANT_EPS));
}

/**
 * t = clamp(round(w/γ), -1, 1) with torch.round's halves-to-even: |w/γ| = 0.5 gives 0.
 * So t = +1 exactly when w/γ > 0.5, i.e. w > γ/2 — compared without a division, which is
 * the exact-arithmetic answer (γ/2 is exact) and 5× faster on the load path.
 */
export function ternaryOf(w: number, gamma: number): -1 | 0 | 1 {
  const half = 0.5 * gamma;
  return w > half ? 1 : w < -half ? -1 : 0;
}

export function ternarize(latent: Float32Array, gamma: number): Int8Array {
  const out = new Int8Array(latent.length);
  for (let i = 0; i < latent.length; i++) out[i] = ternaryOf(latent[i]!, gamma);
  return out;
}

export function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** The inference kernel's rounding for activations: halves go away from zero. */
export function roundHalfAway(v: number): number {
  return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
}

/**
 * Per-token int8 activations: s = 127 / max(max|x̂|, 1e-5), q = clamp(round(x̂·s), -128, 127).
 * Uses the first n values (default all), writes q into `out`, returns s. The product x̂·s is formed in
 * float32, as the fp32 kernel does, so rounding ties fall the same way.
 */
export function quantizeActivations(xhat: Float32Array, out: Int8Array, n: number = xhat.length): number {
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(xhat[i]!);
    if (a > maxAbs) maxAbs = a;
  }
  const s = Math.fround(127 / Math.max(maxAbs, QUANT_EPS));
  for (let i = 0; i < n; i++) {
    const r = roundHalfAway(Math.fround(xhat[i]! * s));
    out[i] = r > 127 ? 127 : r < -128 ? -128 : r;
  }
  return s;
}
