import { SQRT9_LUT, SQUARE9_LUT, qDiv } from './q43.ts';

/**
 * RMS unit (`norm vX`): x / √(mean(x²)), with no epsilon and no gain, as the paper's RTL.
 * Timing: a start cycle, d cycles squaring each element through a LUT into 9 bits, d − 1
 * cycles of a pairwise-tree mean, then the square-root LUT and a d-cycle divide pass:
 * 1 + d + (d − 1) + d = 3d busy cycles.
 */
export function rmsBusyCycles(d: number): number {
  return 3 * d;
}

/** Normalise `x` in place. */
export function rmsExecute(x: Int8Array): void {
  const d = x.length;
  let sum = 0;
  for (let i = 0; i < d; i++) sum += SQUARE9_LUT[x[i]! & 0xff]!;
  // The tree of adders keeps full width; the mean is truncated back to the 9-bit LUT index.
  const mean = Math.min(511, Math.floor(sum / d));
  const rms = SQRT9_LUT[mean]!;
  for (let i = 0; i < d; i++) x[i] = qDiv(x[i]!, rms);
}
