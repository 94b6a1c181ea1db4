import { closeSync, readSync } from 'node:fs';
import { InputError } from '../input-error.ts';
import { checkArrayBytes, checkMemoryBudget } from '../memory-budget.ts';
import { formatBytes, openInputFile } from '../read-input-file.ts';

/**
 * A reader for the safetensors format, written here because no npm package exists for
 * it: 8-byte little-endian header length N, N bytes of JSON header
 * (`{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`), then the
 * raw tensor bytes. Offsets are relative to the start of the data section.
 *
 * The header is validated as strictly as the reference Rust implementation does (the data
 * section must be exactly covered by the tensors: no overlap, no gap, nothing missing or
 * left over), because a malformed checkpoint that loads "successfully" gives silently wrong
 * logits. Tensor data is read on demand with positioned reads, one tensor at a time, so a
 * multi-gigabyte checkpoint never sits in memory whole.
 */
export type SafetensorsDtype = 'BF16' | 'F16' | 'F32';

export const DTYPE_BYTES: Record<SafetensorsDtype, number> = { BF16: 2, F16: 2, F32: 4 };

/** Dtypes that exist in the safetensors spec but that a latent-weight checkpoint never uses. */
const KNOWN_UNSUPPORTED = new Set(['F64', 'F8_E4M3', 'F8_E5M2', 'I64', 'I32', 'I16', 'I8', 'U64', 'U32', 'U16', 'U8', 'BOOL']);

export interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Number of elements (product of shape). */
  elements: number;
  /** Absolute byte offset of the tensor's data in the file. */
  fileOffset: number;
  byteLength: number;
  /** The file that holds it. */
  file: string;
}

/**
 * Largest JSON header accepted, as the reference Rust implementation (100 MB): a header lists
 * each tensor in under 200 bytes, so even a 2.7B model's is under 100 KiB.
 */
export const MAX_HEADER_BYTES = 100_000_000;

/** Largest read issued at once; bounds the temporary buffer when converting big tensors. */
const READ_CHUNK_BYTES = 1 << 24;

export class SafetensorsFile {
  readonly file: string;
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Record<string, string>;
  private fd: number | null;

