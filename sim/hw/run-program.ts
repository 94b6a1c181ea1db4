import { Engine } from '../engine/engine.ts';
import type { Instruction } from '../isa/instruction.ts';
import { OPCODES } from '../isa/instruction.ts';
import type { CoreConfig } from './core/core-config.ts';
import { Core, UNIT_NAMES, type UnitName } from './core/core.ts';
import { MemoryImage } from '../compiler/memory-image.ts';
import type { MemoryModel, MemoryStats } from '../memory/memory-model.ts';
import { MemoryPort } from './memory/memory-port.ts';

export interface InstructionTiming {
  pc: number;
  unit: UnitName | 'none';
  issueCycle: number;
  /** Last busy cycle of the unit for this instruction (the issue cycle for nop). */
  doneCycle: number;
}

export interface ProgramRun {
  /** Core cycles from accepting start (cycle 0) until ready rises. */
  cycles: number;
  /** cycles / clock, seconds. */
  timeS: number;
  clockHz: number;
  instructions: InstructionTiming[];
  unitBusyCycles: Record<UnitName, number>;
  memory: MemoryStats;
  /** Events the engine dispatched (a cost figure, not a hardware quantity). */
  engineEvents: number;
  /** Memory requests served without events (fast-forwarding), in how many stretches and closed-form runs. */
  fastForward: { requestsSkipped: number; stretches: number; closedFormRuns: number };
  /** Final register file (register r at r·d … r·d + d − 1). */
  registers: Int8Array;
}

/**
 * Run one program on one core from start to ready. The core reaches memory only through
 * `model` (timing) and `image` (contents); the caller builds both from plain config.
 */
export function runProgram(
  config: CoreConfig,
  program: readonly Instruction[],
  model: MemoryModel,
  image: MemoryImage = new MemoryImage(),
  initialRegisters?: Int8Array,
  fastForward = true,
): ProgramRun {
  const engine = new Engine([config.clockHz, model.clockHz]);
  const clock = engine.clock(config.clockHz);
  const port = new MemoryPort(engine, model, clock);
  // Requests the memory can prove are served without events (docs/run.md); same results.
  port.fastForward = fastForward;
  model.setDirectReads?.(fastForward);
  const core = new Core(engine, clock, config, program, port, image);
  if (initialRegisters) core.regs.set(initialRegisters);
  core.start();
  engine.run();
  const cycles = core.readyCycle();
  const unitBusyCycles = Object.fromEntries(UNIT_NAMES.map((u, i) => [u, core.busyCycles[i]!])) as Record<UnitName, number>;
  return {
    cycles,
    timeS: cycles / config.clockHz,
    clockHz: config.clockHz,
    instructions: program.map((inst, pc) => ({
      pc,
      unit: OPCODES[inst.op].unit,
      issueCycle: core.issueCycle[pc]!,
      doneCycle: core.doneCycle[pc]!,
    })),
    unitBusyCycles,
    memory: model.stats(),
    engineEvents: engine.eventsProcessed,
    fastForward: { requestsSkipped: port.fastForwardStats.requestsSkipped, stretches: port.fastForwardStats.stretches, closedFormRuns: port.fastForwardStats.closedFormRuns },
    registers: core.regs,
  };
}
