/**
 * Engine and core throughput. `npx tsx bench/engine.ts [events]`
 *  1. the bare kernel: 1,000 self-rescheduling handlers with pseudo-random delays
 *     (a heap of ~1,000 pending events, like a core plus memory plus DRAM banks);
 *  2. paper-block.tmi at d = 512 on the paper core: the RTL testbench memory (3 cycles)
 *     and a 12-cycle fixed round trip (≈ the board's), and on d5005-paper.yaml when its
 *     memory model is available — simulated core cycles per wall-clock second.
 * Wall-clock figures are printed, never asserted (benchmarks are not tests).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Engine } from '../sim/engine/engine.ts';
import { hash32 } from '../sim/engine/hash32.ts';
import { ArchSchema } from '../sim/arch/schema.ts';
import { loadYamlConfig } from '../sim/arch/yaml-config.ts';
import { execProgram } from '../sim/hw/exec-program.ts';

const totalEvents = Number(process.argv[2] ?? 5_000_000);

function kernel(): void {
  const engine = new Engine([1_200_000_000]);
  const actors = 1000;
  let left = totalEvents;
  let sum = 0;
  const ids: number[] = [];
  for (let a = 0; a < actors; a++) {
    ids.push(
      engine.register(`actor${a}`, (n) => {
        sum += n;
        if (--left > actors) engine.schedule(engine.now + 1 + (hash32(a, n) & 255), ids[a]!, n + 1);
      }),
    );
  }
  for (let a = 0; a < actors; a++) engine.schedule(a, ids[a]!, 0);
  const t0 = performance.now();
  engine.run();
  const s = (performance.now() - t0) / 1000;
  console.log(
    `kernel: ${engine.eventsProcessed.toLocaleString('en')} events in ${s.toFixed(2)} s = ` +
      `${(engine.eventsProcessed / s / 1e6).toFixed(2)} M events/s (checksum ${sum})`,
  );
}

function paperBlock(label: string, archFile: string, memoryOverride?: Record<string, unknown>, d = 512): void {
  const arch = loadYamlConfig(archFile, ArchSchema);
  const spec = memoryOverride ? { ...arch, memory: memoryOverride as typeof arch.memory } : arch;
  const programFile = new URL('../arch-configs/paper-block.tmi', import.meta.url).pathname;
  const programText = readFileSync(programFile, 'utf8');
  const t0 = performance.now();
  const { run } = execProgram({
    arch: { ...spec, core: { ...spec.core, address_bits: 33 } },
    programText,
    programFile,
    d,
  });
  if (label === 'warm-up') return;
  const s = (performance.now() - t0) / 1000;
  console.log(
    `paper-block d=512, ${label}: ${run.cycles.toLocaleString('en')} cycles (${(run.timeS * 1e3).toFixed(2)} ms simulated), ` +
      `${run.engineEvents.toLocaleString('en')} events, ${s.toFixed(2)} s wall = ` +
      `${(run.cycles / s / 1e6).toFixed(1)} M simulated cycles/s, ${(run.engineEvents / s / 1e6).toFixed(2)} M events/s`,
  );
}

kernel();
const testbench = new URL('../arch-configs/paper-rtl-testbench.yaml', import.meta.url).pathname;
paperBlock('warm-up', testbench, undefined, 128); // let the JIT compile the core before timing it
paperBlock('fixed 3-cycle memory', testbench);
paperBlock('fixed 12-cycle memory', testbench, { model: 'fixed', response_cycles: 12 });
try {
  paperBlock('d5005-paper.yaml (DDR4)', new URL('../arch-configs/d5005-paper.yaml', import.meta.url).pathname);
} catch (e) {
  console.log(`d5005-paper.yaml: skipped (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
}
