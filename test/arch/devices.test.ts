import { describe, expect, it } from 'vitest';
import { boardMemoryPeakBytesPerSecond, listDeviceIds, loadDevice, RESOURCE_KINDS } from '../../sim/arch/device-catalogue.ts';
import { InputError } from '../../sim/input-error.ts';

describe('device catalogue', () => {
  it('ships the D5005, an Agilex 7 part and the Alveo U250 and U280', () => {
    expect(listDeviceIds()).toEqual(['amd-alveo-u250', 'amd-alveo-u280', 'intel-agilex7-agfb014', 'intel-pac-d5005']);
  });

  it('holds the D5005 figures of docs/memory-and-power.md', () => {
    const { device, family } = loadDevice('intel-pac-d5005');
    expect(device.part).toBe('1SX280HN2F43E2VG');
    expect(device.available.logic.value).toBe(933_120);
    expect(device.available.bram.value).toBe(11_721);
    expect(device.available.dsp.value).toBe(5_760);
    expect(family.labels.logic).toBe('ALM');
    expect(family.bram.bits.value).toBe(20_480);
    const [ddr] = device.board_memory;
    expect(ddr?.channels).toBe(4);
    expect(boardMemoryPeakBytesPerSecond(ddr!)).toBe(76.8e9);
  });

  it('gives the U280 its HBM2: 8 GB in 32 pseudo channels, ~460 GB/s', () => {
    const { device } = loadDevice('amd-alveo-u280');
    const hbm = device.board_memory.find((m) => m.technology === 'hbm2')!;
    expect(hbm.channels).toBe(32);
    expect(hbm.channels * hbm.bytes_per_channel).toBe(8 * 2 ** 30);
    expect(boardMemoryPeakBytesPerSecond(hbm) / 1e9).toBeCloseTo(460.8, 1);
  });

  it('labels every figure with a provenance and a note, and marks calibrated ones', () => {
    for (const id of listDeviceIds()) {
      const { device } = loadDevice(id);
      for (const k of RESOURCE_KINDS) {
        expect(device.available[k].note.length).toBeGreaterThan(5);
      }
      expect(['datasheet', 'measured', 'vendor-estimator-default', 'derived', 'calibrated', 'assumed']).toContain(
        device.static_power.reference_w.provenance,
      );
    }
    expect(loadDevice('intel-pac-d5005').device.shell?.hard_ip_w.provenance).toBe('calibrated');
  });

  it('rejects an unknown id as bad input naming the choices', () => {
    expect(() => loadDevice('stratix-99')).toThrow(InputError);
    expect(() => loadDevice('stratix-99')).toThrow(/intel-pac-d5005/);
    expect(() => loadDevice('../families/stratix10')).toThrow(InputError);
  });
});
