import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { encodeSafetensors, SafetensorsFile, type SafetensorsDtype } from '../../sim/model/safetensors.ts';

/** Helpers shared by the model tests: build checkpoint files in temp directories. */
export const TINY_DIR = 'models/pycode-tiny';
export const GOLDEN_FILE = 'test/fixtures/pycode-h256-l4.golden.json';

export interface GoldenCase {
  prompt_ids: number[];
  last_logits: number[];
  first_logits: number[];
  all_positions_argmax: number[];
  greedy_ids: number[];
}

const made: string[] = [];
// Test checkpoints are megabytes each: remove them after the importing test file.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'mmfsim-model-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export interface RawTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Every tensor of the bundled tiny model, widened to float32 (exact from bf16). */
export function readTinyTensors(): RawTensor[] {
  const f = SafetensorsFile.open(join(TINY_DIR, 'model.safetensors'));
  try {
    return [...f.tensors.values()].map((t) => ({ name: t.name, shape: t.shape, values: f.readFloat32(t.name) }));
  } finally {
    f.close();
  }
}

export function encodeAs(values: Float32Array, dtype: SafetensorsDtype): Uint8Array {
  switch (dtype) {
    case 'F32':
      return new Uint8Array(values.slice().buffer);
    case 'BF16': {
      // Truncation is exact for values that came from bf16.
      const u32 = new Uint32Array(values.slice().buffer);
      return new Uint8Array(Uint16Array.from(u32, (u) => u >>> 16).buffer);
    }
    case 'F16':
      return new Uint8Array(Uint16Array.from(values, floatToHalf).buffer);
    default: {
      const never: never = dtype;
      throw new Error(String(never));
    }
  }
}

/** float → IEEE binary16, round to nearest even (normals and subnormals; no overflow handling needed here). */
export function floatToHalf(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === 0) return sign;
  if (a >= 65520) return sign | 0x7c00;
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp--;
  if (exp < -14) return sign | roundEven(a / 2 ** -24);
  const mant = roundEven((a / 2 ** exp - 1) * 1024);
  if (mant === 1024) return sign | ((exp + 16) << 10);
  return sign | ((exp + 15) << 10) | mant;
}

function roundEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/** A model directory holding the tiny config and the given tensors in one file. */
export function writeModelDir(tensors: RawTensor[], dtype: SafetensorsDtype = 'BF16'): string {
  const dir = tempDir();
  copyFileSync(join(TINY_DIR, 'config.json'), join(dir, 'config.json'));
  writeFileSync(
    join(dir, 'model.safetensors'),
    encodeSafetensors(tensors.map((t) => ({ name: t.name, dtype, shape: t.shape, data: encodeAs(t.values, dtype) }))),
  );
  return dir;
}

/** A safetensors file from a raw header object and data bytes (for malformed-file tests). */
export function rawSafetensors(header: unknown, data: Uint8Array, headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}
