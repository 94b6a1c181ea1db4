/**
 * The request traces the DRAM model is compared on (against DRAMsim3 in
 * bench/dram-vs-dramsim3.ts, and pinned in test/memory/dram/dramsim3-reference.test.ts):
 * saturating sequential reads, random reads, sequential writes, a random read/write mix, a
 * row-conflict stride, a sparse stream. Deterministic (xorshift from a fixed seed), held as a
 * `DramTrace`, written in the `0xADDR READ|WRITE CYCLE` format both simulators read.
 */
import { writeFileSync } from 'node:fs';
import type { DramTrace } from '../sim/memory/dram/dram-trace.ts';

export const TRACE_KINDS = ['seq-read', 'random-read', 'seq-write', 'mix', 'conflict', 'sparse'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

export const TRACE_KIND_DESCRIPTIONS: Record<TraceKind, string> = {
  'seq-read': 'sequential reads, all offered at cycle 0 (saturating)',
  'random-read': 'uniform random reads, all offered at cycle 0 (saturating)',
  'seq-write': 'sequential writes, all offered at cycle 0 (saturating)',
  mix: 'uniform random, 1/3 writes, all offered at cycle 0 (saturating)',
  conflict: 'one bank, a new row every request (row stride), all offered at cycle 0',
  sparse: 'sequential reads, one every 50 DRAM cycles (unloaded)',
};

/** What a trace needs to know about the memory it is made for. */
export interface TraceGeometry {
  /** Bytes one trace line names (the burst: 64 for DDR4 and legacy HBM2, 32 for an HBM2 pseudo-channel). */
  burstBytes: number;
  /** Addressable bytes (random addresses fall below). */
  capacityBytes: number;
  /** Bytes between consecutive rows of one bank (the lowest row-address bit). */
  rowStrideBytes: number;
}

/** Deterministic 53-bit random integers below `limit` (two xorshift32 draws). */
function randomBelow(limit: number): () => number {
  let x = 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) % limit;
}

export function makeTrace(kind: TraceKind, count: number, g: TraceGeometry): DramTrace {
  const addr = new Float64Array(count);
  const write = new Uint8Array(count);
  const cycle = new Float64Array(count);
  const bursts = Math.floor(g.capacityBytes / g.burstBytes);
  const rand = randomBelow(bursts);
  const third = randomBelow(3);
  for (let i = 0; i < count; i++) {
    switch (kind) {
      case 'seq-read':
        addr[i] = i * g.burstBytes;
        break;
      case 'seq-write':
        addr[i] = i * g.burstBytes;
        write[i] = 1;
        break;
      case 'random-read':
        addr[i] = rand() * g.burstBytes;
        break;
      case 'mix':
        addr[i] = rand() * g.burstBytes;
        write[i] = third() === 0 ? 1 : 0;
        break;
      case 'conflict':
        addr[i] = (i * g.rowStrideBytes) % g.capacityBytes;
        break;
      case 'sparse':
        addr[i] = i * g.burstBytes;
        cycle[i] = i * 50;
        break;
    }
  }
  return { length: count, addr, write, cycle };
}

/** The trace as text, one `0xADDR READ|WRITE CYCLE` line per request. */
export function traceText(t: DramTrace): string {
  const lines = new Array<string>(t.length);
  for (let i = 0; i < t.length; i++) lines[i] = `0x${t.addr[i]!.toString(16)} ${t.write[i] ? 'WRITE' : 'READ'} ${t.cycle[i]}`;
  return lines.join('\n') + '\n';
}

export function writeTrace(t: DramTrace, file: string): void {
  writeFileSync(file, traceText(t));
}
