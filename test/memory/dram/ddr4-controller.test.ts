import { describe, expect, it } from 'vitest';
import { AddressMapping, type DecodedAddress } from '../../../sim/memory/dram/address-mapping.ts';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import { addrRoBaBgCo, ddr4Config, runRecorded, sequentialReads, traceOf } from './ddr4-helpers.ts';

const where = (): DecodedAddress => ({ channel: -1, rank: -1, bankGroup: -1, bank: -1, row: -1, column: -1 });
const geometry = { channels: 2, ranks: 2, bankGroups: 4, banksPerGroup: 4, rows: 65536, burstsPerRow: 128, burstBytes: 64 };

describe('address mapping', () => {
  it('rochrababgco: column lowest, then bank group, bank, rank, channel, row', () => {
    const m = new AddressMapping('rochrababgco', geometry);
    const w = where();
    m.decode(((((((5 * 2 + 1) * 2 + 1) * 4 + 3) * 4 + 2) * 128) + 77) * 64 + 13, w);
    expect(w).toEqual({ channel: 1, rank: 1, bankGroup: 2, bank: 3, row: 5, column: 77 });
    expect(m.capacityBytes).toBe(2 * 2 * 16 * 65536 * 128 * 64); // 32 GB
  });

  it('rochrabacobg sends consecutive bursts to consecutive bank groups', () => {
    const m = new AddressMapping('rochrabacobg', geometry);
    const w = where();
    const groups = [0, 64, 128, 192, 256].map((a) => (m.decode(a, w), [w.bankGroup, w.column]));
    expect(groups).toEqual([[0, 0], [1, 0], [2, 0], [3, 0], [0, 1]]);
  });

  it('ignores address bits above the capacity and decodes addresses beyond 2^32', () => {
    const m = new AddressMapping('rochrababgco', geometry);
    const a = where();
    const b = where();
    m.decode(0x3_4567_89c0, a);
    m.decode(0x3_4567_89c0 + m.capacityBytes * 3, b);
    expect(b).toEqual(a);
    expect(a.row).toBe(Math.floor(0x3_4567_89c0 / (64 * 128 * 16 * 4)));
  });

  it('rejects a mapping that misses a field', () => {
    expect(() => new AddressMapping('rorochrababg', geometry)).toThrow(/each of/);
  });
});

