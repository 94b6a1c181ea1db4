import { describe, expect, it } from 'vitest';
import { hash32 } from '../../sim/engine/hash32.ts';
import { MemoryImage } from '../../sim/compiler/memory-image.ts';
import { RANDOM_FILL_WAT } from '../../sim/compiler/random-fill.wat.ts';
import { assembleWat } from '../../sim/model/wat-assembler.ts';
import { wat2wasm } from '../model/wat2wasm.ts';

// The random fill is defined as hash32(seed, word index), little-endian, whatever computes it
// (a WebAssembly loop where there is WebAssembly, else JavaScript).
describe('MemoryImage random fill', () => {
  it('the fill kernel assembles to exactly the bytes wat2wasm produces', async () => {
    expect(Buffer.from(assembleWat(RANDOM_FILL_WAT)).equals(Buffer.from(await wat2wasm(RANDOM_FILL_WAT)))).toBe(true);
  });

  it('every byte is hash32(seed, word) little-endian, at low and high addresses, any seed', () => {
    // Pages near 0, past 2^32 bytes, and past 2^34 bytes (word indices past 2^32: the high term).
    const starts = [0, 4096 * 7 + 13, 2 ** 32 - 100, 2 ** 34 + 4096 * 3 + 1, 2 ** 40 - 5000, 2 ** 45 + 17];
    for (const seed of [1, 2, 0x7fffffff, -5, 123456789]) {
      const image = new MemoryImage({ kind: 'random', seed });
      for (const start of starts) {
        const bytes = image.read(start, new Uint8Array(9000));
        for (let k = 0; k < bytes.length; k++) {
          const a = start + k;
          const word = Math.floor(a / 4);
          const want = (hash32(seed, word) >>> (8 * (a % 4))) & 0xff;
          if (bytes[k] !== want) expect(`seed ${seed} byte ${a}: ${bytes[k]}`).toBe(`seed ${seed} byte ${a}: ${want}`);
        }
      }
    }
  });

  it('a written byte reads back over the fill; the zero fill is zero', () => {
    const image = new MemoryImage({ kind: 'random', seed: 3 });
    image.write(4095, Uint8Array.from([1, 2, 3]));
    const back = image.read(4094, new Uint8Array(5));
    expect(Array.from(back.subarray(1, 4))).toEqual([1, 2, 3]);
    expect(back[0]).toBe(hash32(3, 1023) >>> 16 & 0xff);
    expect(Array.from(new MemoryImage().read(12345, new Uint8Array(8)))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
