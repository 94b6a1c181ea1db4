/**
 * WebAssembly source of MemoryImage's pseudo-random fill (assembled at first use by
 * sim/model/wat-assembler.ts; test/compiler/memory-image.test.ts checks the bytes against
 * wabt's wat2wasm and every word against hash32). Word w of the fill is hash32(seed, base + w)
 * stored little-endian — hash32's own arithmetic in i32 (Math.imul is i32.mul, `>>> n` is
 * i32.shr_u), with the seed's and the high index word's terms passed in (`$key`: a page of
 * 1024 words never straddles a multiple of 2^32 words, so the high word is one per call).
 */
export const RANDOM_FILL_WAT = `
(module
  (import "fill" "memory" (memory 1))

  ;; $words words at $dst: hash32 of indices $base, $base + 1, … (low 32 bits) under $key.
  (func $fill (export "fill") (param $dst i32) (param $words i32) (param $key i32) (param $base i32)
    (local $z i32)
    block $done
      loop $word
        local.get $words
        i32.eqz
        br_if $done
        local.get $key
        local.get $base
        i32.const -2048144777
        i32.mul
        i32.xor
        local.tee $z
        local.get $z
        i32.const 16
        i32.shr_u
        i32.xor
        i32.const -2048144789
        i32.mul
        local.tee $z
        local.get $z
        i32.const 13
        i32.shr_u
        i32.xor
        i32.const -1028477387
        i32.mul
        local.set $z
        local.get $dst
        local.get $z
        local.get $z
        i32.const 16
        i32.shr_u
        i32.xor
        i32.store
        local.get $dst
        i32.const 4
        i32.add
        local.set $dst
        local.get $base
        i32.const 1
        i32.add
        local.set $base
        local.get $words
        i32.const 1
        i32.sub
        local.set $words
        br $word
      end
    end
  )
)
`;