describe('DDR4 controller', () => {
  it('back-pressure: a full read queue blocks the trace, and the request behind it', () => {
    // 40 reads to different rows of one bank (row conflicts): the 4-entry queue fills.
    const requests = Array.from({ length: 40 }, (_, i) => ({ addr: addrRoBaBgCo(i, 0, 0), cycle: i }));
    const { result } = runRecorded(ddr4Config({ read_queue: 4 }), traceOf(requests));
    expect(Array.from(result.acceptedAt.slice(0, 4))).toEqual([0, 1, 2, 3]);
    expect(result.acceptedAt[4]).toBeGreaterThan(4);
    for (let i = 1; i < 40; i++) expect(result.acceptedAt[i]).toBeGreaterThan(result.acceptedAt[i - 1]!);
    // A queue entry frees only when a read's column command issues: request i+4 enters
    // right after request i's RD.
    for (let i = 0; i + 4 < 40; i++) {
      const rdCycle = result.completedAt[i]! - 17 - 4;
      expect(result.acceptedAt[i + 4]).toBe(Math.max(rdCycle + 1, i + 4));
    }
    const wide = runRecorded(ddr4Config({ read_queue: 64 }), traceOf(requests)).result;
    expect(Array.from(wide.acceptedAt)).toEqual(requests.map((r) => r.cycle));
  });

  it('canAccept answers from the queue state at that cycle', () => {
    const m = new DramMemory(ddr4Config({ read_queue: 2 }));
    m.enqueue({ id: 0, addr: addrRoBaBgCo(1, 0, 0), bytes: 64, write: false }, 0);
    m.enqueue({ id: 1, addr: addrRoBaBgCo(2, 0, 0), bytes: 64, write: false }, 1);
    expect(m.canAccept(false, 2)).toBe(false);
    expect(m.canAccept(true, 2)).toBe(true);
    // The first read's RD issues at tRCD = 17; from cycle 18 a slot is free.
    expect(m.canAccept(false, 17)).toBe(false);
    expect(m.canAccept(false, 18)).toBe(true);
  });

  it('FR-FCFS serves a younger row hit before an older row miss; FCFS keeps arrival order', () => {
    const trace = traceOf([
      { addr: addrRoBaBgCo(1, 0, 0, 0), cycle: 0 },
      { addr: addrRoBaBgCo(2, 0, 0, 0), cycle: 1 }, // conflict in the same bank
      { addr: addrRoBaBgCo(1, 0, 0, 1), cycle: 2 }, // hit on the open row
    ]);
    const order = (scheduler: string) => {
      const r = runRecorded(ddr4Config({ scheduler }), trace).result;
      return [0, 1, 2].sort((a, b) => r.completedAt[a]! - r.completedAt[b]!);
    };
    expect(order('frfcfs')).toEqual([0, 2, 1]);
    expect(order('fcfs')).toEqual([0, 1, 2]);
  });

  it('writes wait in the buffer and drain in a batch once it reaches the high watermark', () => {
    const read = (i: number) => ({ addr: addrRoBaBgCo(3, 0, i & 3, i >> 2), cycle: i < 10 ? i : i + 8 });
    const requests = [
      ...Array.from({ length: 10 }, (_, i) => read(i)),
      ...Array.from({ length: 8 }, (_, i) => ({ addr: addrRoBaBgCo(1, 1, 1, i), write: true, cycle: 10 + i })),
      ...Array.from({ length: 190 }, (_, i) => read(10 + i)),
    ];
    // High watermark ceil(0.8 · 16) = 13 entries: 8 writes stay buffered while reads wait.
    const { commands } = runRecorded(ddr4Config({ write_queue: 16, write_high_watermark: 0.8 }), traceOf(requests));
    const col = commands.filter((c) => c.cmd === 'RD' || c.cmd === 'WR').map((c) => c.cmd);
    // Below the watermark with reads waiting: no write is served until the reads run out.
    expect(col.indexOf('WR')).toBe(200);
    expect(col.slice(200)).toEqual(Array(8).fill('WR'));
  });

  it('channels are independent: two channels double a sequential stream', () => {
    const n = 8000;
    const one = runRecorded(ddr4Config({ mapping: 'rochrabacobg' }), sequentialReads(n)).result;
    const two = runRecorded(ddr4Config({ mapping: 'rorabacobgch', channels: 2 }), sequentialReads(n)).result;
    expect(two.cycles).toBeLessThan(one.cycles * 0.6);
    expect(two.stats.reads).toBe(n);
  });

  it('is deterministic: the same trace gives the same cycles, commands and energy', () => {
    const requests = Array.from({ length: 3000 }, (_, i) => ({ addr: ((i * 2654435761) % 2 ** 32) * 64, write: i % 3 === 0, cycle: 2 * i }));
    const a = runRecorded(ddr4Config({ ranks: 2 }), traceOf(requests));
    const b = runRecorded(ddr4Config({ ranks: 2 }), traceOf(requests));
    expect(b.result.cycles).toBe(a.result.cycles);
    expect(Array.from(b.result.completedAt)).toEqual(Array.from(a.result.completedAt));
    expect(b.commands).toEqual(a.commands);
    expect(b.result.stats).toEqual(a.result.stats);
  });

  it('rejects requests larger than a burst or crossing a burst boundary', () => {
    const m = new DramMemory(ddr4Config());
    expect(() => m.enqueue({ id: 0, addr: 0, bytes: 65, write: false }, 0)).toThrow(/1\.\.64/);
    expect(() => m.enqueue({ id: 0, addr: 60, bytes: 8, write: false }, 0)).toThrow(/crosses/);
    m.enqueue({ id: 0, addr: 8, bytes: 1, write: false }, 0); // a byte still costs a burst
    let done = -1;
    m.advanceTo(100, (_r, c) => (done = c));
    expect(done).toBe(17 + 17 + 4);
  });
});
