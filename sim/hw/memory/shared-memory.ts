import { Ddr4Memory } from './dram/ddr4-memory.ts';
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
 * The channel interleave of a memory (DDR4 or HBM2, whose mapping fields are power-of-two bit
 * fields): the lowest address bit that changes the channel, found by decoding powers of two
 * (exact for any mapping string and burst size). With one channel, the lowest bit that changes
 * the row: the span a stream walks across the banks, which is what keeps cores sharing the
 * channel in different banks. A memory without that structure: one unbounded stripe.
 */
export function channelInterleave(model: MemoryModel): ChannelInterleave {
  if (!(model instanceof Ddr4Memory)) return { channels: 1, stripeBytes: Infinity, capacityBytes: Infinity };
  const where = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
  const channels = model.config.channels;
  const capacity = model.mapping.capacityBytes;
  let stripe = 1;
  for (; stripe < capacity; stripe *= 2) {
    model.mapping.decode(stripe, where);
    if (channels > 1 ? where.channel !== 0 : where.row !== 0) break;
  }
  return { channels, stripeBytes: stripe, capacityBytes: capacity };
}
