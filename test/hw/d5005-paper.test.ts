import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArchSchema } from '../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../sim/arch/yaml-config.ts';
import { execProgram } from '../../sim/hw/exec-program.ts';

const root = new URL('../../', import.meta.url);
const programFile = new URL('arch-configs/paper-block.tmi', root).pathname;
const programText = readFileSync(programFile, 'utf8');
const arch = loadYamlConfig(new URL('arch-configs/d5005-paper.yaml', root).pathname, ArchSchema);

describe('d5005-paper.yaml (the paper core on the board, DDR4 behind the shell)', () => {
  it('runs the d = 512 block in 43 ms ± 5 % (the one calibrated number: shell latency)', () => {
    const { run } = execProgram({ arch, programText, programFile });
    expect(run.cycles / 60e6).toBeCloseTo(run.timeS, 12);
    expect(Math.abs(run.timeS - 0.043) / 0.043).toBeLessThan(0.05);
    expect(run.memory.reads).toBe(3 * (512 * 512) / 4 + 7 * 512);
    expect(run.memory.writes).toBe(3 * 512);
    // Latency bound: the three matrices dominate, each byte a full round trip plus a bubble.
    const tm = run.unitBusyCycles.tmatmul;
    expect(tm / run.cycles).toBeGreaterThan(0.9);
  });

  it('shell latency is what makes it slow: without it the same block is ~3× faster', () => {
    const fast = { ...arch, memory: { ...arch.memory, shell_latency_ns: 0 } } as typeof arch;
    const slow = execProgram({ arch, programText, programFile, d: 64 }).run.cycles;
    const quick = execProgram({ arch: fast, programText, programFile, d: 64 }).run.cycles;
    expect(quick).toBeLessThan(slow / 2);
  });
});
