import { loadArchOrMemoryFile } from '../arch/memory-file.ts';
import type { MemorySpec } from '../arch/memory-schema.ts';
import { InputError } from '../input-error.ts';
import { resolveDdr4Config } from '../hw/memory/dram/ddr4-config.ts';
import { resolveHbm2Config } from '../hw/memory/dram/hbm2-config.ts';
import { loadDramTrace, type DramTrace } from '../hw/memory/dram/dram-trace.ts';
import { runDramTrace as playDramTrace, type DramTraceReport } from '../hw/memory/dram/dram-trace-run.ts';

export interface DramRunOptions {
  /** An architecture or memory-only YAML file, or a validated `memory:` section. */
  memory: string | MemorySpec;
  /** A trace file (`0xADDR READ|WRITE CYCLE` lines) or a parsed trace. */
  trace: string | DramTrace;
}

/** The DRAM model alone on a trace: what `mmfsim dram --json` prints (without its file names). */
export function runDramTrace(options: DramRunOptions): DramTraceReport {
  const file = typeof options.memory === 'string' ? options.memory : undefined;
  const memory = typeof options.memory === 'string' ? loadArchOrMemoryFile(options.memory).memory : options.memory;
  if (memory.model === 'fixed') {
    throw new InputError(`the DRAM trace runner simulates model: ddr4 or hbm2, this memory has model: ${memory.model}`, { file, key: 'memory.model' });
  }
  const config = memory.model === 'hbm2' ? resolveHbm2Config(memory) : resolveDdr4Config(memory);
  const trace = typeof options.trace === 'string' ? loadDramTrace(options.trace) : options.trace;
  return playDramTrace(config, trace);
}
