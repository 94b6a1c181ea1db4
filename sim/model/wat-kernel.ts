import { assembleWat } from './wat-assembler.ts';

/**
 * Shared pieces of mmfsim's hand-written WebAssembly kernels (the forward pass's ternary
 * matvec, the paper core's tmatmul values, the memory image's random fill).
 */

/** i8x16.shuffle lanes interleaving the low (or high) halves of two vectors in units of `w` bytes. */
export function interleaveLanes(w: number, high: boolean): string {
  const lanes: number[] = [];
  for (let u = 0; u < 8 / w; u++) {
    for (let b = 0; b < w; b++) lanes.push((high ? 8 : 0) + u * w + b);
    for (let b = 0; b < w; b++) lanes.push(16 + (high ? 8 : 0) + u * w + b);
  }
  return lanes.join(' ');
}

/**
 * A kernel assembled from `wat` and instantiated on a fresh memory of `pages` 64 KiB pages,
 * imported as `(import "<module>" "memory" ...)`; null where this runtime has no
 * WebAssembly or cannot validate the module (no SIMD): callers keep a JavaScript path.
 */
export function instantiateWat<T>(wat: string, module: string, pages = 1): { memory: WebAssembly.Memory; exports: T } | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = assembleWat(wat);
  if (!WebAssembly.validate(bytes)) return null;
  const memory = new WebAssembly.Memory({ initial: pages });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { [module]: { memory } }).exports as unknown as T;
  return { memory, exports };
}
