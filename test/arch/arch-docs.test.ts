import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { archConfigMarkdown, archJsonSchemaText } from '../../sim/arch/json-schema.ts';
import { ArchSchema } from '../../sim/arch/schema.ts';
import { loadYamlConfig, parseYamlConfig } from '../../sim/arch/yaml-config.ts';

const root = new URL('../../', import.meta.url);

describe('generated arch docs', () => {
  it('docs/arch.schema.json and docs/arch-config.md are up to date (run `npm run docs:arch`)', () => {
    expect(readFileSync(new URL('docs/arch.schema.json', root), 'utf8')).toBe(archJsonSchemaText());
    expect(readFileSync(new URL('docs/arch-config.md', root), 'utf8')).toBe(archConfigMarkdown());
  });

  it('documents every core key with its default', () => {
    const md = archConfigMarkdown();
    for (const key of ['core.d', 'core.address_bits', 'core.memory_port.outstanding', 'core.tmatmul.fifo_bytes', 'core.rowwise.elements_per_cycle']) {
      expect(md).toContain(`\`${key}\``);
    }
  });
});

describe('shipped arch configs', () => {
  const files = readdirSync(new URL('arch-configs/', root)).filter((f) => f.endsWith('.yaml') && !f.includes('sweep'));
  it.each(files)('%s validates and points editors at the schema', (f) => {
    const path = new URL(`arch-configs/${f}`, root).pathname;
    const text = readFileSync(path, 'utf8');
    if (!/^\s*name:/m.test(text) || !/^core:/m.test(text)) return; // not an arch file
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../docs/arch.schema.json');
    expect(() => loadYamlConfig(path, ArchSchema)).not.toThrow();
  });

  it('rejects an instruction word wider than 53 bits, at the key', () => {
    expect(() =>
      parseYamlConfig('name: x\ncore:\n  registers: 64\n  address_bits: 36\nmemory: {model: fixed, response_cycles: 1}\n', 'a.yaml', ArchSchema),
    ).toThrow(/a\.yaml:4:17: core\.address_bits: instruction word would be 62 bits/);
  });

  it('rejects a memory request larger than the weight FIFO, at the FIFO key', () => {
    expect(() =>
      parseYamlConfig(
        'name: x\ncore:\n  memory_port: {width_bytes: 64, burst_beats: 8}\n  tmatmul:\n    fifo_bytes: 256\nmemory: {model: fixed, response_cycles: 3}\n',
        'f.yaml',
        ArchSchema,
      ),
    ).toThrow(/f\.yaml:5:17: core\.tmatmul\.fifo_bytes: a 512-byte memory request/);
  });
});
