import * as z from 'zod';

/**
 * Every number the resource and power models use comes from a data file and says where it
 * comes from, so a report can show which figures are measured, which are datasheet facts
 * and which are guesses. The labels are those of docs/power.md, "Provenance labels":
 * - `datasheet`: a vendor's published figure (device resource counts, memory speeds);
 * - `measured`: read from hardware or from a fitter/simulation report;
 * - `vendor-estimator-default`: the default of an early power estimator (EPE / XPE);
 * - `derived`: computed from other figures by a stated argument (e.g. "one LUT per adder bit");
 * - `calibrated`: fitted so a modelled design reproduces a published measurement;
 * - `assumed`: an engineering estimate with no better source — treat as the weakest figure.
 */
export const PROVENANCE_KINDS = [
  'datasheet',
  'measured',
  'vendor-estimator-default',
  'derived',
  'calibrated',
  'assumed',
] as const;

export const ProvenanceKindSchema = z.enum(PROVENANCE_KINDS);
export type ProvenanceKind = z.infer<typeof ProvenanceKindSchema>;

/** A number with its unit, provenance label and a note saying why it has this value. */
export const QuantitySchema = z
  .object({
    value: z.number().describe('The figure, in `unit`.'),
    unit: z.string().min(1).optional().describe('Unit of `value` (omitted for plain counts).'),
    provenance: ProvenanceKindSchema.describe('Where the figure comes from.'),
    note: z.string().min(1).describe('Source or reasoning (document, table, argument).'),
  })
  .strict();
export type Quantity = z.infer<typeof QuantitySchema>;

/** A quantity that must be a non-negative number (counts, watts, coefficients). */
export const NonNegativeQuantitySchema = QuantitySchema.extend({ value: z.number().nonnegative() }).strict();

/** One line of a report's provenance list: which coefficient was used, and its label. */
export interface ProvenanceEntry {
  /** Dotted name of the coefficient: `<table id>.<key path>`. */
  coefficient: string;
  value: number;
  unit: string | null;
  provenance: ProvenanceKind;
  note: string;
}

export function provenanceEntry(coefficient: string, q: Quantity): ProvenanceEntry {
  return { coefficient, value: q.value, unit: q.unit ?? null, provenance: q.provenance, note: q.note };
}

/**
 * Collects the coefficients a computation actually used, once each, in first-use order,
 * so a report lists exactly the figures its numbers depend on.
 */
export class ProvenanceLog {
  private readonly entries = new Map<string, ProvenanceEntry>();

  /** Record `q` under `coefficient` and return its value (so use and logging are one step). */
  use(coefficient: string, q: Quantity): number {
    if (!this.entries.has(coefficient)) this.entries.set(coefficient, provenanceEntry(coefficient, q));
    return q.value;
  }

  list(): ProvenanceEntry[] {
    return [...this.entries.values()];
  }
}
