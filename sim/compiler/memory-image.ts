import { hash32 } from '../engine/hash32.ts';
import { instantiateWat } from '../model/wat-kernel.ts';
import { RANDOM_FILL_WAT } from './random-fill.wat.ts';

/**
 * The CONTENTS of DDR (the bytes programs read and write), kept apart from the timing
 * models, which only time requests. Sparse: 4 KiB pages are created on first touch, so a
 * 33-bit address space costs only what a program uses. Untouched bytes are zero, or —
 * with a seed — a deterministic pseudo-random function of (seed, address), so results do
 * not depend on the order pages are first touched.
 */
export type MemoryFill = { kind: 'zero' } | { kind: 'random'; seed: number };

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;

export class MemoryImage {
  private readonly pages = new Map<number, Uint8Array>();

  constructor(readonly fill: MemoryFill = { kind: 'zero' }) {}

  private page(index: number): Uint8Array {
    let p = this.pages.get(index);
    if (p === undefined) {
      p = new Uint8Array(PAGE);
      if (this.fill.kind === 'random') randomPage(p, this.fill.seed, index * (PAGE / 4));
      this.pages.set(index, p);
    }
    return p;
  }

  read(addr: number, out: Uint8Array): Uint8Array {
    for (let done = 0; done < out.length; ) {
      const a = addr + done;
      const page = this.page(Math.floor(a / PAGE));
      const off = a % PAGE;
      const n = Math.min(out.length - done, PAGE - off);
      out.set(page.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  write(addr: number, data: Uint8Array): void {
    for (let done = 0; done < data.length; ) {
      const a = addr + done;
      const page = this.page(Math.floor(a / PAGE));
      const off = a % PAGE;
      const n = Math.min(data.length - done, PAGE - off);
      page.set(data.subarray(done, done + n), off);
      done += n;
    }
  }

  /** Bytes of pages materialised so far. */
  get residentBytes(): number {
    return this.pages.size * PAGE;
  }
}

/** The random fill of one page: word w is hash32(seed, base + w), little-endian. */
function randomPage(p: Uint8Array, seed: number, base: number): void {
  const fill = filler();
  if (fill) {
    // hash32's seed and high-index terms (a page's 1024 words share their high word).
    const key = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul((base / 2 ** 32) | 0, 0xc2b2ae3d);
    fill.fill(0, PAGE / 4, key, base | 0);
    p.set(new Uint8Array(fill.memory.buffer, 0, PAGE));
    return;
  }
  for (let w = 0; w < PAGE / 4; w++) {
    const v = hash32(seed, base + w);
    p[4 * w] = v & 0xff;
    p[4 * w + 1] = (v >>> 8) & 0xff;
    p[4 * w + 2] = (v >>> 16) & 0xff;
    p[4 * w + 3] = v >>> 24;
  }
}

/**
 * The fill in WebAssembly (random-fill.wat.ts), made at first use; null where there is no
 * WebAssembly. The same words as the JavaScript loop, at full speed from the first page
 * (a cold loop of a million hash32 calls per 4 MiB costs milliseconds before V8 optimises it).
 */
let wasmFill: { memory: WebAssembly.Memory; fill(dst: number, words: number, key: number, base: number): void } | null | undefined;

function filler(): typeof wasmFill {
  if (wasmFill === undefined) {
    const k = instantiateWat<{ fill(dst: number, words: number, key: number, base: number): void }>(RANDOM_FILL_WAT, 'fill');
    wasmFill = k ? { memory: k.memory, fill: k.exports.fill } : null;
  }
  return wasmFill;
}
