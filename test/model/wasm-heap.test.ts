import { describe, expect, it } from 'vitest';
import { Prng } from '../../sim/model/prng.ts';
import { WasmHeap } from '../../sim/model/wasm-heap.ts';

describe('wasm heap', () => {
  it('hands out aligned, disjoint ranges above the reserved bytes and grows the memory', () => {
    const heap = new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 100 }), 100);
    const a = heap.alloc(10);
    const b = heap.alloc(70_000);
    const c = heap.alloc(1);
    expect(a).toBeGreaterThanOrEqual(100);
    for (const p of [a, b, c]) expect(p % 64).toBe(0);
    expect(b).toBeGreaterThanOrEqual(a + 10);
    expect(c).toBeGreaterThanOrEqual(b + 70_000);
    expect(heap.bytes().length).toBeGreaterThanOrEqual(c + 1);
    expect(heap.allocatedBytes).toBe(64 + 70_016 + 64);
  });

  it('reuses freed ranges (coalesced) and never overlaps live ones', () => {
    const heap = new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 1000 }));
    const r = new Prng(3);
    const live = new Map<number, number>();
    for (let n = 0; n < 2000; n++) {
      if (live.size > 0 && r.nextUint32() % 2 === 0) {
        const keys = [...live.keys()];
        const p = keys[r.nextUint32() % keys.length]!;
        heap.release(p);
        live.delete(p);
      } else {
        const size = 1 + (r.nextUint32() % 5000);
        const p = heap.alloc(size);
        for (const [q, s] of live) expect(p + size <= q || q + s <= p, `${p}+${size} overlaps ${q}+${s}`).toBe(true);
        live.set(p, size);
      }
    }
    for (const p of live.keys()) heap.release(p);
    expect(heap.allocatedBytes).toBe(0);
    // Everything was given back: the next allocation starts at the bottom again.
    expect(heap.alloc(8)).toBe(0);
  });

  it('keeps views valid across growth through bytes()', () => {
    const heap = new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 100 }));
    const a = heap.alloc(16);
    heap.bytes()[a] = 42;
    heap.alloc(1 << 20);
    expect(heap.bytes()[a]).toBe(42);
  });

  it('says when the memory cannot grow and rejects a double release', () => {
    const heap = new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 2 }));
    expect(() => heap.alloc(1 << 20)).toThrow(/cannot grow/);
    const p = heap.alloc(8);
    heap.release(p);
    expect(() => heap.release(p)).toThrow(/not allocated/);
  });
});
