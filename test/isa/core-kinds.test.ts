import { describe, expect, it } from 'vitest';
import { CORE_KINDS, CORE_KIND_NAMES, coreModelFor, partsOf, unitsOf } from '../../sim/isa/core-kinds.ts';
import { InputError } from '../../sim/input-error.ts';
import { OPCODES } from '../../sim/isa/instruction.ts';
import { VECTOR_UNITS } from '../../sim/isa/vector-instruction.ts';

describe('core kinds table', () => {
  it.each(CORE_KIND_NAMES)('%s: every part follows its own units, and every unit drives some part', (kind) => {
    const units = new Set<string>(unitsOf(kind));
    const driving = new Set<string>();
    for (const part of partsOf(kind)) {
      const activity = (CORE_KINDS[kind].parts as Record<string, 'every_cycle' | readonly string[]>)[part]!;
      if (activity === 'every_cycle') continue;
      expect(activity.length, part).toBeGreaterThan(0);
      for (const u of activity) {
        expect(units.has(u), `${kind}.${part} follows ${u}`).toBe(true);
        driving.add(u);
      }
    }
    expect([...driving].sort()).toEqual([...units].sort());
  });

  it("lists exactly the units each kind's instruction set issues to", () => {
    const paperIsa = new Set(Object.values(OPCODES).map((o) => o.unit).filter((u) => u !== 'none'));
    expect([...paperIsa].sort()).toEqual([...unitsOf('paper')].sort());
    expect(VECTOR_UNITS).toBe(CORE_KINDS.vector.units);
  });
});

describe('coreModelFor', () => {
  it('exec runs the paper core; run runs the vector core for both kinds', () => {
    expect(coreModelFor('exec', 'paper')).toBe('paper');
    expect(coreModelFor('run', 'paper')).toBe('vector');
    expect(coreModelFor('run', 'vector')).toBe('vector');
  });

  it('refuses a kind a command cannot run, at core.kind, naming the command that runs it', () => {
    const e = (() => {
      try {
        coreModelFor('exec', 'vector', 'a.yaml');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).key).toBe('core.kind');
    expect((e as InputError).message).toMatch(/^a\.yaml: core\.kind: `mmfsim exec` cannot run a vector core .*run this arch with `mmfsim run`, or set core\.kind: paper$/);
  });
});
