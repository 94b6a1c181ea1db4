/**
 * HBM2 model figures (npx tsx bench/hbm2.ts [requests]): isolated read latencies, one
 * pseudo-channel's streaming bandwidth with and without bank-group interleaving, the 32
 * pseudo-channels of a U280 driven by a requester as wide as the memory, a random mix, and
 * the simulator's speed on them (wall clock: shared machine, see docs/dram.md).
 */
import { Hbm2MemorySchema, type Hbm2MemorySpec } from '../sim/memory/technologies/hbm2/hbm2-schema.ts';
import { DramMemory } from '../sim/memory/dram/dram-memory.ts';
import type { DramTrace } from '../sim/memory/dram/dram-trace.ts';
import { randomTrace, sequentialTrace } from './dram-traces.ts';
import { runDramTrace } from '../sim/run/run-dram-trace.ts';
import { resolveHbm2Config, type Hbm2Config } from '../sim/memory/technologies/hbm2/hbm2-config.ts';

const n = Number(process.argv[2] ?? 200_000);

function section(spec: Record<string, unknown>): Hbm2MemorySpec {
  return Hbm2MemorySchema.parse({ model: 'hbm2', ...spec });
}

function config(spec: Record<string, unknown>): Hbm2Config {
  return resolveHbm2Config(section(spec));
}

function trace(addrs: number[], writes: number[] = [], cycles: number[] = []): DramTrace {
  return {
    length: addrs.length,
    addr: Float64Array.from(addrs),
    write: Uint8Array.from(addrs, (_, i) => writes[i] ?? 0),
    cycle: Float64Array.from(addrs, (_, i) => cycles[i] ?? 0),
  };
}


const ns = (cycles: number, c: Hbm2Config): string => `${cycles} cycles = ${((cycles * 1e9) / c.clockHz).toFixed(1)} ns`;

const oneSpec = section({ pseudo_channels: 1, mapping: 'rochrababgco' });
const one = resolveHbm2Config(oneSpec);
const closed = runDramTrace({ memory: oneSpec, trace: trace([0], [], [100]) });
console.log(`isolated read, closed bank (tRCDRD + CL + BL/2): ${ns(closed.cycles - 100, one)}`);
const hit = runDramTrace({ memory: oneSpec, trace: trace([0, 32], [], [0, 500]) });
console.log(`row hit (CL + BL/2):                             ${ns(hit.cycles - 500, one)}`);
const conflict = runDramTrace({ memory: oneSpec, trace: trace([0, 32 * 1024 * 16], [], [0, 500]) });
console.log(`row conflict (tRP + tRCDRD + CL + BL/2):         ${ns(conflict.cycles - 500, one)}`);

for (const mapping of ['rochrabacobg', 'rochrababgco']) {
  const cSpec = section({ pseudo_channels: 1, mapping });
  const c = resolveHbm2Config(cSpec);
  const t0 = performance.now();
  const r = runDramTrace({ memory: cSpec, trace: sequentialTrace(n, 32) });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `1 pseudo-channel, sequential, ${mapping}: ${r.bandwidth_gbs.toFixed(2)} of ${r.peak_bandwidth_gbs.toFixed(1)} GB/s (${((100 * r.bandwidth_gbs) / r.peak_bandwidth_gbs).toFixed(1)} %), ${r.ref} refreshes; ${(n / s / 1e6).toFixed(2)} M req/s simulated`,
  );
}

{
  const c = config({ pseudo_channels: 32, mapping: 'rorabacochbg' });
  const m = new DramMemory(c);
  let next = 0;
  let done = 0;
  let last = 0;
  const onDone = (_r: unknown, cycle: number): void => {
    done++;
    last = cycle;
  };
  const t0 = performance.now();
  for (let cycle = 0; done < n; cycle++) {
    while (next < n && m.canAcceptAddress(next * 32, false, cycle)) {
      m.enqueue({ id: next, addr: next * 32, bytes: 32, write: false }, cycle);
      next++;
    }
    m.advanceTo(cycle, onDone);
  }
  const s = (performance.now() - t0) / 1000;
  const gbs = (n * 32) / ((last + 1) / c.clockHz) / 1e9;
  console.log(`32 pseudo-channels, sequential, every queue kept full: ${gbs.toFixed(1)} of 460.8 GB/s (${((100 * gbs) / 460.8).toFixed(1)} %); ${(n / s / 1e6).toFixed(2)} M req/s simulated`);
}

{
  const cSpec = section({ pseudo_channels: 32, mapping: 'rorabacochbg' });
  const c = resolveHbm2Config(cSpec);
  const t0 = performance.now();
  const r = runDramTrace({ memory: cSpec, trace: randomTrace(Math.floor(n / 2), 32) });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `32 pseudo-channels, random 1/3 writes, one offered per cycle: ${r.bandwidth_gbs.toFixed(2)} GB/s, read latency ${r.avg_read_latency_ns.toFixed(1)} ns, ` +
      `row hits ${r.row_hits} of ${r.rd + r.wr}; ${(r.requests / s / 1e6).toFixed(2)} M req/s simulated, DRAM core ${r.average_power_w.toFixed(2)} W`,
  );
}
