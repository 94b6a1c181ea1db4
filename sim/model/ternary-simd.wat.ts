import { interleaveLanes } from './wat-kernel.ts';

/**
 * WebAssembly SIMD source of the ternary matrix-vector kernel (assembled at load time by
 * wat-assembler.ts; test/model/wat-assembler.test.ts checks the bytes against wabt's
 * wat2wasm). Exact: every intermediate below is bounded so no lane can wrap.
 *
 * Technique — a table look-up with i8x16.swizzle (x86 pshufb) on 16 output rows at once:
 * - Weights are re-laid out in blocks of 16 rows (ternary-simd-matvec.ts): for packed column
 *   byte k (inputs 4k..4k+3), the 16 bytes of the 16 rows sit together, so one v128 load
 *   gives 16 rows × 4 inputs. Its low nibbles are the 2-bit codes of inputs 4k, 4k+1; its
 *   high nibbles those of 4k+2, 4k+3.
 * - A nibble indexes a 16-entry table of Σ t·a over its two inputs. With int8 activations
 *   those sums need 9 bits, so each activation is split q = 16·(q >> 4) + (q & 15): the
 *   high part is in [-8, 7] and the low part in [0, 15], and two tables per input pair
 *   hold the pair sums of the high parts (|·| ≤ 16) and of the low parts (|·| ≤ 30), both
 *   exact in int8. `build_tables` writes, per column byte, 64 bytes: low-part tables of
 *   the low and high nibble, then the high-part tables of both.
 * - Per column byte: 4 swizzles. Low-part sums accumulate in int8 over two column bytes
 *   (|·| ≤ 4·15·2 = 120), high-part sums likewise (|·| ≤ 4·8·2 = 64); then both widen to
 *   int16 as low + 16·high (= the exact sum of 8 inputs, |·| ≤ 1024); sixteen such pairs
 *   (32 column bytes, |·| ≤ 16384) widen into the int32 accumulators of the block.
 */

/**
 * A 16×16 byte transpose of $a0…$a15 (row r in $ar) into $a0…$a15 (column c in $ac):
 * four rounds interleaving vectors i and i + 2^s in units of 2^s bytes (bytes, then
 * 16-, 32-, 64-bit units), alternating between the $a and $b locals.
 */
function transpose16(): string {
  const lines: string[] = [];
  for (let s = 0; s < 4; s++) {
    const [from, to] = s % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    const stride = 1 << s;
    let out = 0;
    for (let g = 0; g < 16; g += 2 * stride) {
      for (let i = 0; i < stride; i++) {
        for (const high of [false, true]) {
          lines.push(`local.get $${from}${g + i}`, `local.get $${from}${g + i + stride}`, `i8x16.shuffle ${interleaveLanes(stride, high)}`, `local.set $${to}${out++}`);
        }
      }
    }
  }
  return lines.map((l) => `          ${l}`).join('\n');
}

const V128_LOCALS = (prefix: string): string => Array.from({ length: 16 }, (_, i) => `(local $${prefix}${i} v128)`).join(' ');
const LOAD_ROWS = Array.from({ length: 16 }, (_, r) =>
  r === 0 ? ['local.get $p', 'v128.load', 'local.set $a0'] : ['local.get $p', 'local.get $bpr', 'i32.add', 'local.tee $p', 'v128.load', `local.set $a${r}`],
)
  .flat()
  .map((l) => `          ${l}`)
  .join('\n');
const STORE_COLUMNS = Array.from({ length: 16 }, (_, c) => ['local.get $d', `local.get $a${c}`, `v128.store offset=${16 * c}`])
  .flat()
  .map((l) => `          ${l}`)
  .join('\n');

