import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchSchema } from '../../../sim/arch/schema.ts';
import { parseYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { archJsonSchema } from '../../../sim/arch/json-schema.ts';
import { InputError, loadArch, memoryTechnologyNames, parseArch, registerMemoryTechnology, simulate, unregisterMemoryTechnology } from '../../../sim/index.ts';
import { goldenCases } from '../../model/golden.ts';
import { TINY_DIR } from '../../model/checkpoint-fixtures.ts';
import { toyTechnology } from './toy-memory.ts';

/**
 * A new memory technology needs no edit outside its folder: this one is registered through
 * the public registry at run time, then validated, simulated, bounded and priced like the
 * built-in ones.
 */
describe('a memory technology registered at run time', () => {
  const base = loadArch('arch-configs/d5005-burst.yaml');
  const toyArch = (memory: Record<string, unknown>) => ({ ...base, memory: { model: 'toy', ...memory } });
  beforeAll(() => registerMemoryTechnology(toyTechnology));
  afterAll(() => unregisterMemoryTechnology('toy'));

  it('is listed, and its section validates with its own defaults', () => {
    expect(memoryTechnologyNames()).toEqual(['fixed', 'ddr4', 'hbm2', 'onchip', 'toy']);
    expect(parseArch(toyArch({ latency_ns: 100 })).memory).toEqual({ model: 'toy', latency_ns: 100, queue: 8 });
  });

  it('bad values are named by file, line and key, from YAML too', () => {
    expect(() => parseArch(toyArch({ latency_ns: 1 }))).toThrow(/memory\.latency_ns/);
    const yaml = 'name: t\ncore: {}\nmemory:\n  model: toy\n  latency_ns: 100\n  bogus: 1\n';
    try {
      parseYamlConfig(yaml, 'toy.yaml', ArchSchema);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).message).toMatch(/^toy\.yaml:6:3: memory\.bogus: /);
    }
  });

  it('an unknown model lists the registered ones', () => {
    expect(() => parseArch({ ...base, memory: { model: 'ddr9' } })).toThrow(/unknown memory model 'ddr9': expected one of fixed, ddr4, hbm2, onchip, toy/);
  });

  it('appears in the JSON Schema', () => {
    expect(JSON.stringify(archJsonSchema())).toContain('"toy"');
  });

  it('runs the model: the golden tokens, its latency in the cycles, no DRAM power lines', () => {
    const c = goldenCases()[0]!;
    const run = (latency: number) => simulate({ arch: toyArch({ latency_ns: latency }), model: TINY_DIR, promptIds: c.prompt_ids, tokens: 2 });
    const fast = run(20);
    const slow = run(2000);
    expect(fast.ids).toEqual(c.greedy_ids.slice(0, 2));
    expect(slow.ids).toEqual(fast.ids);
    expect(slow.cycles).toBeGreaterThan(fast.cycles);
    expect(fast.ddr.commands).toEqual({ latency_cycles: 10 });
    expect(fast.bounds.min_read_latency_ns).toBe(20);
    expect(fast.power_w.dram_core + fast.power_w.dram_background + fast.power_w.dram_io).toBe(0);
  });
});
