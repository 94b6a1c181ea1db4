import { instantiateWat } from '../../model/wat-kernel.ts';
import { PAPER_TMATMUL_WAT } from './ternary-matmul.wat.ts';

interface Runtime {
  memory: WebAssembly.Memory;
  tmatmul(w: number, x: number, y: number, n: number, rowBytes: number): void;
}

/** The assembled kernel and its memory, made at first use (null: no WebAssembly SIMD here). */
let runtime: Runtime | null | undefined;

function kernel(): Runtime | null {
  if (runtime === undefined) {
    const k = instantiateWat<Pick<Runtime, 'tmatmul'>>(PAPER_TMATMUL_WAT, 'kernel', 2);
    runtime = k ? { memory: k.memory, tmatmul: k.exports.tmatmul } : null;
  }
  return runtime;
}

/**
 * `tmatmul` values through the WebAssembly SIMD kernel (ternary-matmul.wat.ts): y = sat8 of
 * the plain sums of the x.length × y.length matrix `packed`. Only for callers that proved no
 * partial sum leaves ±32767 and no accumulator saturates (Σ|x| bounds both), with y.length a
 * multiple of 64; returns false, having done nothing, where the runtime has no WebAssembly SIMD.
 */
export function simdTernaryMatmul(y: Int8Array, x: Int8Array, packed: Uint8Array): boolean {
  const rt = kernel();
  if (!rt) return false;
  const n = x.length;
  const rowBytes = y.length >> 2;
  const w = 0;
  const xAt = n * rowBytes;
  const yAt = xAt + n;
  const need = yAt + y.length;
  if (rt.memory.buffer.byteLength < need) rt.memory.grow(Math.ceil((need - rt.memory.buffer.byteLength) / 65536));
  const buffer = rt.memory.buffer;
  new Uint8Array(buffer, w, xAt).set(packed.subarray(0, xAt));
  new Int8Array(buffer, xAt, n).set(x);
  rt.tmatmul(w, xAt, yAt, n, rowBytes);
  y.set(new Int8Array(buffer, yAt, y.length));
  return true;
}
