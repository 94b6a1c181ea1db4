import { hash32 } from '../engine/hash32.ts';

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
      if (this.fill.kind === 'random') {
        const base = index * (PAGE / 4);
        for (let w = 0; w < PAGE / 4; w++) {
          const v = hash32(this.fill.seed, base + w);
          p[4 * w] = v & 0xff;
          p[4 * w + 1] = (v >>> 8) & 0xff;
          p[4 * w + 2] = (v >>> 16) & 0xff;
          p[4 * w + 3] = v >>> 24;
        }
      }
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
