import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { InputError } from '../input-error.ts';
import { readInputText, type InputFileKind } from '../read-input-file.ts';
import type { ModelConfig } from './config.ts';

/**
 * How a model turns text into ids and back, chosen from the model directory:
 * - `tokenizer.json` present → the Hugging Face tokenizer it describes (published models
 *   use Mistral's 32k BPE); `tokenizer_config.json` is read too when present.
 * - no tokenizer.json and vocab_size 256 → byte-level: id = byte value (the golden models).
 * - otherwise → none: only `--prompt-ids` work and generated text cannot be decoded. We do
 *   not fall back to bytes for a 32k vocabulary: ids 0..255 of Mistral's vocabulary are
 *   control and byte-fallback tokens, so "bytes" would be silently wrong text.
 */
export type ModelTokenizer =
  | { kind: 'bytes'; encode(text: string): number[]; decode(ids: number[]): string }
  | { kind: 'huggingface'; encode(text: string): number[]; decode(ids: number[]): string }
  | { kind: 'none' };

export function byteTokenizer(): ModelTokenizer {
  return {
    kind: 'bytes',
    encode: (text) => [...Buffer.from(text, 'utf8')],
    decode: (ids) => Buffer.from(ids).toString('utf8'),
  };
}

export function loadTokenizer(dir: string, config: ModelConfig): ModelTokenizer {
  const file = join(dir, 'tokenizer.json');
  if (existsSync(file)) return huggingFaceTokenizer(file, join(dir, 'tokenizer_config.json'));
  if (config.vocabSize === 256) return byteTokenizer();
  return { kind: 'none' };
}

function huggingFaceTokenizer(file: string, configFile: string): ModelTokenizer {
  const json = readJson(file, 'tokenizer');
  const tokConfig = existsSync(configFile) ? readJson(configFile, 'tokenizerConfig') : {};
  let tok: HfTokenizer;
  try {
    tok = new HfTokenizer(json as object, tokConfig as object);
  } catch (e) {
    throw new InputError(`not a usable Hugging Face tokenizer (${(e as Error).message})`, { file });
  }
  return {
    kind: 'huggingface',
    // As transformers does by default: the tokenizer's post-processor adds its special
    // tokens (Mistral's BOS), which is how the published models saw prompts in training.
    encode: (text) => tok.encode(text, { add_special_tokens: true }).ids,
    decode: (ids) => tok.decode(ids, { skip_special_tokens: false }),
  };
}

function readJson(file: string, kind: InputFileKind): unknown {
  const text = readInputText(file, kind, 'tokenizer file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`cannot read as JSON (${(e as Error).message})`, { file });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new InputError('expected a JSON object at the top level', { file });
  return json;
}
