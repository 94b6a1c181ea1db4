import * as z from 'zod';
import { CORE_KINDS, CORE_KIND_NAMES, type CoreKind } from '../isa/core-kinds.ts';

/**
 * The core section of the arch YAML. `kind` says which microarchitecture it describes
 * (sim/isa/core-kinds.ts): the paper's core, or the generalised vector core. The numeric
 * defaults are the paper core's (docs/paper-core.md): 60 MHz, an 8-bit memory port with one
 * access outstanding, a 2048-byte weight FIFO, one ternary weight per cycle, d = 512 and
 * eight 8-bit registers. Keys that only one kind has say so in their description.
 */
const CoreFields = z
  .object({
    kind: z
      .enum(CORE_KIND_NAMES as [CoreKind, ...CoreKind[]])
      .default('vector')
      .describe(
        `Which core this section describes. paper: ${CORE_KINDS.paper.summary}; \`mmfsim exec\` runs it, and \`mmfsim run\` runs it as the vector core with its clock, memory port, weight FIFO, lanes and accumulators (its vector-only keys stay at their defaults). vector: ${CORE_KINDS.vector.summary}; \`mmfsim run\` runs it, \`mmfsim exec\` refuses it.`,
      ),
    d: z.number().int().positive().max(8192).default(512).describe('Paper kind: vector length (elements per register). The vector kind has no registers and ignores it: its vectors and scratchpad come from the model and the compiled program.'),
    // Range: docs/limits.md (the whole-Hz and common-timebase checks are in clock-checks.ts).
    clock_mhz: z.number().min(1).max(5000).default(60).describe('Core clock in MHz (1–5000, a whole number of Hz).'),
    registers: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(8)
      .describe('Paper kind: number of vector registers (v0 … v{n−1}); the instruction register fields widen past 8. The vector kind ignores it: its storage is the program\'s scratchpad of typed buffers (sized in the resource estimate).'),
    address_bits: z
      .number()
      .int()
      .min(1)
      .max(36)
      .default(16)
      .describe('Width of the instruction DDR address field in bits: 16 as published, 33 in the D5005 board build. Paper kind: programs whose addresses do not fit are rejected. Vector kind: the smallest address width of its instruction words (widened to cover the program\'s DDR image).'),
    memory_port: z
      .object({
        width_bytes: z.number().int().positive().default(1).describe('Bytes per beat of the core memory port.'),
        outstanding: z.number().int().positive().default(1).describe('Memory requests the port may have in flight.'),
        burst_beats: z.number().int().positive().default(1).describe('Beats per memory request.'),
        clock_crossing: z
          .object({
            memory_side_mhz: z.number().min(1).max(5000).describe('Clock of the memory side of the FIFO (the HBM controller\'s AXI ports: 450 MHz in TerEffic), a whole number of Hz.'),
            sync_cycles: z.number().int().min(1).max(16).default(2).describe('Core cycles a word waits after the memory-side edge that writes it (2: a two-flop synchroniser of the write pointer).'),
          })
          .strict()
          .optional()
          .describe('Responses cross into the core clock through an asynchronous FIFO: a response is written at the first memory-side edge after it completes and read `sync_cycles` core cycles later. Absent: seen at the first core edge.'),
      })
      .strict()
      .prefault({})
      .describe('The core memory port shared by load/store and the tmatmul weight reader (paper: 8 bits, one access in flight).'),
    tmatmul: z
      .object({
        weights_per_cycle: z.number().int().positive().default(1).describe('Ternary weights consumed per cycle (lanes).'),
        fifo_bytes: z.number().int().positive().default(2048).describe('Depth of the weight FIFO in bytes.'),
        accumulator_bits: z.number().int().min(8).max(53).default(16).describe('Saturating accumulator width.'),
      })
      .strict()
      .prefault({})
      .describe('Ternary matrix-vector unit: weight FIFO, lanes, accumulators.'),
    rowwise: z
      .object({
        elements_per_cycle: z.number().int().positive().default(1).describe('Vector elements processed per cycle.'),
      })
      .strict()
      .prefault({})
      .describe('Row-wise unit. Paper kind: add, sub, mul, div, exp, sig in d/lanes + 1 cycles each. Vector kind: the MLGRU, GLU and gating elementwise work, passes × ⌈n/lanes⌉ + 1 cycles.'),
    quantize: z
      .object({
        elements_per_cycle: z.number().int().positive().default(1).describe('Elements per cycle of the quantise unit (RMSNorm with ε and gain, absmax, int8).'),
      })
      .strict()
      .prefault({})
      .describe('Vector kind: the quantise unit, three passes over a vector (sum of squares, absmax of the scaled values, rounding to int8), each n/lanes cycles.'),
    datapath: z
      .object({
        nonlinear: z
          .enum(['exact', 'lut'])
          .default('exact')
          .describe('Sigmoid/SiLU: exact (float) or a lookup table of 2^lut_bits entries over [−8, 8) (saturating outside).'),
        lut_bits: z.number().int().min(4).max(16).default(8).describe('Index bits of the sigmoid lookup table when nonlinear is lut.'),
        state: z
          .enum(['fp32', 'bf16', 'fp16'])
          .default('fp32')
          .describe('Storage format of the MLGRU recurrent state h (rounded to nearest even after every update).'),
      })
      .strict()
      .prefault({})
      .describe('Vector kind: the value datapath. Exact values (tokens equal the integer reference) need nonlinear exact, state fp32 and tmatmul.accumulator_bits ≥ 24.'),
    cores: z.number().int().min(1).max(64).default(1).describe('Vector kind: identical cores; each matrix\'s output rows are split across them, with an all-gather at every vector a later op needs whole.'),
    memory_sharing: z
      .enum(['private', 'shared'])
      .default('private')
      .describe('Vector kind: how cores reach the DDR channels. private: each core owns memory.channels / cores channels (cores must divide the channels). shared: every core reaches every channel through a simulated memory arbiter (any cores/channels combination); each core\'s DDR image is a disjoint region of the shared address space, staggered by one channel stripe per core.'),
    memory_arbiter: z
      .object({
        policy: z
          .enum(['round_robin', 'fixed_priority'])
          .default('round_robin')
          .describe('Which waiting core a channel grants each memory cycle: round_robin (from the core after the last winner; fair) or fixed_priority (lowest core first).'),
        latency_cycles: z
          .number()
          .int()
          .min(0)
          .max(64)
          .default(1)
          .describe('Memory-clock cycles from a grant to the request entering the channel controller (1: a registered grant, as interconnect arbiters do).'),
      })
      .strict()
      .prefault({})
      .describe('Vector kind: the memory arbiter in front of shared channels (memory_sharing: shared): one grant per channel per memory cycle, a two-entry request queue per core, back-pressure when a channel queue is full.'),
    batch: z
      .number()
      .int()
      .min(1)
      .max(256)
      .default(1)
      .describe('Vector kind: batch slots of one pass over the weights: every streamed weight is applied to up to `batch` activation vectors — one sequence\'s prompt tokens in prefill, or one token of each of up to `batch` sequences decoded together (each with its own recurrent state).'),
    interconnect_bytes_per_cycle: z
      .number()
      .int()
      .positive()
      .default(16)
      .describe('Vector kind: bytes per core cycle each core receives on the on-chip ring that all-gathers output slices between cores.'),
    pipelining: z
      .object({
        prefetch_weights: z.boolean().default(false).describe('The weight reader runs ahead through the program\'s matrix list, streaming the next projection into the FIFO while the current one (and the elementwise work between them) computes.'),
        overlap_elementwise: z.boolean().default(false).describe('Row-wise and quantise work issues as soon as its operands are ready and overlaps weight streaming; off, every instruction waits until the previous one finishes.'),
        fuse_projections: z.boolean().default(false).describe('f, i and g (and GLU gate/up, already one matrix) are one tmatmul over the stacked matrix with one quantise pass over x, instead of three.'),
      })
      .strict()
      .prefault({})
      .describe('Vector kind: MLGRU/GLU pipelining options.'),
  })
  .strict();

