import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { expectedTensors } from '../../../sim/model/checkpoint.ts';
import { resolveModelConfig, ModelConfigSchema } from '../../../sim/model/config.ts';
import { encodeSafetensors, type SafetensorsDtype } from '../../../sim/model/safetensors.ts';
import { TINY_MODEL_CONFIG } from '../harness/tiny-model.ts';
import { hostileNumber, hostileString } from './hostile-values.ts';
import { applyMutations, mutationArb } from './mutate-object.ts';
import { applyTextMutations, textMutationArb } from './mutate-text.ts';

/** The keys of config.json the model math reads (the schema's), for mutations that set them. */
const CONFIG_KEYS = Object.keys(ModelConfigSchema.shape);

const BASES: Record<string, unknown>[] = [TINY_MODEL_CONFIG, JSON.parse(readFileSync('models/pycode-tiny/config.json', 'utf8')) as Record<string, unknown>];

/** A mutated config.json (of the tiny fuzzing model or the bundled one), as text. */
export const configJsonArb: fc.Arbitrary<string> = fc
  .record({
    base: fc.nat({ max: BASES.length - 1 }),
    mutations: fc.array(mutationArb(CONFIG_KEYS), { minLength: 1, maxLength: 3 }),
    text: fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(textMutationArb, { minLength: 1, maxLength: 2 }) }),
  })
  .map(({ base, mutations, text }) => applyTextMutations(JSON.stringify(applyMutations(BASES[base]!, mutations, CONFIG_KEYS), null, 2), text));

/** The tiny model's tensors, encoded (bf16 or f32), with small deterministic values. */
function tinyTensors(dtype: SafetensorsDtype): { name: string; dtype: SafetensorsDtype; shape: number[]; data: Uint8Array }[] {
  const config = resolveModelConfig(ModelConfigSchema.parse(TINY_MODEL_CONFIG));
  return [...expectedTensors(config)].map(([name, shape], t) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + t) * 0.5);
    const data = dtype === 'F32' ? new Uint8Array(values.buffer) : new Uint8Array(Uint16Array.from(new Uint32Array(values.buffer), (u) => u >>> 16).buffer);
    return { name, dtype, shape, data };
  });
}

const TENSORS = { BF16: tinyTensors('BF16'), F32: tinyTensors('F32') };

/** Header-length field values that broke readers: 2–5 GiB, 2^53, all ones, tiny. */
const hostileLength = fc.constantFrom(0n, 1n, 7n, 2n ** 31n, 2n ** 32n + 17n, 5n * 2n ** 30n, 2n ** 53n, 2n ** 64n - 1n);

export type CheckpointCase =
  | { kind: 'single'; bytes: Uint8Array }
  | { kind: 'sharded'; index: string; shards: Record<string, Uint8Array> }
  | { kind: 'directory' };

/** Re-encodes a safetensors file with its JSON header replaced (the length field kept consistent). */
function withHeader(bytes: Uint8Array, header: unknown): Uint8Array {
  const len = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + (bytes.length - 8 - len));
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + len), 8 + json.length);
  return out;
}

function headerOf(bytes: Uint8Array): Record<string, unknown> {
  const len = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as Record<string, unknown>;
}

const HEADER_KEYS = ['dtype', 'shape', 'data_offsets'].flatMap((k) => TENSORS.BF16.slice(0, 6).map((t) => `${t.name}.${k}`));

/** A checkpoint for the tiny model: a mutated single file, a mutated shard index, or a directory where the file belongs. */
export const checkpointArb: fc.Arbitrary<CheckpointCase> = fc.oneof(
  // The header's entries mutated (shapes, dtypes, offsets, names).
  fc.record({ dtype: fc.constantFrom('BF16' as const, 'F32' as const), mutations: fc.array(mutationArb(HEADER_KEYS), { minLength: 1, maxLength: 3 }) }).map(({ dtype, mutations }) => {
    const bytes = encodeSafetensors(TENSORS[dtype]);
    return { kind: 'single' as const, bytes: withHeader(bytes, applyMutations(headerOf(bytes), mutations, HEADER_KEYS)) };
  }),
  // The bytes themselves: the length field, truncation, junk appended, flipped bytes.
  fc
    .record({
      length: fc.option(hostileLength, { nil: undefined }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      append: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    })
    .map(({ length, cut, append, flips }) => {
      let bytes = encodeSafetensors(TENSORS.BF16);
      if (length !== undefined) new DataView(bytes.buffer).setBigUint64(0, length, true);
      for (const [at, v] of flips) bytes[at % bytes.length] = v;
      if (cut !== undefined) bytes = bytes.subarray(0, cut % (bytes.length + 1));
      if (append) {
        const b = new Uint8Array(bytes.length + append.length);
        b.set(bytes);
        b.set(append, bytes.length);
        bytes = b;
      }
      return { kind: 'single' as const, bytes };
    }),
  // Shards and their index: mutated weight_map (empty, '..', a directory, missing shards).
  fc
    .record({
      split: fc.integer({ min: 1, max: TENSORS.BF16.length - 1 }),
      edits: fc.array(fc.oneof(fc.record({ at: fc.nat(), to: fc.oneof(fc.constantFrom('..', '.', '', 'missing.safetensors', 'sub/x.safetensors', '/etc/passwd', 'model-00002.safetensors'), hostileString) }), fc.record({ at: fc.nat(), to: fc.oneof(hostileNumber, fc.constant(null)) })), { maxLength: 3 }),
      empty: fc.boolean(),
      indexText: fc.array(textMutationArb, { maxLength: 1 }),
    })
    .map(({ split, edits, empty, indexText }) => {
      const shards = { 'model-00001.safetensors': encodeSafetensors(TENSORS.BF16.slice(0, split)), 'model-00002.safetensors': encodeSafetensors(TENSORS.BF16.slice(split)) };
      const map: Record<string, unknown> = {};
      TENSORS.BF16.forEach((t, i) => (map[t.name] = i < split ? 'model-00001.safetensors' : 'model-00002.safetensors'));
      const names = Object.keys(map);
      for (const e of edits) map[names[e.at % names.length]!] = e.to;
      const index = applyTextMutations(JSON.stringify({ metadata: {}, weight_map: empty && edits.length === 0 ? {} : map }), indexText);
      return { kind: 'sharded' as const, index, shards };
    }),
  fc.constant({ kind: 'directory' as const }),
);

/** The files of a model directory `model/` holding the tiny config and a checkpoint case. */
export function checkpointFiles(c: CheckpointCase): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = { 'model/config.json': JSON.stringify(TINY_MODEL_CONFIG) };
  if (c.kind === 'single') files['model/model.safetensors'] = c.bytes;
  if (c.kind === 'sharded') {
    files['model/model.safetensors.index.json'] = c.index;
    for (const [name, bytes] of Object.entries(c.shards)) files[`model/${name}`] = bytes;
  }
  // 'directory': model.safetensors is a directory (holding a file, so it exists).
  if (c.kind === 'directory') files['model/model.safetensors/x'] = '';
  return files;
}
