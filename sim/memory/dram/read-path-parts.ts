import type { ChannelQueues } from './channel-queues.ts';
import type { CommandIssuer } from './command-issuer.ts';
import type { FrFcfsPlanner } from './frfcfs-planner.ts';
import type { RefreshScheduler } from './refresh-scheduler.ts';
import type { TimingEngine } from './timing-engine.ts';

/**
 * The parts of a channel controller that its read shortcuts (IsolatedReadPath,
 * DirectReadPath) read and update: they apply exactly what the ordinary path's
 * enqueue → plan → issue would leave in these, so they share them rather than copies.
 */
export interface ReadPathParts {
  readonly timing: TimingEngine;
  readonly queues: ChannelQueues;
  readonly planner: FrFcfsPlanner;
  readonly issuer: CommandIssuer;
  readonly refresh: RefreshScheduler;
  /** Open row per bank (rank·BG·BA order), -1 when closed. */
  readonly openRow: Int32Array;
}