export const TERNARY_SIMD_WAT = `
(module
  (import "kernel" "memory" (memory 1 65536))

  ;; Tables for \`col_bytes\` packed column bytes from int8 activations q (4 per column byte,
  ;; zero past the matrix's inputs): 64 bytes per column byte at \`tab\`.
  (func $build_tables (export "build_tables") (param $q i32) (param $tab i32) (param $col_bytes i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $p0 v128) (local $n0 v128) (local $p1 v128) (local $n1 v128) (local $x v128) (local $y v128)
    ;; Lane n of a table is nibble n = code0 | code1 << 2 (code 01 = +1, 11 = -1, else 0):
    ;; masks of the lanes where the first / second input counts plus / minus.
    v128.const i8x16 0 -1 0 0 0 -1 0 0 0 -1 0 0 0 -1 0 0
    local.set $p0
    v128.const i8x16 0 0 0 -1 0 0 0 -1 0 0 0 -1 0 0 0 -1
    local.set $n0
    v128.const i8x16 0 0 0 0 -1 -1 -1 -1 0 0 0 0 0 0 0 0
    local.set $p1
    v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 -1 -1 -1 -1
    local.set $n1
    block $done
      local.get $col_bytes
      i32.eqz
      br_if $done
      loop $column_byte
        local.get $q
        i32.load8_s offset=0
        local.set $a
        local.get $q
        i32.load8_s offset=1
        local.set $b
        local.get $q
        i32.load8_s offset=2
        local.set $c
        local.get $q
        i32.load8_s offset=3
        local.set $d
        ;; low parts, inputs 4k, 4k+1 (indexed by the low nibble)
        local.get $tab
        local.get $a
        i32.const 15
        i32.and
        i8x16.splat
        local.tee $x
        local.get $p0
        v128.and
        local.get $x
        local.get $n0
        v128.and
        i8x16.sub
        local.get $b
        i32.const 15
        i32.and
        i8x16.splat
        local.tee $y
        local.get $p1
        v128.and
        i8x16.add
        local.get $y
        local.get $n1
        v128.and
        i8x16.sub
        v128.store offset=0
        ;; low parts, inputs 4k+2, 4k+3 (indexed by the high nibble)
        local.get $tab
        local.get $c
        i32.const 15
        i32.and
        i8x16.splat
        local.tee $x
        local.get $p0
        v128.and
        local.get $x
        local.get $n0
        v128.and
        i8x16.sub
        local.get $d
        i32.const 15
        i32.and
        i8x16.splat
        local.tee $y
        local.get $p1
        v128.and
        i8x16.add
        local.get $y
        local.get $n1
        v128.and
        i8x16.sub
        v128.store offset=16
        ;; high parts, inputs 4k, 4k+1
        local.get $tab
        local.get $a
        i32.const 4
        i32.shr_s
        i8x16.splat
        local.tee $x
        local.get $p0
        v128.and
        local.get $x
        local.get $n0
        v128.and
        i8x16.sub
        local.get $b
        i32.const 4
        i32.shr_s
        i8x16.splat
        local.tee $y
        local.get $p1
        v128.and
        i8x16.add
        local.get $y
        local.get $n1
        v128.and
        i8x16.sub
        v128.store offset=32
        ;; high parts, inputs 4k+2, 4k+3
        local.get $tab
        local.get $c
        i32.const 4
        i32.shr_s
        i8x16.splat
        local.tee $x
        local.get $p0
        v128.and
        local.get $x
        local.get $n0
        v128.and
        i8x16.sub
        local.get $d
        i32.const 4
        i32.shr_s
        i8x16.splat
        local.tee $y
        local.get $p1
        v128.and
        i8x16.add
        local.get $y
        local.get $n1
        v128.and
        i8x16.sub
        v128.store offset=48
        local.get $q
        i32.const 4
        i32.add
        local.set $q
        local.get $tab
        i32.const 64
        i32.add
        local.set $tab
        local.get $col_bytes
        i32.const 1
        i32.sub
        local.tee $col_bytes
        br_if $column_byte
      end
    end
  )

  ;; Sums of \`blocks\` blocks of 16 rows: block b's weights at w + b·16·col_bytes (column byte
  ;; k of row r at 16k + r), tables at \`tab\`, 16 int32 sums per block written at \`out\`.
  ;; col_bytes is even and > 0.
  (func $matvec (export "matvec") (param $w i32) (param $tab i32) (param $out i32) (param $blocks i32) (param $col_bytes i32)
    (local $t i32) (local $k i32) (local $end i32)
    (local $v v128) (local $lo v128) (local $hi v128) (local $l v128) (local $h v128)
    (local $s0 v128) (local $s1 v128) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $nibble v128)
    v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15
    local.set $nibble
    block $done
      local.get $blocks
      i32.eqz
      br_if $done
      loop $block
        v128.const i32x4 0 0 0 0
        local.tee $acc0
        local.tee $acc1
        local.tee $acc2
        local.set $acc3
        local.get $tab
        local.set $t
        i32.const 0
        local.set $k
        loop $chunk
          ;; end = min(k + 32, col_bytes): 32 column bytes keep the int16 sums within ±16384
          local.get $k
          i32.const 32
          i32.add
          local.tee $end
          local.get $col_bytes
          i32.gt_u
          if
            local.get $col_bytes
            local.set $end
          end
          v128.const i32x4 0 0 0 0
          local.tee $s0
          local.set $s1
          loop $pair
            ;; column byte k
            local.get $w
            v128.load offset=0
            local.tee $v
            local.get $nibble
            v128.and
            local.set $lo
            local.get $v
            i32.const 4
            i8x16.shr_u
            local.set $hi
            local.get $t
            v128.load offset=0
            local.get $lo
            i8x16.swizzle
            local.get $t
            v128.load offset=16
            local.get $hi
            i8x16.swizzle
            i8x16.add
            local.set $l
            local.get $t
            v128.load offset=32
            local.get $lo
            i8x16.swizzle
            local.get $t
            v128.load offset=48
            local.get $hi
            i8x16.swizzle
            i8x16.add
            local.set $h
            ;; column byte k+1
            local.get $w
            v128.load offset=16
            local.tee $v
            local.get $nibble
            v128.and
            local.set $lo
            local.get $v
            i32.const 4
            i8x16.shr_u
            local.set $hi
            local.get $l
            local.get $t
            v128.load offset=64
            local.get $lo
            i8x16.swizzle
            i8x16.add
            local.get $t
            v128.load offset=80
            local.get $hi
            i8x16.swizzle
            i8x16.add
            local.set $l
            local.get $h
            local.get $t
            v128.load offset=96
            local.get $lo
            i8x16.swizzle
            i8x16.add
            local.get $t
            v128.load offset=112
            local.get $hi
            i8x16.swizzle
            i8x16.add
            local.set $h
            ;; int16: s += low + 16·high (rows 0–7 in s0, rows 8–15 in s1)
            local.get $s0
            local.get $l
            i16x8.extend_low_i8x16_s
            i16x8.add
            local.get $h
            i16x8.extend_low_i8x16_s
            i32.const 4
            i16x8.shl
            i16x8.add
            local.set $s0
            local.get $s1
            local.get $l
            i16x8.extend_high_i8x16_s
            i16x8.add
            local.get $h
            i16x8.extend_high_i8x16_s
            i32.const 4
            i16x8.shl
            i16x8.add
            local.set $s1
            local.get $w
            i32.const 32
            i32.add
            local.set $w
            local.get $t
            i32.const 128
            i32.add
            local.set $t
            local.get $k
            i32.const 2
            i32.add
            local.tee $k
            local.get $end
            i32.lt_u
            br_if $pair
          end
          local.get $acc0
          local.get $s0
          i32x4.extend_low_i16x8_s
          i32x4.add
          local.set $acc0
          local.get $acc1
          local.get $s0
          i32x4.extend_high_i16x8_s
          i32x4.add
          local.set $acc1
          local.get $acc2
          local.get $s1
          i32x4.extend_low_i16x8_s
          i32x4.add
          local.set $acc2
          local.get $acc3
          local.get $s1
          i32x4.extend_high_i16x8_s
          i32x4.add
          local.set $acc3
          local.get $k
          local.get $col_bytes
          i32.lt_u
          br_if $chunk
        end
        local.get $out
        local.get $acc0
        v128.store offset=0
        local.get $out
        local.get $acc1
        v128.store offset=16
        local.get $out
        local.get $acc2
        v128.store offset=32
        local.get $out
        local.get $acc3
        v128.store offset=48
        local.get $out
        i32.const 64
        i32.add
        local.set $out
        local.get $blocks
        i32.const 1
        i32.sub
        local.tee $blocks
        br_if $block
      end
    end
  )
  ;; The SIMD layout of \`blocks\` blocks of 16 rows from row-major packed rows at \`src\`
  ;; (\`bpr\` bytes per row, 16·blocks rows): column bytes 16j … 16j + 15 of a block's rows
  ;; are transposed as one 16×16 byte matrix to \`dst\` (col_bytes per row in the layout).
  ;; Only the first bpr & ~15 column bytes; the caller writes the rest.
  (func $to_blocked (export "to_blocked") (param $src i32) (param $dst i32) (param $blocks i32) (param $bpr i32) (param $col_bytes i32)
    (local $p i32) (local $d i32) (local $k i32) (local $chunks i32)
    ${V128_LOCALS('a')}
    ${V128_LOCALS('b')}
    block $done
      local.get $bpr
      i32.const 4
      i32.shr_u
      local.tee $chunks
      i32.eqz
      br_if $done
      local.get $blocks
      i32.eqz
      br_if $done
      loop $block
        local.get $dst
        local.set $d
        i32.const 0
        local.set $k
        loop $chunk
          local.get $src
          local.get $k
          i32.const 4
          i32.shl
          i32.add
          local.set $p
${LOAD_ROWS}
${transpose16()}
${STORE_COLUMNS}
          local.get $d
          i32.const 256
          i32.add
          local.set $d
          local.get $k
          i32.const 1
          i32.add
          local.tee $k
          local.get $chunks
          i32.lt_u
          br_if $chunk
        end
        local.get $src
        local.get $bpr
        i32.const 4
        i32.shl
        i32.add
        local.set $src
        local.get $dst
        local.get $col_bytes
        i32.const 4
        i32.shl
        i32.add
        local.set $dst
        local.get $blocks
        i32.const 1
        i32.sub
        local.tee $blocks
        br_if $block
      end
    end
  )
)
`;
