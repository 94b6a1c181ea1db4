import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { orderedRecord, POINT_STATUSES, type PointRecord } from './point-record.ts';

export const RESULTS_FILE = 'results.jsonl';

/**
 * OUT/results.jsonl: append-only, one JSON line per finished point. Each line is written
 * with one write(2) on a file opened for appending, so a killed process (kill -9) leaves
 * every earlier line whole and at most its last line torn; opening the store cuts a torn
 * tail (a line without its newline) before appending, so the next line starts clean. When a
 * hash appears on several lines (a retried failure, a re-evaluated pruned point) the
 * last one is the point's current record.
 */
export class ResultStore {
  readonly file: string;
  private fd: number | null = null;
  /** Current record of each hash (last line wins), in first-appearance order. */
  readonly records = new Map<string, PointRecord>();
  /** Bytes of a torn last line dropped when the store was opened (0: none). */
  readonly tornBytes: number;
  /** Lines that did not parse as a record (skipped). */
  readonly badLines: number;

  constructor(outDir: string) {
    mkdirSync(outDir, { recursive: true });
    this.file = join(outDir, RESULTS_FILE);
    const text = existsSync(this.file) ? readFileSync(this.file, 'utf8') : '';
    const end = text.lastIndexOf('\n') + 1;
    this.tornBytes = text.length - end;
    let bad = 0;
    for (const line of text.slice(0, end).split('\n')) {
      if (line.trim() === '') continue;
      const r = parseRecord(line);
      if (r) this.records.set(r.hash, r);
      else bad++;
    }
    this.badLines = bad;
    if (this.tornBytes > 0) {
      // Cut the torn tail (by bytes: the text may hold multi-byte characters).
      const fd = openSync(this.file, 'r+');
      try {
        ftruncateSync(fd, Buffer.byteLength(text.slice(0, end), 'utf8'));
      } finally {
        closeSync(fd);
      }
    }
  }

  append(record: PointRecord): void {
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, JSON.stringify(orderedRecord(record)) + '\n');
    this.records.set(record.hash, record);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function parseRecord(line: string): PointRecord | null {
  try {
    const r = JSON.parse(line) as PointRecord;
    if (typeof r !== 'object' || r === null || typeof r.hash !== 'string' || !POINT_STATUSES.includes(r.status)) return null;
    return r;
  } catch {
    return null;
  }
}

/** Every record of a results.jsonl (last line per hash wins), torn last line ignored. */
export function readResults(outDir: string): PointRecord[] {
  const file = join(outDir, RESULTS_FILE);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const map = new Map<string, PointRecord>();
  for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
    const r = line.trim() ? parseRecord(line) : null;
    if (r) map.set(r.hash, r);
  }
  return [...map.values()];
}

/** Write a file whole or not at all (a temporary file renamed over it). */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
