import type { Redis } from 'ioredis';

/**
 * The sweeps a Redis serves: a sorted set of queue names scored by the coordinator's last
 * heartbeat (ms). Each sweep has its own queue, so workers (which are started without a
 * sweep name) find the queues here. A coordinator announces itself every few seconds and
 * withdraws when its sweep is complete; a queue whose coordinator has not been seen for
 * SWEEP_STALE_MS is left alone (its jobs stay queued until the coordinator returns).
 */
export const REGISTRY_KEY = 'mmfsim:sweeps';
export const HEARTBEAT_MS = 5000;
export const SWEEP_STALE_MS = 60 * 60 * 1000;

export async function announceSweep(redis: Redis, queueName: string): Promise<void> {
  await redis.zadd(REGISTRY_KEY, Date.now(), queueName);
}

export async function withdrawSweep(redis: Redis, queueName: string): Promise<void> {
  await redis.zrem(REGISTRY_KEY, queueName);
}

/** The sweeps whose coordinator was seen within SWEEP_STALE_MS, least recently seen first. */
export async function activeSweeps(redis: Redis): Promise<{ name: string; seenAt: number }[]> {
  const flat = await redis.zrangebyscore(REGISTRY_KEY, Date.now() - SWEEP_STALE_MS, '+inf', 'WITHSCORES');
  const out: { name: string; seenAt: number }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ name: flat[i]!, seenAt: Number(flat[i + 1]) });
  return out;
}

/** Whether a coordinator seen at `seenAt` is alive (it announces itself every HEARTBEAT_MS). */
export function coordinatorAlive(seenAt: number, now = Date.now()): boolean {
  return now - seenAt <= 3 * HEARTBEAT_MS;
}
