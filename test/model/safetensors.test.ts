import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/input-error.ts';
import { encodeSafetensors, halfToFloat, SafetensorsFile } from '../../sim/model/safetensors.ts';
import { encodeAs, floatToHalf, rawSafetensors, tempDir } from './checkpoint-fixtures.ts';

function writeTemp(bytes: Uint8Array, name = 'model.safetensors'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, bytes);
  return file;
}

function openError(bytes: Uint8Array): InputError {
  const file = writeTemp(bytes);
  try {
    SafetensorsFile.open(file).close();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    expect(err.file).toBe(file);
    return err;
  }
  throw new Error('expected an InputError');
}

const F32_2x2 = { dtype: 'F32', shape: [2, 2] };

describe('safetensors reader', () => {
  it('reads F32, F16 and BF16 tensors exactly', () => {
    const values = Float32Array.from([1.5, -2.25, 0.0001220703125, 65504, -0, 3.140625]);
    const file = writeTemp(
      encodeSafetensors([
        { name: 'a', dtype: 'F32', shape: [2, 3], data: encodeAs(values, 'F32') },
        { name: 'b', dtype: 'F16', shape: [6], data: encodeAs(values, 'F16') },
        { name: 'c', dtype: 'BF16', shape: [3, 2], data: encodeAs(values, 'BF16') },
      ]),
    );
    const f = SafetensorsFile.open(file);
    expect([...f.readFloat32('a')]).toEqual([...values]);
    expect([...f.readFloat32('b')]).toEqual([...values]); // all representable in f16
    expect(f.info('c').shape).toEqual([3, 2]);
    expect([...f.readFloat32('c')]).toEqual([1.5, -2.25, 0.0001220703125, 65280, -0, 3.140625]); // bf16 keeps the top 16 bits of 65504: 65280
    f.close();
  });

  it('converts f16 subnormals, infinities and NaN', () => {
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(halfToFloat(floatToHalf(-0.333251953125))).toBe(-0.333251953125);
  });

  it('rejects a header that is not JSON', () => {
    const err = openError(rawSafetensors(null, new Uint8Array(0), '{"a": {"dtype": "F32",'));
    expect(err.message).toMatch(/header is not valid JSON/);
  });

  it('rejects a header length larger than the file (truncated header)', () => {
    const bytes = rawSafetensors({ a: { ...F32_2x2, data_offsets: [0, 16] } }, new Uint8Array(16));
    expect(openError(bytes.subarray(0, 20)).message).toMatch(/file is truncated: header length field says \d+ bytes but only 12 follow/);
    expect(openError(bytes.subarray(0, 5)).message).toMatch(/file is truncated: 5 bytes/);
  });

  it('rejects a file shorter than its tensors (truncated data)', () => {
    const bytes = rawSafetensors({ a: { ...F32_2x2, data_offsets: [0, 16] } }, new Uint8Array(16));
    const err = openError(bytes.subarray(0, bytes.length - 4));
    expect(err.key).toBe('a');
    expect(err.message).toMatch(/reach past the end of the file: the data section holds only 12 bytes \(file truncated/);
  });

  it('rejects offsets outside the file', () => {
    const err = openError(
      rawSafetensors(
        { a: { ...F32_2x2, data_offsets: [0, 16] }, b: { ...F32_2x2, data_offsets: [1000, 1016] } },
        new Uint8Array(32),
      ),
    );
    expect(err.key).toBe('b');
    expect(err.message).toMatch(/data_offsets \[1000, 1016\] reach past the end of the file/);
  });

  it('rejects overlapping tensors', () => {
    const err = openError(
      rawSafetensors(
        { a: { ...F32_2x2, data_offsets: [0, 16] }, b: { ...F32_2x2, data_offsets: [8, 24] } },
        new Uint8Array(24),
      ),
    );
    expect(err.key).toBe('b');
    expect(err.message).toMatch(/data overlaps tensor "a"/);
  });

  it('rejects unordered offsets (end before begin)', () => {
    const err = openError(rawSafetensors({ a: { dtype: 'F32', shape: [0], data_offsets: [16, 0] } }, new Uint8Array(16)));
    expect(err.key).toBe('a');
    expect(err.message).toMatch(/data_offsets \[16, 0\] are out of order \(end before begin\)/);
  });

  it('rejects a byte count that does not match shape x dtype', () => {
    const err = openError(rawSafetensors({ w: { dtype: 'BF16', shape: [3, 3], data_offsets: [0, 16] } }, new Uint8Array(16)));
    expect(err.key).toBe('w');
    expect(err.message).toMatch(/wrong byte count: data_offsets \[0, 16\] hold 16 bytes but shape \[3,3\] x BF16 needs 18/);
  });

  it('rejects unknown and unsupported dtypes', () => {
    const unknown = openError(rawSafetensors({ w: { dtype: 'Q4', shape: [2], data_offsets: [0, 2] } }, new Uint8Array(2)));
    expect(unknown.message).toMatch(/unknown dtype "Q4" \(supported: BF16, F16, F32\)/);
    const i8 = openError(rawSafetensors({ w: { dtype: 'I8', shape: [2], data_offsets: [0, 2] } }, new Uint8Array(2)));
    expect(i8.message).toMatch(/unsupported dtype "I8"/);
  });

  it('rejects gaps and trailing bytes the header does not describe', () => {
    const gap = openError(
      rawSafetensors({ a: { ...F32_2x2, data_offsets: [0, 16] }, b: { ...F32_2x2, data_offsets: [20, 36] } }, new Uint8Array(36)),
    );
    expect(gap.message).toMatch(/gap of 4 unused bytes/);
    const trailing = openError(rawSafetensors({ a: { ...F32_2x2, data_offsets: [0, 16] } }, new Uint8Array(20)));
    expect(trailing.message).toMatch(/4 bytes after the last tensor's data are not described/);
  });

  it('rejects malformed entries', () => {
    expect(openError(rawSafetensors([1, 2], new Uint8Array(0))).message).toMatch(/header must be a JSON object/);
    expect(
      openError(rawSafetensors({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4))).message,
    ).toMatch(/shape must be an array of non-negative integers/);
    expect(openError(rawSafetensors({ a: { dtype: 'F32', shape: [1] } }, new Uint8Array(4))).message).toMatch(
      /data_offsets must be \[begin, end\]/,
    );
  });

  it('reports a missing file as bad input', () => {
    expect(() => SafetensorsFile.open('/nonexistent/model.safetensors')).toThrow(/cannot read safetensors file \(ENOENT\)/);
  });
});
