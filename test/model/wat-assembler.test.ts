import { describe, expect, it } from 'vitest';
import { TERNARY_SIMD_WAT } from '../../sim/model/ternary-simd.wat.ts';
import { assembleWat, WatSyntaxError } from '../../sim/model/wat-assembler.ts';
import { wat2wasm } from './wat2wasm.ts';

describe('WAT assembler', () => {
  it('assembles the SIMD ternary kernel to exactly the bytes wat2wasm produces', async () => {
    const mine = assembleWat(TERNARY_SIMD_WAT);
    expect(Buffer.from(mine).equals(Buffer.from(await wat2wasm(TERNARY_SIMD_WAT)))).toBe(true);
    expect(WebAssembly.validate(mine)).toBe(true);
  });

  it('agrees with wat2wasm on the encodings it supports (immediates, labels, local runs, types)', async () => {
    const src = `
      (module
        (import "a" "mem" (memory 2))
        (func $f (export "f") (param $x i32) (param i32) (result i32) (local $v v128) (local i32) (local $y i32)
          block $out
            loop $again
              local.get $x
              i32.const -129
              i32.add
              local.tee $x
              i32.const 8191
              i32.gt_u
              br_if $out
              local.get 1
              i32.load8_u offset=300
              local.set $y
              br $again
            end
          end
          local.get $x
          v128.const i16x8 -1 2 -32768 4 5 6 7 8
          v128.const i32x4 -1 2147483647 0 65536
          i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
          v128.store offset=16 align=8
          i32.const 0
          if
            nop
          else
            local.get $x
            drop
          end
          local.get $y)
        (func $g (export "g") (param i32) (param i32) (result i32)
          local.get 0))
    `;
    expect(Buffer.from(assembleWat(src)).equals(Buffer.from(await wat2wasm(src)))).toBe(true);
  });

  it('rejects what it does not understand, naming it', () => {
    expect(() => assembleWat('(module (func i32.popcnt))')).toThrow(WatSyntaxError);
    expect(() => assembleWat('(module (func i32.popcnt))')).toThrow(/i32\.popcnt/);
    expect(() => assembleWat('(module (func br $nowhere))')).toThrow(/unknown label \$nowhere/);
    expect(() => assembleWat('(module (func local.get $z))')).toThrow(/unknown local \$z/);
    expect(() => assembleWat('(module (func block))')).toThrow(/not closed/);
    expect(() => assembleWat('(module (global i32))')).toThrow(/unsupported module field/);
  });
});
