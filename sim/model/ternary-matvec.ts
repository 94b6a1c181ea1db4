import type { TernaryMatrix } from './ternary-model.ts';
import { SimdMatVec, simdAvailable } from './ternary-simd-matvec.ts';
import { TableMatVec } from './ternary-table-matvec.ts';

/** An exact int8 × ternary matrix-vector product: sums[o] = Σ_i t[o,i] · q[i]. */
export interface MatVecKernel {
  /** `q` has at least `m.cols` int8 activations; `sums` receives `m.rows` integers. */
  run(m: TernaryMatrix, q: Int8Array, sums: Int32Array): void;
}

export type MatVecImplementation = 'wasm-simd' | 'js-table';

/**
 * The integer forward pass's and the value datapath's ternary kernel: WebAssembly SIMD
 * (ternary-simd-matvec.ts) where the runtime has it, else the JavaScript table kernel
 * (ternary-table-matvec.ts). Both give the same integers (|sum| ≤ 128 · cols, far inside
 * int32), so the choice never changes a result, only the time.
 */
export class TernaryMatVec implements MatVecKernel {
  readonly implementation: MatVecImplementation;
  private readonly impl: MatVecKernel;

  constructor(implementation: MatVecImplementation = simdAvailable() ? 'wasm-simd' : 'js-table') {
    this.implementation = implementation;
    this.impl = implementation === 'wasm-simd' ? new SimdMatVec() : new TableMatVec();
  }

  run(m: TernaryMatrix, q: Int8Array, sums: Int32Array): void {
    this.impl.run(m, q, sums);
  }
}
