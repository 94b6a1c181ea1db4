import type { DramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { traceOf } from './ddr4-helpers.ts';

/** The trace kinds compared with DRAMsim3 (issue 14), small and deterministic. */
export const DRAMSIM3_TRACE_KINDS = ['seq-read', 'random-read', 'seq-write', 'mix', 'conflict', 'sparse'] as const;

/**
 * A trace of `kind`: sequential reads / writes of `burst`-byte lines, random reads, a random
 * 2:1 read/write mix, row conflicts (one bank, a new row every request: `rowStride` is the
 * address step that changes only the row), or a sparse sequential stream (one request every
 * 50 cycles, a quarter writes). All requests at cycle 0 but the sparse ones.
 */
export function traceKind(kind: string, n: number, burst: number, rowStride: number, seed = 7): DramTrace {
  let s = seed;
  const rand = (m: number): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % m;
  };
  const reqs: { addr: number; write?: boolean; cycle?: number }[] = [];
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case 'seq-read':
        reqs.push({ addr: i * burst });
        break;
      case 'seq-write':
        reqs.push({ addr: i * burst, write: true });
        break;
      case 'random-read':
        reqs.push({ addr: rand(1 << 22) * burst });
        break;
      case 'mix':
        reqs.push({ addr: rand(1 << 22) * burst, write: rand(3) === 0 });
        break;
      case 'conflict':
        // Same bank, a new row every request.
        reqs.push({ addr: i * rowStride * 16 });
        break;
      default:
        // Sparse: sequential, one request every 50 cycles.
        reqs.push({ addr: i * burst, write: rand(4) === 0, cycle: i * 50 });
    }
  }
  return traceOf(reqs);
}

/** The trace as DRAMsim3's trace frontend reads it (`0xADDR READ|WRITE CYCLE`). */
export function traceText(t: DramTrace): string {
  let s = '';
  for (let i = 0; i < t.length; i++) s += `0x${t.addr[i]!.toString(16)} ${t.write[i] ? 'WRITE' : 'READ'} ${t.cycle[i]}\n`;
  return s;
}
