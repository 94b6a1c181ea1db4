import { DDR4_BURST_BYTES, Ddr4Memory } from './dram/ddr4-memory.ts';
import type { SharedMemoryTarget } from './memory-arbiter.ts';
import type { MemoryModel } from './memory-model.ts';

/**
 * How a memory model looks to an arbiter in front of it: a DDR4 memory arbitrates per channel
 * (each channel controller is its own slave with its own queues), anything else (the fixed-
 * latency testbench memory, never busy) as one channel.
 */
export function sharedMemoryTarget(model: MemoryModel): SharedMemoryTarget {
  if (model instanceof Ddr4Memory) {
    const where = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
    return {
      model,
      channels: model.config.channels,
      channelOf: (addr) => {
        model.mapping.decode(addr, where);
        return where.channel;
      },
      canAcceptAt: (addr, write, cycle) => model.canAcceptAddress(addr, write, cycle),
      nextStateChange: () => model.nextStateChangeCycle(),
    };
  }
  return { model, channels: 1, channelOf: () => 0, canAcceptAt: (_a, write, cycle) => model.canAccept(write, cycle) };
}

/** Where consecutive addresses change channel, and the memory's capacity. */
export interface ChannelInterleave {
  channels: number;
  /** Bytes of one channel's stripe: consecutive addresses stay in a channel this long. */
  stripeBytes: number;
  capacityBytes: number;
}

/**
 * The channel interleave of a memory: for DDR4, the bytes addressed by the mapping's fields
 * below `ch` (a 64-byte burst times their sizes); one channel of unbounded size otherwise.
 */
export function channelInterleave(model: MemoryModel): ChannelInterleave {
  if (!(model instanceof Ddr4Memory)) return { channels: 1, stripeBytes: Infinity, capacityBytes: Infinity };
  const c = model.config;
  const size: Record<string, number> = {
    ro: c.org.rows,
    ch: c.channels,
    ra: c.ranks,
    bg: c.org.bankGroups,
    ba: c.org.banksPerGroup,
    co: c.org.columns / c.org.burstLength,
  };
  const fields = model.mapping.fields;
  let stripe = DDR4_BURST_BYTES;
  for (let i = fields.indexOf('ch') + 1; i < fields.length; i++) stripe *= size[fields[i]!]!;
  return { channels: c.channels, stripeBytes: stripe, capacityBytes: model.mapping.capacityBytes };
}