  private constructor(file: string, fd: number, tensors: Map<string, TensorInfo>, metadata: Record<string, string>) {
    this.file = file;
    this.fd = fd;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  static open(file: string): SafetensorsFile {
    const { fd, size } = openInputFile(file, 'safetensors file');
    try {
      const { tensors, metadata } = parseHeader(fd, size, file);
      return new SafetensorsFile(file, fd, tensors, metadata);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  info(name: string): TensorInfo {
    const t = this.tensors.get(name);
    if (!t) throw new InputError('tensor not found', { file: this.file, key: name });
    return t;
  }

  /** Read one tensor and widen it to float32 (bf16 and f16 convert exactly). */
  readFloat32(name: string): Float32Array {
    const t = this.info(name);
    const fd = this.requireOpen();
    const where = { file: this.file, key: name };
    checkArrayBytes(t.elements * 4, `tensor ${name} as float32`, where);
    checkMemoryBudget(t.elements * 4, `tensor ${name} as float32`, where);
    const out = new Float32Array(t.elements);
    const bytesPer = DTYPE_BYTES[t.dtype];
    const elementsPerChunk = Math.max(1, Math.floor(READ_CHUNK_BYTES / bytesPer));
    const chunk = new Uint8Array(Math.min(t.byteLength, elementsPerChunk * bytesPer));
    const chunk16 = new Uint16Array(chunk.buffer, 0, chunk.byteLength >> 1);
    const chunk32 = new Float32Array(chunk.buffer, 0, chunk.byteLength >> 2);
    const outBits = new Int32Array(out.buffer);
    for (let first = 0; first < t.elements; first += elementsPerChunk) {
      const count = Math.min(elementsPerChunk, t.elements - first);
      const bytes = count * bytesPer;
      readExactly(fd, chunk, bytes, t.fileOffset + first * bytesPer, this.file, name);
      switch (t.dtype) {
        case 'BF16':
          // bf16 is the top half of an IEEE f32: shifting it up is exact.
          for (let i = 0; i < count; i++) outBits[first + i] = chunk16[i]! << 16;
          break;
        case 'F16':
          for (let i = 0; i < count; i++) out[first + i] = halfToFloat(chunk16[i]!);
          break;
        case 'F32':
          out.set(chunk32.subarray(0, count), first);
          break;
        default: {
          const never: never = t.dtype;
          throw new Error(`unhandled dtype ${String(never)}`);
        }
      }
    }
    return out;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private requireOpen(): number {
    if (this.fd === null) throw new Error(`${this.file} is closed`);
    return this.fd;
  }
}

function readExactly(fd: number, into: Uint8Array, length: number, position: number, file: string, key?: string): void {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, done, length - done, position + done);
    if (n === 0) throw new InputError(`file ended while reading ${length} bytes at offset ${position} (truncated?)`, { file, key });
    done += n;
  }
}

/** IEEE 754 binary16 → number, exact (including subnormals, infinities and NaN). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function parseHeader(fd: number, fileSize: number, file: string): { tensors: Map<string, TensorInfo>; metadata: Record<string, string> } {
  if (fileSize < 8) {
    throw new InputError(`file is truncated: ${fileSize} bytes, shorter than the 8-byte header length`, { file });
  }
  const lenBuf = new Uint8Array(8);
  readExactly(fd, lenBuf, 8, 0, file);
  const headerLen = Number(new DataView(lenBuf.buffer).getBigUint64(0, true));
  // Checked before the header buffer is allocated: a corrupt length field (or a sparse file
  // gigabytes long) must not become a multi-gigabyte allocation.
  if (headerLen > MAX_HEADER_BYTES) {
    throw new InputError(`header length field says ${formatBytes(headerLen)}; the limit is ${formatBytes(MAX_HEADER_BYTES)} (the reference implementation's, docs/limits.md)`, { file });
  }
  if (headerLen > fileSize - 8) {
    throw new InputError(
      `file is truncated: header length field says ${headerLen} bytes but only ${fileSize - 8} follow it`,
      { file },
    );
  }
  const headerBytes = new Uint8Array(headerLen);
  readExactly(fd, headerBytes, headerLen, 8, file);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    throw new InputError(`header is not valid JSON (${(e as Error).message})`, { file });
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new InputError('header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}', { file });
  }

  const dataStart = 8 + headerLen;
  const dataLength = fileSize - dataStart;
  const tensors = new Map<string, TensorInfo>();
  const spans: { name: string; begin: number; end: number }[] = [];
  let metadata: Record<string, string> = {};

  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        throw new InputError('__metadata__ must be an object of strings', { file, key: name });
      }
      metadata = entry as Record<string, string>;
      continue;
    }
    const where = { file, key: name };
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new InputError('header entry must be an object {dtype, shape, data_offsets}', where);
    }
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== 'string') throw new InputError('missing or non-string dtype', where);
    if (!(dtype in DTYPE_BYTES)) {
      const kind = KNOWN_UNSUPPORTED.has(dtype) ? 'unsupported' : 'unknown';
      throw new InputError(`${kind} dtype "${dtype}" (supported: BF16, F16, F32)`, where);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new InputError(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`, where);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    ) {
      throw new InputError(`data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offsets)}`, where);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) {
      throw new InputError(`data_offsets [${begin}, ${end}] are out of order (end before begin)`, where);
    }
    const elements = (shape as number[]).reduce((a, b) => a * b, 1);
    const expected = elements * DTYPE_BYTES[dtype as SafetensorsDtype];
    if (end - begin !== expected) {
      throw new InputError(
        `wrong byte count: data_offsets [${begin}, ${end}] hold ${end - begin} bytes but shape ${JSON.stringify(shape)} x ${dtype} needs ${expected}`,
        where,
      );
    }
    if (end > dataLength) {
      throw new InputError(
        `data_offsets [${begin}, ${end}] reach past the end of the file: the data section holds only ${dataLength} bytes (file truncated or offsets wrong)`,
        where,
      );
    }
    tensors.set(name, {
      name,
      dtype: dtype as SafetensorsDtype,
      shape: shape as number[],
      elements,
      fileOffset: dataStart + begin,
      byteLength: end - begin,
      file,
    });
    spans.push({ name, begin, end });
  }

  // The data section must be tiled exactly, in offset order.
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: string | null = null;
  for (const s of spans) {
    if (s.begin < cursor) {
      throw new InputError(`data overlaps tensor "${previous}" (begins at ${s.begin}, before that tensor ends at ${cursor})`, {
        file,
        key: s.name,
      });
    }
    if (s.begin > cursor) {
      throw new InputError(`gap of ${s.begin - cursor} unused bytes before this tensor's data (offset ${cursor} to ${s.begin})`, {
        file,
        key: s.name,
      });
    }
    cursor = s.end;
    previous = s.name;
  }
  if (cursor !== dataLength) {
    throw new InputError(`${dataLength - cursor} bytes after the last tensor's data are not described by the header`, { file });
  }
  return { tensors, metadata };
}

/** Serialise tensors to safetensors bytes (used by tests and tools that write checkpoints). */
export function encodeSafetensors(
  entries: { name: string; dtype: SafetensorsDtype; shape: number[]; data: Uint8Array }[],
  metadata: Record<string, string> = { format: 'pt' },
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const e of entries) {
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [offset, offset + e.data.byteLength] };
    offset += e.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // The format pads the header with spaces to an 8-byte boundary so the data is aligned.
  const headerBytes = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  headerBytes.set(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const e of entries) {
    out.set(e.data, at);
    at += e.data.byteLength;
  }
  return out;
}