/**
 * Keys only the vector core has. A paper-kind core leaves them at their defaults, which is
 * exactly how `mmfsim run` simulates it (one core, one batch slot, no pipelining, the
 * default quantise unit and datapath): a paper core has no such parts to set.
 */
export const VECTOR_ONLY_KEYS = ['quantize', 'datapath', 'cores', 'memory_sharing', 'memory_arbiter', 'batch', 'interconnect_bytes_per_cycle', 'pipelining'] as const;
const VECTOR_DEFAULTS = CoreFields.parse({});

export const CoreSchema = CoreFields.superRefine((core, ctx) => {
  if (core.kind === 'paper') {
    for (const key of VECTOR_ONLY_KEYS) {
      const at = firstDifference(core[key], VECTOR_DEFAULTS[key], [key]);
      if (at === null) continue;
      ctx.addIssue({
        code: 'custom',
        path: at,
        message: `a key of the vector core only, but core.kind is paper (a paper core runs with it at its default, ${JSON.stringify(valueAt(VECTOR_DEFAULTS[key], at.slice(1)))}): set core.kind: vector to change it`,
      });
      return;
    }
  }
  // The weight reader only sends a request the FIFO has room for: a request larger than the
  // FIFO could never be sent. Checked here, once, for every command (the units only assert it).
  const requestBytes = core.memory_port.width_bytes * core.memory_port.burst_beats;
  if (requestBytes > core.tmatmul.fifo_bytes) {
    ctx.addIssue({
      code: 'custom',
      path: ['tmatmul', 'fifo_bytes'],
      message: `a ${requestBytes}-byte memory request (width_bytes × burst_beats) does not fit a ${core.tmatmul.fifo_bytes}-byte weight FIFO`,
    });
  }
  // Instruction words are exact JavaScript integers: fu[3] op[3] 3×reg[R] ls_op[2] addr[A] ≤ 53 bits.
  const registerBits = Math.max(1, Math.ceil(Math.log2(core.registers)));
  const bits = 8 + 3 * registerBits + core.address_bits;
  if (bits > 53) {
    ctx.addIssue({
      code: 'custom',
      path: ['address_bits'],
      message: `instruction word would be ${bits} bits (${core.registers} registers, ${core.address_bits}-bit address); the limit is 53`,
    });
  }
});

export type CoreSpec = z.infer<typeof CoreSchema>;

/** Path (from `path`) of the first leaf where `a` and `b` differ, or null when equal. */
function firstDifference(a: unknown, b: unknown, path: string[]): string[] | null {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    for (const k of Object.keys(b)) {
      const at = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, k]);
      if (at !== null) return at;
    }
    return null;
  }
  return a === b ? null : path;
}

function valueAt(v: unknown, path: string[]): unknown {
  return path.reduce((o, k) => (o as Record<string, unknown>)[k], v);
}
