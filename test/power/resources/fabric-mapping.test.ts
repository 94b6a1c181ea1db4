import { describe, expect, it } from 'vitest';
import { loadDevice } from '../../../sim/arch/device-catalogue.ts';
import { blocksForMemory, dspBlocksFor } from '../../../sim/power/resources/fabric-mapping.ts';

const d5005 = loadDevice('intel-pac-d5005');
const u250 = loadDevice('amd-alveo-u250');

describe('memory block mapping', () => {
  it('picks the cheapest M20K aspect ratio', () => {
    const m20k = d5005.family.bram;
    expect(blocksForMemory(2048, 8, m20k)).toBe(1); // the paper's FIFO: 2K × 10 config
    expect(blocksForMemory(256, 50, m20k)).toBe(2); // instruction memory: 512 × 40 twice wide
    expect(blocksForMemory(512, 80, m20k)).toBe(2);
    expect(blocksForMemory(16384, 2, m20k)).toBe(2); // 8K × 2 twice deep
  });

  it('maps 8×8 multipliers two per Stratix 10 DSP, one per DSP48E2, and tiles wide ones', () => {
    expect(dspBlocksFor({ aBits: 8, bBits: 8, count: 4 }, d5005.family)).toBe(2);
    expect(dspBlocksFor({ aBits: 8, bBits: 8, count: 4 }, u250.family)).toBe(4);
    expect(dspBlocksFor({ aBits: 54, bBits: 54, count: 1 }, d5005.family)).toBe(4);
  });
});
