import { describe, expect, it } from 'vitest';
import { loadDevice } from '../../../sim/arch/device-catalogue.ts';
import { parseArch } from '../../../sim/arch/load-arch.ts';
import { resolveMemorySection } from '../../../sim/arch/onchip-memory.ts';
import { InputError } from '../../../sim/input-error.ts';
import type { MemRequest } from '../../../sim/memory/memory-model.ts';
import { memoryTechnology } from '../../../sim/memory/registry.ts';
import { OnChipMemory } from '../../../sim/memory/technologies/onchip/onchip-memory.ts';
import { vectorCoreResources } from '../../../sim/power/resources/core-resources.ts';
import { weightMemoryBlocks } from '../../../sim/power/resources/weight-memory.ts';

const onchipArch = (memory: Record<string, unknown>, device = 'amd-alveo-u280') =>
  parseArch({ name: 't', device: { id: device }, core: { kind: 'vector', clock_mhz: 150 }, memory: { model: 'onchip', ...memory } });

describe('on-chip weight memory timing', () => {
  it('returns banks × width bits per cycle: a stream of requests completes one per occupancy, the first after the read latency', () => {
    const m = new OnChipMemory({ clockHz: 150e6, banks: 16, widthBits: 72, readLatencyCycles: 3 });
    expect(m.bytesPerCycle).toBe(144);
    const done: [number, number][] = [];
    // Four requests of 288 B (2 cycles of the port each), all entering at cycle 10.
    for (let i = 0; i < 4; i++) m.enqueue({ id: i, addr: i * 288, bytes: 288, write: false }, 10);
    m.advanceTo(100, (r: MemRequest, c: number) => done.push([r.id, c]));
    // Request i reads in cycles 10+2i, 11+2i; its last word arrives 3 cycles after its last read.
    expect(done).toEqual([0, 1, 2, 3].map((i) => [i, 10 + 2 * i + 1 + 3]));
    expect(m.stats().bytesRead).toBe(4 * 288);
    expect(m.stats().detail['onchip_port_cycles']).toBe(8);
    expect(m.minReadLatency()).toBe(3);
  });

  it('takes its organisation from the device catalogue: the U280 has 960 URAM of 288 Kbit read 72 bits wide (AMD DS963 / UG573)', () => {
    const m = resolveMemorySection(onchipArch({ block: 'uram' }));
    expect(m).toMatchObject({ banks: 960, bank_bits: 294912, width_bits: 72 });
    // BRAM36: 2,016 less the shell's 260 (the catalogue's assumed shell footprint), 512 × 72 at its widest.
    expect(resolveMemorySection(onchipArch({ block: 'bram' }))).toMatchObject({ banks: 2016 - 260, bank_bits: 36864, width_bits: 72 });
    // Stratix 10 M20K: 20 Kbit, 512 × 40 at its widest.
    expect(resolveMemorySection(onchipArch({ block: 'bram' }, 'intel-pac-d5005'))).toMatchObject({ bank_bits: 20480, width_bits: 40 });
    // Keys the file sets win.
    expect(resolveMemorySection(onchipArch({ block: 'uram', banks: 100 }))).toMatchObject({ banks: 100 });
    // Peak bandwidth: banks × width × the core clock.
    expect(memoryTechnology(m).peakBytesPerS(m, { coreClockHz: 150e6 })).toBe(960 * 9 * 150e6);
  });

  it('refuses URAM on a device without it', () => {
    expect(() => resolveMemorySection(onchipArch({ block: 'uram' }, 'intel-pac-d5005'))).toThrow(InputError);
    expect(() => resolveMemorySection(onchipArch({ block: 'uram' }, 'intel-pac-d5005'))).toThrow(/no UltraRAM/);
  });

  it('counts the blocks the weights take and names the overflowing resource when they do not fit', () => {
    const arch = onchipArch({ block: 'uram' });
    const dev = loadDevice('amd-alveo-u280');
    const program = { instructions: [], buffers: [{ name: 'x', format: 'f32' as const, length: 1024 }], ddr: { end: 1 << 20 } };
    // 30 MB fit in 960 × 36 KiB; every bank takes one block.
    const fits = weightMemoryBlocks(arch, 30e6)!;
    expect(fits).toEqual({ resource: 'uram', needed: Math.ceil((30e6 * 8) / 294912), used: 960, banks: 960 });
    const ok = vectorCoreResources(arch, program, { device: dev, weightMemory: fits });
    expect(ok.resources.uram.used).toBeGreaterThanOrEqual(960);
    expect(ok.weight_memory?.uram).toBe(960);
    // 270 MB (half of 2.7B at 1.6 bits) need 7,324 blocks: banks eight deep.
    const big = weightMemoryBlocks(arch, 270e6)!;
    expect(big.needed).toBe(Math.ceil((270e6 * 8) / 294912));
    expect(big.used).toBe(8 * 960);
    const over = vectorCoreResources(arch, program, { device: dev, weightMemory: big });
    expect(over.feasible).toBe(false);
    expect(over.infeasible_reason).toMatch(/^URAM: model weights need 7,325 blocks \(7,680 as 960 banks\).*the AMD Alveo U280 has 960$/);
  });
});
