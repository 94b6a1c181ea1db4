/**
 * mmfsim's library API: everything the CLI does, callable from TypeScript. The CLI
 * (`sim/cli/`) is a thin shell over these functions, and sweeps call them the same way.
 *
 *   import { loadModel, simulate } from 'mmfsim';
 *   const model = loadModel('models/mmfreelm-1.3b');          // load once, reuse
 *   const r = simulate({ arch: 'arch-configs/d5005-burst.yaml', model, tokens: 1, timingOnly: true });
 *   console.log(r.tokens_per_s, r.power_w.total, r.feasible);
 */
export { simulate, BUNDLED_MODEL_DIR, type SimulateOptions } from './run/simulate.ts';
export { PAPER_PROJECTED_TOKENS_PER_S, type RunResult } from './run/run-result.ts';
export { simulateProgram, type SimulateProgramOptions, type ProgramResult } from './run/simulate-program.ts';
export { runDramTrace, type DramRunOptions } from './run/run-dram-trace.ts';
export type { DramTraceReport } from './run/run-dram-trace.ts';
export { parseDramTrace, type DramTrace } from './memory/dram/dram-trace.ts';
export { execProgram, type ExecRequest, type ExecOutcome } from './hw/exec-program.ts';
export { loadArch, parseArch } from './arch/load-arch.ts';
export { ArchSchema, type ArchSpec } from './arch/schema.ts';
export { archJsonSchema } from './arch/json-schema.ts';
export { loadModel, type LoadModelOptions } from './model/load-model.ts';
export type { TernaryModel } from './model/ternary-model.ts';
export { InputError, isInputError, SimulationError, isSimulationError } from './input-error.ts';
export { checkModelDir, type ModelDirCheck } from './model/check-model-dir.ts';
export { checkArchWithModel } from './run/run-model.ts';
export { registerMemoryTechnology, unregisterMemoryTechnology, memoryTechnologyNames } from './memory/registry.ts';
export type { MemoryTechnology, MemoryContext, MemorySection } from './memory/memory-technology.ts';
export type { MemoryModel, MemRequest, MemoryStats, MemoryChannelView } from './memory/memory-model.ts';
export * from './explore/index.ts';
