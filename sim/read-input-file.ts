import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './input-error.ts';

/**
 * The one way mmfsim reads a file it was given. Every input has a size cap (docs/limits.md),
 * checked while reading, so `/dev/zero`, a multi-gigabyte file named by mistake or a file
 * growing under us cannot take the host's memory; and only regular files are read: a FIFO
 * would block forever, a device has no end, a directory is not a file. The file is opened
 * non-blocking (a FIFO with no writer cannot hang the open itself) and its type checked on
 * the open descriptor, so nothing can swap it between the check and the read.
 */

/** Size caps of the files mmfsim reads, in bytes (docs/limits.md says why each is what it is). */
export const INPUT_FILE_LIMITS = {
  /**
   * An architecture, memory-only or sweep YAML: the shipped ones are 2–4 KiB. The YAML parser
   * takes some 60 µs a key, so 256 KiB (about 25 000 keys) still parses in a second or two.
   */
  yaml: 256 << 10,
  /** A model's config.json (published ones: about 1 KiB). */
  modelConfig: 1 << 20,
  /** tokenizer.json: Mistral's 32k BPE is 1.8 MB; a 256k-entry vocabulary about 35 MB. */
  tokenizer: 64 << 20,
  /** tokenizer_config.json (chat templates make some a few hundred KiB). */
  tokenizerConfig: 16 << 20,
  /** model.safetensors.index.json (about 100 KiB for a 2.7B model's shard list). */
  checkpointIndex: 16 << 20,
  /** A `.tmi` program: the paper's block is 1 KiB; 16 MiB is some 500 000 instructions. */
  program: 16 << 20,
  /** A DRAM trace: about 20 bytes a line, so 256 MiB holds the trace line cap (docs/limits.md). */
  trace: 256 << 20,
} as const;

export type InputFileKind = keyof typeof INPUT_FILE_LIMITS;

/** What kind of thing a path names, for the error message. */
function describeType(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens a regular file for reading (non-blocking, type-checked); the caller closes the
 * descriptor. `what` names the file in messages ("trace", "model config").
 */
export function openInputFile(file: string, what = 'file'): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new InputError(`cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`cannot read ${what}: it is ${describeType(st)}, not a regular file`, { file });
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/**
 * Reads a whole regular file of at most `maxBytes` bytes. Reading stops one byte past the
 * cap, so a file whose size the system misreports (procfs says 0) is still bounded.
 */
export function readInputBytes(file: string, maxBytes: number, what = 'file'): Buffer {
  const { fd, size } = openInputFile(file, what);
  try {
    if (size > maxBytes) throw tooLarge(file, what, size, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(size - total, 64 << 10), maxBytes + 1 - total, 16 << 20));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw new InputError(`cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
      }
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge(file, what, total, maxBytes, true);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** `readInputBytes` as UTF-8 text (a byte-order mark, if any, is kept: parsers report it). */
export function readInputText(file: string, kind: InputFileKind, what = 'file'): string {
  return readInputBytes(file, INPUT_FILE_LIMITS[kind], what).toString('utf8');
}

function tooLarge(file: string, what: string, bytes: number, maxBytes: number, atLeast = false): InputError {
  return new InputError(`${what} is ${atLeast ? 'more than ' : ''}${formatBytes(atLeast ? maxBytes : bytes)}${atLeast ? '' : ` (${bytes} bytes)`}; the limit is ${formatBytes(maxBytes)} (docs/limits.md)`, { file });
}

/** Bytes as B / KiB / MiB / GiB with three significant figures. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toPrecision(3)} ${units[u]}`;
}
