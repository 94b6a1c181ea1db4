import { z } from 'zod';

/**
 * The core section of the arch YAML. Defaults reproduce the paper's core (docs/paper-core.md):
 * d = 512 at 60 MHz, eight 8-bit registers, an 8-bit memory port with one access
 * outstanding, a 2048-byte weight FIFO and one ternary weight per cycle.
 */
export const CoreSchema = z
  .object({
    d: z.number().int().positive().max(8192).default(512).describe('Vector length (elements per register) of the paper core (`mmfsim exec`). Ignored by `mmfsim run`: the generalised core\'s vectors and scratchpad come from the model and the compiled program.'),
    // Range: docs/limits.md (the whole-Hz and common-timebase checks are in clock-checks.ts).
    clock_mhz: z.number().min(1).max(5000).default(60).describe('Core clock in MHz (1–5000, a whole number of Hz).'),
    registers: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(8)
      .describe('Number of vector registers (v0 … v{n−1}) of the paper core (`mmfsim exec`); the instruction register fields widen past 8. Ignored by `mmfsim run`, whose storage is the program\'s scratchpad of typed buffers (sized in the resource estimate).'),
    address_bits: z
      .number()
      .int()
      .min(1)
      .max(36)
      .default(16)
      .describe('Width of the instruction DDR address field in bits: 16 as published, 33 in the D5005 board build. Programs whose addresses do not fit are rejected.'),
    memory_port: z
      .object({
        width_bytes: z.number().int().positive().default(1).describe('Bytes per beat of the core memory port.'),
        outstanding: z.number().int().positive().default(1).describe('Memory requests the port may have in flight.'),
        burst_beats: z.number().int().positive().default(1).describe('Beats per memory request.'),
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
      .describe('Row-wise unit (add, sub, mul, div, exp, sig): d/lanes + 1 cycles per operation.'),
    quantize: z
      .object({
        elements_per_cycle: z.number().int().positive().default(1).describe('Elements per cycle of the generalised core\'s quantise unit (RMSNorm with ε and gain, absmax, int8).'),
      })
      .strict()
      .prefault({})
      .describe('Quantise unit of the generalised core (`mmfsim run`): three passes over a vector (sum of squares, absmax of the scaled values, rounding to int8), each n/lanes cycles.'),
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
      .describe('Value datapath of the generalised core. Exact values (tokens equal the integer reference) need nonlinear exact, state fp32 and tmatmul.accumulator_bits ≥ 24.'),
    cores: z.number().int().min(1).max(64).default(1).describe('Identical cores (`mmfsim run`); each matrix\'s output rows are split across them, with an all-gather at every vector a later op needs whole.'),
    memory_sharing: z
      .enum(['private', 'shared'])
      .default('private')
      .describe('How cores reach the DDR channels (`mmfsim run`). private: each core owns memory.channels / cores channels (cores must divide the channels). shared: every core reaches every channel through a simulated memory arbiter (any cores/channels combination); each core\'s DDR image is a disjoint region of the shared address space, staggered by one channel stripe per core.'),
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
      .describe('The memory arbiter in front of shared channels (memory_sharing: shared): one grant per channel per memory cycle, a two-entry request queue per core, back-pressure when a channel queue is full.'),
    batch: z
      .number()
      .int()
      .min(1)
      .max(256)
      .default(1)
      .describe('Batch slots of one pass over the weights (`mmfsim run`): every streamed weight is applied to up to `batch` activation vectors — one sequence\'s prompt tokens in prefill, or one token of each of up to `batch` sequences decoded together (each with its own recurrent state).'),
    interconnect_bytes_per_cycle: z
      .number()
      .int()
      .positive()
      .default(16)
      .describe('Bytes per core cycle each core receives on the on-chip ring that all-gathers output slices between cores.'),
    pipelining: z
      .object({
        prefetch_weights: z.boolean().default(false).describe('The weight reader runs ahead through the program\'s matrix list, streaming the next projection into the FIFO while the current one (and the elementwise work between them) computes.'),
        overlap_elementwise: z.boolean().default(false).describe('Row-wise and quantise work issues as soon as its operands are ready and overlaps weight streaming; off, every instruction waits until the previous one finishes.'),
        fuse_projections: z.boolean().default(false).describe('f, i and g (and GLU gate/up, already one matrix) are one tmatmul over the stacked matrix with one quantise pass over x, instead of three.'),
      })
      .strict()
      .prefault({})
      .describe('MLGRU/GLU pipelining options of the generalised core (`mmfsim run`).'),
  })
  .strict()
  .superRefine((core, ctx) => {
    // Instruction words are exact JavaScript integers: fu[3] op[3] 3×reg[R] ls_op[2] addr[A] ≤ 53 bits.
    const registerBits = Math.max(1, Math.ceil(Math.log2(core.registers)));
    const bits = 8 + 3 * registerBits + core.address_bits;
    // The weight reader only sends a request the FIFO has room for: a request larger than
    // the FIFO could never be sent.
    const requestBytes = core.memory_port.width_bytes * core.memory_port.burst_beats;
    if (requestBytes > core.tmatmul.fifo_bytes) {
      ctx.addIssue({
        code: 'custom',
        path: ['tmatmul', 'fifo_bytes'],
        message: `a ${requestBytes}-byte memory request (width_bytes × burst_beats) does not fit a ${core.tmatmul.fifo_bytes}-byte weight FIFO`,
      });
    }
    if (bits > 53) {
      ctx.addIssue({
        code: 'custom',
        path: ['address_bits'],
        message: `instruction word would be ${bits} bits (${core.registers} registers, ${core.address_bits}-bit address); the limit is 53`,
      });
    }
  });

export type CoreSpec = z.infer<typeof CoreSchema>;
