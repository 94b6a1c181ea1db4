import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadArch, parseArch } from '../../sim/arch/load-arch.ts';
import { MAX_TIMEBASE_HZ, MIN_HORIZON_S, wholeHz } from '../../sim/arch/clock-checks.ts';
import { Timebase } from '../../sim/engine/clock-domain.ts';
import { InputError } from '../../sim/input-error.ts';

const BURST = loadArch('arch-configs/d5005-burst.yaml');
const withClock = (clock_mhz: number, memory: Record<string, unknown> = BURST.memory) => () => parseArch({ ...BURST, core: { ...BURST.core, clock_mhz }, memory });

function keyOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).key;
  }
  return undefined;
}

describe('clocks the engine can simulate exactly', () => {
  it('reads MHz as whole Hz despite float noise, and refuses a fractional Hz', () => {
    expect(wholeHz(61.123457)).toBe(61_123_457);
    expect(wholeHz(0.1)).toBe(100_000);
    expect(wholeHz(233.33)).toBe(233_330_000);
    expect(wholeHz(60.0000001)).toBeNull();
  });

  it('the timebase limit leaves MIN_HORIZON_S of exact time below 2^53 ticks', () => {
    expect(Number.MAX_SAFE_INTEGER / MAX_TIMEBASE_HZ).toBeGreaterThanOrEqual(MIN_HORIZON_S);
    // The engine accepts every timebase validation accepts.
    expect(() => new Timebase([MAX_TIMEBASE_HZ])).not.toThrow();
  });

  it('every whole-MHz clock from 1 to 5000 MHz passes beside every shipped memory', () => {
    const memories = readdirSync('arch-configs').filter((f) => f.endsWith('.yaml')).map((f) => loadArch(`arch-configs/${f}`).memory);
    for (const memory of memories) for (const mhz of [1, 7, 60, 61, 150, 233, 300, 997, 4999, 5000]) expect(keyOf(withClock(mhz, memory)), `${mhz} MHz, ${memory.model}`).toBeUndefined();
  });

  it('refuses, at core.clock_mhz, clocks whose timebase with the memory is too fine, and what the engine would refuse', () => {
    expect(keyOf(withClock(61.123457))).toBe('core.clock_mhz');
    expect(keyOf(withClock(233.33))).toBe('core.clock_mhz');
    expect(keyOf(withClock(60.0000001))).toBe('core.clock_mhz');
    expect(keyOf(withClock(1e308))).toBe('core.clock_mhz');
    expect(keyOf(withClock(1e-300))).toBe('core.clock_mhz');
    // The engine itself refuses 61.123457 MHz beside DDR4-2400 (bad input, not a crash).
    expect(() => new Timebase([61_123_457, 1_200_000_000])).toThrow(InputError);
  });

  it('a fixed-latency memory runs on the core clock: any whole-Hz clock in range passes', () => {
    expect(keyOf(withClock(61.123457, { model: 'fixed', response_cycles: 3 }))).toBeUndefined();
  });
});
