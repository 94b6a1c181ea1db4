import type { ProvenanceLog } from '../../arch/provenance.ts';
import type { CoreUnitCosts } from './unit-cost-table.ts';

/**
 * Step 1 of the resource estimate: each part of a core states its DEMAND in
 * device-independent primitives — LUT6-equivalent functions, flip-flops, logical memories
 * and multipliers — as a function of its parameters. Step 2 (fabric-mapping.ts) maps the
 * demand onto a device family. These are the demand's types and the primitive costs both
 * core kinds build it from.
 */

/** A logical memory: `words` × `width` bits, `copies` identical instances. */
export interface RamDemand {
  name: string;
  words: number;
  width: number;
  copies: number;
}

export interface MultDemand {
  aBits: number;
  bBits: number;
  count: number;
}

/** What one part needs, before it is mapped onto a fabric. */
export interface UnitDemand {
  lut: number;
  ff: number;
  rams: RamDemand[];
  mults: MultDemand[];
}

export const log2ceil = (x: number): number => Math.max(1, Math.ceil(Math.log2(Math.max(2, x))));

/** LUTs and flip-flops of a piece of control logic. */
export interface LogicCost {
  lut: number;
  ff: number;
}

/**
 * LUT costs of the arithmetic primitives, from the cost table's `primitives` section. Each
 * figure is logged when first used, so a report's provenance lists exactly what it relied on.
 */
export interface PrimitiveCosts {
  /** A primitive's figure by key (logged). */
  cost(key: keyof CoreUnitCosts['primitives']): number;
  /** LUTs of a `bits`-wide adder. */
  adder(bits: number): number;
  /** LUTs of a `bits`-wide saturating clamp. */
  saturate(bits: number): number;
  /** LUTs of an `inputs`:1 multiplexer, `bits` wide (none for a single input). */
  mux(inputs: number, bits: number): number;
  /** LUTs of an array divider of a `dividendBits` dividend and a `quotientBits` quotient. */
  divider(dividendBits: number, quotientBits: number): number;
  /** LUTs and pipeline flip-flops of an adder tree over `inputs` values of `inputBits` (adderTree). */
  adderTree(inputs: number, inputBits: number, maxBits: number): LogicCost;
}

/**
 * An adder tree reducing `inputs` values of `inputBits` bits, with bit growth: level k adds
 * pairs of (inputBits + k − 1)-bit sums into (inputBits + k)-bit ones, never wider than
 * `maxBits` (the accumulator the tree feeds). An odd value passes a level unchanged. Every
 * level's sums are registered (a tree over thousands of lanes is pipelined to meet the
 * clock; the flip-flops sit beside the adder LUTs in the same slices). Over ternary × int8
 * products (8 bits) the tree costs about (8 + 2) LUTs per input: half of them in the first,
 * narrowest level — where one full-width adder per input costs accumulator-width LUTs.
 */
export function adderTree(inputs: number, inputBits: number, maxBits: number, lutPerBit: number): LogicCost {
  let lut = 0;
  let ff = 0;
  let n = Math.max(0, Math.floor(inputs));
  for (let level = 1; n > 1; level++) {
    const width = Math.min(inputBits + level, maxBits);
    const adders = Math.floor(n / 2);
    const passed = n % 2;
    lut += adders * width * lutPerBit;
    n = adders + passed;
    ff += n * width;
  }
  return { lut, ff };
}

export function primitiveCosts(costs: CoreUnitCosts, log: ProvenanceLog): PrimitiveCosts {
  const cost = (key: keyof CoreUnitCosts['primitives']): number => log.use(`core-units.primitives.${key}`, costs.primitives[key]);
  return {
    cost,
    adder: (bits) => bits * cost('adder_lut_per_bit'),
    saturate: (bits) => bits * cost('saturate_lut_per_bit'),
    mux: (inputs, bits) => (inputs <= 1 ? 0 : bits * Math.ceil((inputs - 1) / (cost('mux_inputs_per_lut') - 1))),
    divider: (dividendBits, quotientBits) => dividendBits * quotientBits * cost('divider_lut_per_bit2'),
    adderTree: (inputs, inputBits, maxBits) => (inputs <= 1 ? { lut: 0, ff: 0 } : adderTree(inputs, inputBits, maxBits, cost('adder_lut_per_bit'))),
  };
}
