/**
 * Colours of every report: the Okabe–Ito palette (distinguishable with the common forms of
 * colour blindness, and in greyscale print by their lightness), a sequential ramp for
 * parameters with many values (viridis: perceptually uniform and colour-blind safe), and
 * the fixed roles the charts give some colours.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Categorical order: the most distinct first; yellow last (weak on white paper). */
export const CATEGORICAL = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.black, OKABE_ITO.yellow] as const;

/** Viridis at 9 stops (matplotlib's), for a parameter with more values than CATEGORICAL has colours. */
export const SEQUENTIAL = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'] as const;

/** Fixed roles. */
export const ROLE = {
  front: OKABE_ITO.black,
  frontLine: OKABE_ITO.vermillion,
  failed: OKABE_ITO.vermillion,
  pruned: '#8c8c8c',
  published: OKABE_ITO.black,
  /** mmfsim's prediction of a published design: drawn hollow, joined to the published marker. */
  predicted: '#4d4d4d',
  peak: OKABE_ITO.vermillion,
  muted: '#b8c4d0',
  grid: '#e6e6e6',
  read: OKABE_ITO.blue,
  write: OKABE_ITO.orange,
} as const;

/** Colour `i` of a categorical series (cycles after eight). */
export function categorical(i: number): string {
  return CATEGORICAL[((i % CATEGORICAL.length) + CATEGORICAL.length) % CATEGORICAL.length]!;
}

/** The sequential ramp at t ∈ [0, 1] (nearest stop; 9 stops read as distinct steps). */
export function sequential(t: number): string {
  const i = Math.round(Math.min(1, Math.max(0, t)) * (SEQUENTIAL.length - 1));
  return SEQUENTIAL[i]!;
}
