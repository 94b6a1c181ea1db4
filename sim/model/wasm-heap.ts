/**
 * A first-fit allocator over one WebAssembly.Memory: the SIMD kernel keeps its copies of
 * weight matrices and its scratch there (WebAssembly code can read nothing else). Freed
 * ranges are coalesced and reused; the memory only grows (wasm memory cannot shrink), and
 * growing detaches the old ArrayBuffer, so callers take views through `bytes()`.
 */
/** The memory cannot grow to hold an allocation (its maximum, or the process's address space). */
export class WasmMemoryFull extends RangeError {}

export class WasmHeap {
  /** Sorted, non-adjacent free ranges below `top`. */
  private readonly free: { ptr: number; size: number }[] = [];
  private readonly used = new Map<number, number>();
  private top: number;
  private view: Uint8Array;

  /** Addresses below `reserved` are never handed out. */
  constructor(readonly memory: WebAssembly.Memory, reserved = 0, private readonly align = 64) {
    this.top = roundUp(reserved, align);
    this.view = new Uint8Array(memory.buffer);
  }

  /** A view of the whole memory (renewed after growth). */
  bytes(): Uint8Array {
    if (this.view.buffer !== this.memory.buffer) this.view = new Uint8Array(this.memory.buffer);
    return this.view;
  }

  /** Bytes currently allocated. */
  get allocatedBytes(): number {
    let n = 0;
    for (const s of this.used.values()) n += s;
    return n;
  }

  alloc(bytes: number): number {
    const size = roundUp(Math.max(bytes, 1), this.align);
    const i = this.free.findIndex((f) => f.size >= size);
    let ptr: number;
    if (i >= 0) {
      const f = this.free[i]!;
      ptr = f.ptr;
      if (f.size === size) this.free.splice(i, 1);
      else {
        f.ptr += size;
        f.size -= size;
      }
    } else {
      ptr = this.top;
      const end = ptr + size;
      const have = this.memory.buffer.byteLength;
      if (end > have) {
        // Grow by at least an eighth (fewer grows, each of which detaches the views), or
        // by just what is needed if the memory's maximum refuses that.
        const needed = Math.ceil((end - have) / 65536);
        try {
          try {
            this.memory.grow(Math.max(needed, Math.ceil(have / 8 / 65536)));
          } catch {
            this.memory.grow(needed);
          }
        } catch {
          throw new WasmMemoryFull(`WebAssembly memory cannot grow to ${(end / 2 ** 20).toFixed(0)} MiB`);
        }
      }
      this.top = end;
    }
    this.used.set(ptr, size);
    return ptr;
  }

  release(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) throw new Error(`wasm heap: ${ptr} is not allocated`);
    this.used.delete(ptr);
    let i = 0;
    while (i < this.free.length && this.free[i]!.ptr < ptr) i++;
    this.free.splice(i, 0, { ptr, size });
    // Coalesce with the next and the previous range, and give the last range back to `top`.
    const next = this.free[i + 1];
    if (next && ptr + size === next.ptr) {
      this.free[i]!.size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.ptr + prev.size === ptr) {
      prev.size += this.free[i]!.size;
      this.free.splice(i, 1);
    }
    const last = this.free[this.free.length - 1];
    if (last && last.ptr + last.size === this.top) {
      this.top = last.ptr;
      this.free.pop();
    }
  }
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
