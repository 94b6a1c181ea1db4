import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArchSchema } from '../../sim/arch/schema.ts';
import { parseYamlConfig } from '../../sim/arch/yaml-config.ts';
import { VECTOR_ONLY_KEYS } from '../../sim/arch/core-schema.ts';

const arch = (core: string) => parseYamlConfig(`name: x\ncore:\n${core}\nmemory: {model: fixed, response_cycles: 3}\n`, 'k.yaml', ArchSchema);

describe('core.kind', () => {
  it('defaults to vector, so an arch written for `mmfsim run` before the key existed runs as it did', () => {
    expect(arch('  batch: 4').core.kind).toBe('vector');
  });

  it('is set explicitly in every shipped arch config', () => {
    const kinds = Object.fromEntries(
      readdirSync('arch-configs')
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => [f, /^core:\n {2}kind: (\w+)\b/m.exec(readFileSync(`arch-configs/${f}`, 'utf8'))?.[1] ?? null]),
    );
    expect(kinds).toEqual({
      'd5005-4ch.yaml': 'vector',
      'd5005-8core-shared.yaml': 'vector',
      'd5005-burst.yaml': 'vector',
      'd5005-paper-like.yaml': 'vector',
      'd5005-paper.yaml': 'paper',
      'paper-rtl-testbench.yaml': 'paper',
      'u280-hbm.yaml': 'vector',
    });
  });

  it('a paper core leaves every vector-only key at its default (the value `run` simulates it with)', () => {
    expect(arch('  kind: paper\n  batch: 1\n  pipelining: {prefetch_weights: false}').core.batch).toBe(1);
    expect(() => arch('  kind: paper\n  batch: 4')).toThrow(/k\.yaml:4:10: core\.batch: a key of the vector core only, but core\.kind is paper .*default, 1\): set core\.kind: vector/);
    expect(() => arch('  kind: paper\n  pipelining:\n    fuse_projections: true')).toThrow(/k\.yaml:5:23: core\.pipelining\.fuse_projections: a key of the vector core only/);
    expect(() => arch('  kind: paper\n  datapath: {state: bf16}')).toThrow(/core\.datapath\.state: a key of the vector core only/);
    for (const key of VECTOR_ONLY_KEYS) expect(ArchSchema.shape.core.shape[key].description).toMatch(/^Vector kind/);
  });

  it('a vector core accepts the paper-only keys it ignores (shipped configs write d and registers)', () => {
    expect(arch('  kind: vector\n  d: 64\n  registers: 16').core.d).toBe(64);
    expect(ArchSchema.shape.core.shape.d.description).toMatch(/^Paper kind/);
    expect(ArchSchema.shape.core.shape.registers.description).toMatch(/^Paper kind/);
  });

  it('rejects an unknown kind', () => {
    expect(() => arch('  kind: systolic')).toThrow(/k\.yaml:3:9: core\.kind: .*"paper"\|"vector"/);
  });
});
