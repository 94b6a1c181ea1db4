import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSweepSpec } from '../../sim/explore/load-spec.ts';
import { sweepJsonSchemaText, sweepSpecMarkdown } from '../../sim/explore/spec-docs.ts';

const root = new URL('../../', import.meta.url);

describe('shipped sweep specs (arch-configs/sweeps/)', () => {
  const files = readdirSync(new URL('arch-configs/sweeps/', root)).filter((f) => f.endsWith('.yaml'));
  it.each(files)('%s validates, points editors at the schema, and says how to run it', (f) => {
    const path = new URL(`arch-configs/sweeps/${f}`, root).pathname;
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../docs/sweep.schema.json');
    expect(text).toMatch(new RegExp(`^#\\s+mmfsim sweep arch-configs/sweeps/${f.replace('.', '\\.')} --out \\S+`, 'm'));
    expect(() => loadSweepSpec(path)).not.toThrow();
  });

  it('cover the four studies: 1.3B lanes × channels × clock, a pycode-tiny datapath sweep in full mode, four boards for 2.7B, ≥ 10^5 points for NSGA-II', () => {
    const spec = (f: string) => loadSweepSpec(new URL(`arch-configs/sweeps/${f}`, root).pathname);
    const a = spec('d5005-lanes-channels-clock.yaml');
    expect(a.model.name).toBe('mmfreelm-1.3b');
    expect(a.space.dimensions.map((d) => d.paths[0])).toEqual(['core.tmatmul.weights_per_cycle', 'memory.channels', 'core.clock_mhz']);
    const b = spec('pycode-datapath-fidelity.yaml');
    expect(b.spec.mode).toBe('full');
    expect(b.objectives.map((o) => o.metric)).toContain('fidelity.top1_agreement');
    const c = spec('boards-2.7b.yaml');
    expect(c.model.name).toBe('mmfreelm-2.7b');
    expect(c.space.dimensions.find((dim) => dim.paths[0] === 'device.id')!.values.map((v) => v[0])).toEqual(['intel-pac-d5005', 'intel-agilex7-agfb014', 'amd-alveo-u250', 'amd-alveo-u280']);
    const d = spec('large-space-nsga2.yaml');
    expect(d.space.size).toBeGreaterThanOrEqual(1e5);
    expect(d.spec.sample).toMatchObject({ nsga2: { population: 24, generations: 10 } });
  });
});

describe('generated sweep docs', () => {
  it('docs/sweep.schema.json and docs/sweep-spec.md are up to date (run `npm run docs:sweep`)', () => {
    expect(readFileSync(new URL('docs/sweep.schema.json', root), 'utf8')).toBe(sweepJsonSchemaText());
    expect(readFileSync(new URL('docs/sweep-spec.md', root), 'utf8')).toBe(sweepSpecMarkdown());
  });
});
