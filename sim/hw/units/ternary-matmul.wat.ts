import { interleaveLanes } from '../../model/wat-kernel.ts';

/**
 * WebAssembly SIMD source of the paper core's `tmatmul` values when no accumulator can
 * saturate (assembled at load time by sim/model/wat-assembler.ts; test/hw/units.test.ts
 * checks the bytes against wabt's wat2wasm and the values against the add-by-add reference).
 *
 * The matrix is stored input-major (weight (j, i) is code j·d + i, four 2-bit codes per
 * byte, low bits first: 01 = +1, 11 = −1, else 0), so one 16-byte load of row j holds the
 * weights of 64 consecutive outputs. For each block of 64 outputs the kernel runs over every
 * input j, keeping the block's sums in eight i16x8 accumulators, one pair per code position q
 * (lane L of pair q is output 4L + q of the block):
 * - the codes at position q are (bytes >> 2q) & 3; `i8x16.swizzle` maps them to the weights
 *   (0, +1, 0, −1), which widen to i16 and multiply the splatted x[j];
 * - the caller guarantees Σ_j |x[j]| ≤ 32767, which bounds every partial sum, so no i16 lane
 *   wraps (and no accumulator of the hardware saturates: the sums are exact);
 * - `i8x16.narrow_i16x8_s` saturates each sum to int8, which is the copy phase's sat8, and
 *   two rounds of shuffles interleave the four positions back into output order.
 * Requires d to be a multiple of 64 (a row is a whole number of 16-byte blocks).
 */

const indent = (lines: string[]) => lines.map((l) => `            ${l}`).join('\n');

/** Accumulate the weights at code position q of $v times $xv into $a{2q} (lanes 0-7) and $a{2q+1} (8-15). */
function accumulate(q: number): string {
  return indent([
    `;; code position ${q}`,
    'local.get $v',
    `i32.const ${2 * q}`,
    'i8x16.shr_u',
    'v128.const i8x16 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3',
    'v128.and',
    'local.set $c',
    'v128.const i8x16 0 1 0 -1 0 0 0 0 0 0 0 0 0 0 0 0',
    'local.get $c',
    'i8x16.swizzle',
    'local.set $c',
    `local.get $a${2 * q}`,
    'local.get $c',
    'i16x8.extend_low_i8x16_s',
    'local.get $xv',
    'i16x8.mul',
    'i16x8.add',
    `local.set $a${2 * q}`,
    `local.get $a${2 * q + 1}`,
    'local.get $c',
    'i16x8.extend_high_i8x16_s',
    'local.get $xv',
    'i16x8.mul',
    'i16x8.add',
    `local.set $a${2 * q + 1}`,
  ]);
}

const ZERO_ACCUMULATORS = indent(Array.from({ length: 8 }, (_, k) => ['v128.const i32x4 0 0 0 0', `local.set $a${k}`]).flat());

/** Saturate the eight accumulators to int8 and store the block's 64 outputs in order at $out. */
const STORE_BLOCK = indent([
  ...[0, 1, 2, 3].flatMap((q) => [`local.get $a${2 * q}`, `local.get $a${2 * q + 1}`, 'i8x16.narrow_i16x8_s', `local.set $n${q}`]),
  // Bytes of positions 0/1 and 2/3 interleaved: (n0[L], n1[L]) and (n2[L], n3[L]) pairs.
  'local.get $n0', 'local.get $n1', `i8x16.shuffle ${interleaveLanes(1, false)}`, 'local.set $a0',
  'local.get $n0', 'local.get $n1', `i8x16.shuffle ${interleaveLanes(1, true)}`, 'local.set $a1',
  'local.get $n2', 'local.get $n3', `i8x16.shuffle ${interleaveLanes(1, false)}`, 'local.set $a2',
  'local.get $n2', 'local.get $n3', `i8x16.shuffle ${interleaveLanes(1, true)}`, 'local.set $a3',
  // Then those pairs interleaved: outputs 4L + 0 … 4L + 3 side by side.
  'local.get $out', 'local.get $a0', 'local.get $a2', `i8x16.shuffle ${interleaveLanes(2, false)}`, 'v128.store offset=0',
  'local.get $out', 'local.get $a0', 'local.get $a2', `i8x16.shuffle ${interleaveLanes(2, true)}`, 'v128.store offset=16',
  'local.get $out', 'local.get $a1', 'local.get $a3', `i8x16.shuffle ${interleaveLanes(2, false)}`, 'v128.store offset=32',
  'local.get $out', 'local.get $a1', 'local.get $a3', `i8x16.shuffle ${interleaveLanes(2, true)}`, 'v128.store offset=48',
]);

export const PAPER_TMATMUL_WAT = `
(module
  (import "kernel" "memory" (memory 1))

  ;; y[0 … 4·row_bytes) = sat8(Σ_j w(j, i) · x[j]) for the n × 4·row_bytes matrix at $w
  ;; (row_bytes a multiple of 16), int8 inputs at $x, int8 outputs at $y.
  (func $tmatmul (export "tmatmul") (param $w i32) (param $x i32) (param $y i32) (param $n i32) (param $row_bytes i32)
    (local $b i32) (local $j i32) (local $p i32) (local $out i32)
    (local $xv v128) (local $v v128) (local $c v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $n0 v128) (local $n1 v128) (local $n2 v128) (local $n3 v128)
    i32.const 0
    local.set $b
    block $blocks_done
      loop $block
        local.get $b
        local.get $row_bytes
        i32.ge_u
        br_if $blocks_done
${ZERO_ACCUMULATORS}
        ;; $p walks down the block's column: row j's 16 bytes at $w + j·row_bytes + $b
        local.get $w
        local.get $b
        i32.add
        local.set $p
        i32.const 0
        local.set $j
        block $rows_done
          loop $row
            local.get $j
            local.get $n
            i32.ge_u
            br_if $rows_done
            local.get $x
            local.get $j
            i32.add
            i32.load8_s
            i16x8.splat
            local.set $xv
            local.get $p
            v128.load
            local.set $v
${accumulate(0)}
${accumulate(1)}
${accumulate(2)}
${accumulate(3)}
            local.get $p
            local.get $row_bytes
            i32.add
            local.set $p
            local.get $j
            i32.const 1
            i32.add
            local.set $j
            br $row
          end
        end
        ;; outputs 4·$b … 4·$b + 63
        local.get $y
        local.get $b
        i32.const 2
        i32.shl
        i32.add
        local.set $out
${STORE_BLOCK}
        local.get $b
        i32.const 16
        i32.add
        local.set $b
        br $block
      end
    end
  )
)
`;
