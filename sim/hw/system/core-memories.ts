import type { ArchSpec } from '../../arch/schema.ts';
import { resolveMemorySection } from '../../arch/onchip-memory.ts';
import { sharedImageBases } from '../../compiler/ddr-layout.ts';
import { InputError } from '../../input-error.ts';
import { createMemoryModel } from '../../memory/create-memory-model.ts';
import { memoryTechnology } from '../../memory/registry.ts';
import { MemoryArbiter } from '../memory/memory-arbiter.ts';
import type { MemoryModel } from '../../memory/memory-model.ts';
import { channelInterleave, sharedMemoryTarget } from '../memory/shared-memory.ts';

/** The memory system behind the cores' ports. */
export interface CoreMemories {
  /** The model each core's MemoryPort drives (its own memory, or its arbiter port). */
  ports: MemoryModel[];
  /** The memory models, each once (private: one per core; shared: one with every channel). */
  physical: MemoryModel[];
  /** The arbiter in front of shared channels (null: private memories). */
  arbiter: MemoryArbiter | null;
  /** Byte address of each core's DDR image. */
  bases: number[];
  /** DDR channels of each physical model (0 for fixed-latency memory). */
  channelsPerModel: number;
}

/** Requests a core may have waiting for a grant (a two-entry skid buffer, see MemoryArbiterConfig). */
const ARBITER_QUEUE_DEPTH = 2;

/**
 * Build the cores' memory: with `core.memory_sharing: private` each core gets
 * `memory.channels / cores` channels of its own and its image at address 0; with `shared`
 * one memory holds every channel, each core's image is a disjoint region placed by
 * `sharedImageBases`, and a memory arbiter gives each core a port. `imageBytes(k)` is the
 * size of core k's DDR image.
 */
export function buildCoreMemories(arch: ArchSpec, cores: number, coreClockHz: number, imageBytes: (core: number) => number): CoreMemories {
  const mem = resolveMemorySection(arch);
  const technology = memoryTechnology(mem);
  const ctx = { coreClockHz };
  const sharing = arch.core.memory_sharing;
  switch (sharing) {
    case 'private': {
      let perCore = mem;
      const channels = technology.channels(mem);
      if (channels > 0) {
        const key = `memory.${technology.channelKey}`;
        if (channels % cores !== 0) {
          throw new InputError(
            `${cores} cores need a multiple of ${cores} DRAM channels with private memories (each core streams its weight slices from its own channels); ${key} is ${channels}. Set core.memory_sharing: shared to let the cores share the channels through an arbiter`,
            { key: 'core.cores' },
          );
        }
        perCore = technology.withChannels(mem, channels / cores);
      }
      // On-chip blocks are one pool on the device: each core reads its own share of the banks.
      if (mem.model === 'onchip' && typeof mem['banks'] === 'number') perCore = { ...mem, banks: Math.max(1, Math.floor(mem['banks'] / cores)) };
      const ports = Array.from({ length: cores }, () => createMemoryModel(perCore, ctx));
      return { ports, physical: ports, arbiter: null, bases: ports.map(() => 0), channelsPerModel: technology.channels(perCore) };
    }
    case 'shared': {
      const model = createMemoryModel(mem, ctx);
      const il = channelInterleave(model);
      const sizes = Array.from({ length: cores }, (_, k) => imageBytes(k));
      const bases = sharedImageBases(sizes, il.channels, il.stripeBytes);
      const end = bases[cores - 1]! + sizes[cores - 1]!;
      if (end > il.capacityBytes) {
        throw new InputError(`${cores} cores' DDR images need ${end} bytes of shared memory; the ${mem.model} memory holds ${il.capacityBytes}`, { key: 'core.memory_sharing' });
      }
      // The images sit above each other: the highest address must still fit the instruction's
      // address field (a private memory's image starts at 0 in its own address space).
      if (end > 2 ** arch.core.address_bits) {
        throw new InputError(`${cores} cores' DDR images in one shared address space reach byte ${end}; core.address_bits ${arch.core.address_bits} addresses ${2 ** arch.core.address_bits}`, { key: 'core.address_bits' });
      }
      const a = arch.core.memory_arbiter;
      const arbiter = new MemoryArbiter(sharedMemoryTarget(model), {
        requesters: cores,
        policy: a.policy,
        latencyCycles: a.latency_cycles,
        queueDepth: ARBITER_QUEUE_DEPTH,
      });
      return {
        ports: Array.from({ length: cores }, (_, k) => arbiter.port(k)),
        physical: [model],
        arbiter,
        bases,
        channelsPerModel: technology.channels(mem),
      };
    }
    default: {
      const never: never = sharing;
      throw new Error(`unknown memory_sharing ${JSON.stringify(never)}`);
    }
  }
}
