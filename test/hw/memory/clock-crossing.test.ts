import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sim/engine/engine.ts';
import { MemoryPort, type PortClient } from '../../../sim/hw/memory/memory-port.ts';
import { FixedMemory } from '../../../sim/memory/technologies/fixed/fixed-memory.ts';
import { Hbm2Memory } from '../../../sim/memory/technologies/hbm2/hbm2-memory.ts';
import { hbm2Config } from '../../memory/dram/hbm2-helpers.ts';

/** A 150 MHz core, a 900 MHz memory and a 450 MHz memory-side FIFO clock: one exact timebase. */
function seenCycle(crossing: boolean): number {
  const engine = new Engine([150e6, 450e6, 900e6]);
  const core = engine.clock(150e6);
  const port = new MemoryPort(engine, new FixedMemory({ clockHz: 900e6, responseCycles: 7 }), core);
  if (crossing) port.crossing = { clock: engine.clock(450e6), syncCycles: 2 };
  let seen = -1;
  const client: PortClient = { onResponse: (_tag, c) => (seen = c), onRetry: () => {} };
  const k = port.attach(client);
  expect(port.request(k, 0, 0, 64, false)).toBe(true);
  engine.run();
  return seen;
}

describe('the asynchronous FIFO between the memory side and the core', () => {
  it('delivers a completion at the next memory-side edge, then after the synchroniser, on exact clocks', () => {
    // Done at memory cycle 7 (7.8 ns): without a FIFO, seen at the first core edge after it (core cycle 2 = 13.3 ns).
    expect(seenCycle(false)).toBe(2);
    // With it: written at the next 450 MHz edge (memory cycle 8), read at the core edge at or
    // after that (core cycle 2) plus 2 synchroniser cycles: core cycle 4.
    expect(seenCycle(true)).toBe(4);
  });
});

describe('a wide port on HBM2 (requests spread over every pseudo-channel)', () => {
  it('accepts a 4 KiB request when each pseudo-channel has room for its 4 bursts, and streams near the 460.8 GB/s peak', () => {
    const cfg = hbm2Config({ pseudo_channels: 32, mapping: 'rorabacochbg', max_request_bytes: 4096, read_queue: 128 });
    const m = new Hbm2Memory(cfg);
    const requests = 2000;
    let next = 0;
    let done = 0;
    let last = 0;
    let cycle = 0;
    // Keep 32 requests in flight (what a core's port with 32 outstanding would do), one entering per cycle.
    while (done < requests) {
      while (next < requests && next - done < 32 && m.canAccept(false, cycle)) {
        m.enqueue({ id: next, addr: next * 4096, bytes: 4096, write: false }, cycle);
        next++;
      }
      cycle = Math.min(m.nextEventCycle(), cycle + 64);
      m.advanceTo(cycle, (_r, c) => {
        done++;
        last = c;
      });
    }
    const gbs = (requests * 4096) / (last / cfg.clockHz) / 1e9;
    expect(gbs).toBeGreaterThan(0.85 * 460.8);
    expect(gbs).toBeLessThanOrEqual(460.8);
    expect(m.stats().reads).toBe(requests);
  });
});
