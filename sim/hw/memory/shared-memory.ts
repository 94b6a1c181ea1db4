import type { SharedMemoryTarget } from './memory-arbiter.ts';
import type { MemoryModel } from '../../memory/memory-model.ts';

/**
 * How a memory model looks to an arbiter in front of it: a memory with channels (a DRAM: each
 * channel controller is its own slave with its own queues) is arbitrated per channel; anything
 * else (the fixed-latency testbench memory, never busy) as one channel.
 */
export function sharedMemoryTarget(model: MemoryModel): SharedMemoryTarget {
  const view = model.channelView?.();
  if (view) {
    return {
      model,
      channels: view.channels,
      channelOf: (addr) => view.channelOf(addr),
      canAcceptAt: (addr, write, cycle) => view.canAcceptAddress(addr, write, cycle),
      nextStateChange: () => view.nextStateChangeCycle(),
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

/** The channel interleave of a memory; a memory without channels: one unbounded stripe. */
export function channelInterleave(model: MemoryModel): ChannelInterleave {
  const view = model.channelView?.();
  if (!view) return { channels: 1, stripeBytes: Infinity, capacityBytes: Infinity };
  return { channels: view.channels, stripeBytes: view.stripeBytes, capacityBytes: view.capacityBytes };
}
