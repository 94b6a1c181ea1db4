import { InputError } from '../../input-error.ts';
import { readInputText } from '../../read-input-file.ts';

/**
 * A DRAM request trace in the common DRAM simulators' format: one request per line,
 * `0xADDR READ|WRITE CYCLE`, CYCLE in DRAM clock cycles. Blank lines and `#` comments are
 * allowed. Held as typed arrays so a million-line trace is three buffers, not a million
 * objects.
 */
export interface DramTrace {
  readonly length: number;
  /** Byte addresses (exact integers up to 2^53). */
  readonly addr: Float64Array;
  /** 1 = write. */
  readonly write: Uint8Array;
  /** Earliest DRAM cycle at which each request may enter the controller. */
  readonly cycle: Float64Array;
}

export function loadDramTrace(file: string): DramTrace {
  return parseDramTrace(readInputText(file, 'trace', 'trace'), file);
}

const EXPECTED = "expected '0xADDR READ|WRITE CYCLE'";

/**
 * Requests are stated before cycle 2^52: cycles are integers held in doubles, exact below
 * 2^53, and the run needs room after the last request to serve the queue (a trace within
 * the request cap takes far less than 2^52 cycles to drain). Idle time itself costs nothing
 * (refresh of an idle channel is computed in closed form), so this is the only bound on it.
 */
export const MAX_TRACE_CYCLE = 2 ** 52;

/**
 * Most requests a trace may hold: 2^23 (8 388 608). The trace and the player keep 33 bytes a
 * request (address, kind, cycle, acceptance and completion cycles), some 280 MB here, and
 * the controller serves a few million requests a second, so the longest trace runs in
 * seconds. Split a longer workload into several traces.
 */
export const MAX_TRACE_REQUESTS = 1 << 23;

export function parseDramTrace(text: string, file: string): DramTrace {
  let cap = 1024;
  let addr = new Float64Array(cap);
  let write = new Uint8Array(cap);
  let cycle = new Float64Array(cap);
  let n = 0;
  let lineNo = 0;
  let pos = 0;
  const line = { addr: 0, write: 0, cycle: 0 };
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    lineNo++;
    // The common line in one pass over its characters; anything else (comments, blank lines,
    // unusual spellings, every error) is read by `readLine`, which also words the errors.
    const parsed = readPlainLine(text, pos, end, line) || readLine(text.slice(pos, end), lineNo, file, line);
    pos = end + 1;
    if (!parsed) continue;
    if (n === MAX_TRACE_REQUESTS) {
      throw new InputError(`more than ${MAX_TRACE_REQUESTS} requests; the limit is ${MAX_TRACE_REQUESTS} (docs/limits.md): split the trace`, { file, line: lineNo, column: 1 });
    }
    if (n === cap) {
      cap *= 2;
      const a2 = new Float64Array(cap);
      a2.set(addr);
      addr = a2;
      const w2 = new Uint8Array(cap);
      w2.set(write);
      write = w2;
      const c2 = new Float64Array(cap);
      c2.set(cycle);
      cycle = c2;
    }
    addr[n] = line.addr;
    write[n] = line.write;
    cycle[n] = line.cycle;
    n++;
  }
  if (n === 0) throw new InputError('the trace holds no requests (only blank lines and comments): nothing to simulate', { file });
  return { length: n, addr: addr.subarray(0, n), write: write.subarray(0, n), cycle: cycle.subarray(0, n) };
}

interface TraceLine {
  addr: number;
  write: number;
  cycle: number;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;

/**
 * `0xADDR READ|WRITE CYCLE` between `pos` and `end` in the plainest spelling — spaces or tabs
 * between the fields, upper-case kind, at most 13 hex and 15 decimal digits (so both are exact
 * and within the limits without further checks), an optional CR — read without allocating.
 * Returns false for any other line, which `readLine` then reads (or rejects) in full.
 */
function readPlainLine(text: string, pos: number, end: number, out: TraceLine): boolean {
  let i = pos;
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  if (i + 2 >= end || text.charCodeAt(i) !== 48 /* 0 */ || (text.charCodeAt(i + 1) | 32) !== 120 /* x */) return false;
  i += 2;
  let a = 0;
  const hexStart = i;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else break;
    a = a * 16 + d;
  }
  if (i === hexStart || i - hexStart > 13) return false;
  const gap1 = i;
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  if (i === gap1) return false;
  let w: number;
  if (text.startsWith('READ', i)) {
    w = 0;
    i += 4;
  } else if (text.startsWith('WRITE', i)) {
    w = 1;
    i += 5;
  } else {
    return false;
  }
  const gap2 = i;
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  if (i === gap2) return false;
  let cyc = 0;
  const decStart = i;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    cyc = cyc * 10 + (c - 48);
  }
  if (i === decStart || i - decStart > 15) return false;
  while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB || text.charCodeAt(i) === CR)) i++;
  if (i !== end) return false;
  out.addr = a;
  out.write = w;
  out.cycle = cyc;
  return true;
}

/** One line of any accepted spelling into `out`; false for a blank or comment line; InputError for a bad one. */
function readLine(raw: string, lineNo: number, file: string, out: TraceLine): boolean {
  const hash = raw.indexOf('#');
  const line = (hash >= 0 ? raw.slice(0, hash) : raw).replace(/\r$/, '');
  if (line.trim() === '') return false;
  const fields: { text: string; col: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) fields.push({ text: m[0], col: m.index + 1 });
  const at = (col: number) => ({ file, line: lineNo, column: col });
  if (fields.length !== 3) {
    throw new InputError(`${EXPECTED}, found ${fields.length} field${fields.length === 1 ? '' : 's'}`, at(fields[0]?.col ?? 1));
  }
  const [a, k, c] = fields as [(typeof fields)[0], (typeof fields)[0], (typeof fields)[0]];
  if (!/^0[xX][0-9a-fA-F]+$/.test(a.text)) throw new InputError(`address '${a.text}': ${EXPECTED} (hexadecimal with 0x)`, at(a.col));
  const address = Number.parseInt(a.text.slice(2), 16);
  if (!Number.isSafeInteger(address)) throw new InputError(`address '${a.text}' is beyond 2^53`, at(a.col));
  const kind = k.text.toUpperCase();
  if (kind !== 'READ' && kind !== 'WRITE') throw new InputError(`request kind '${k.text}': expected READ or WRITE`, at(k.col));
  if (!/^\d+$/.test(c.text) || !Number.isSafeInteger(Number(c.text))) {
    throw new InputError(`cycle '${c.text}': expected a non-negative integer DRAM cycle`, at(c.col));
  }
  if (Number(c.text) >= MAX_TRACE_CYCLE) {
    throw new InputError(`cycle ${c.text} is at or beyond 2^52 (${MAX_TRACE_CYCLE}); the limit leaves the run room to finish with exact cycle counts (docs/limits.md)`, at(c.col));
  }
  out.addr = address;
  out.write = kind === 'WRITE' ? 1 : 0;
  out.cycle = Number(c.text);
  return true;
}
