import type { CoreSpec } from '../../arch/core-schema.ts';
import type { InstructionFormat } from '../../isa/encoding.ts';

/** The resolved, plain parameters of one core (what the hardware model takes). */
export interface CoreConfig {
  /** Vector length: elements per register. */
  d: number;
  /** Core clock, whole Hz. */
  clockHz: number;
  registers: number;
  /** Bytes per beat of the memory port, beats per request, requests in flight. */
  portWidthBytes: number;
  burstBeats: number;
  outstanding: number;
  /** Ternary matmul: weights consumed per cycle, FIFO depth (bytes), accumulator width. */
  weightsPerCycle: number;
  fifoBytes: number;
  accumulatorBits: number;
  /** Row-wise unit lanes. */
  elementsPerCycle: number;
  /** Instruction encoding. */
  format: InstructionFormat;
}

export function resolveCoreConfig(spec: CoreSpec, overrides: { d?: number } = {}): CoreConfig {
  const clockHz = Math.round(spec.clock_mhz * 1e6);
  return {
    d: overrides.d ?? spec.d,
    clockHz,
    registers: spec.registers,
    portWidthBytes: spec.memory_port.width_bytes,
    burstBeats: spec.memory_port.burst_beats,
    outstanding: spec.memory_port.outstanding,
    weightsPerCycle: spec.tmatmul.weights_per_cycle,
    fifoBytes: spec.tmatmul.fifo_bytes,
    accumulatorBits: spec.tmatmul.accumulator_bits,
    elementsPerCycle: spec.rowwise.elements_per_cycle,
    format: {
      registerBits: Math.max(1, Math.ceil(Math.log2(spec.registers))),
      addressBits: spec.address_bits,
    },
  };
}
