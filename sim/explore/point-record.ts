import type { Metrics } from './metrics.ts';

export type PointStatus = 'ok' | 'infeasible' | 'pruned' | 'error' | 'timeout';
export const POINT_STATUSES: readonly PointStatus[] = ['ok', 'infeasible', 'pruned', 'error', 'timeout'];

/** The optimistic bounds a point was judged by before simulating (null: not computed). */
export interface PointBounds {
  /** Upper bound of tokens_per_s. */
  tokens_per_s: number | null;
  /** Lower bound of power_w.total. */
  power_w: number | null;
  /** The resource model's verdict (exact). */
  feasible: boolean;
}

/**
 * One line of results.jsonl: a finished design point (docs/explore.md). The key order
 * here is the order on the line.
 */
export interface PointRecord {
  hash: string;
  params: Record<string, unknown>;
  status: PointStatus;
  /** Flat dotted metrics of a simulated point (ok, infeasible); null when not simulated. */
  metrics: Metrics | null;
  /** error/timeout: the message; infeasible: the failed constraint; pruned by a constraint: why; else null. */
  error: string | null;
  /** pruned by dominance: the hash of the simulated point whose metrics dominate this point's bounds. */
  dominated_by: string | null;
  bounds: PointBounds | null;
  duration_s: number | null;
  engine_events: number | null;
  /** NSGA-II generation that proposed the point, else null. */
  generation: number | null;
  /**
   * A confirmation (a sampled sweep's point simulated again in timing mode): the hash of the
   * sampled record it confirms. Absent on every other record.
   */
  confirms?: string;
  /** The host of the `mmfsim worker` that simulated the point (queue mode only; absent for local points). */
  host?: string;
}

/** The record with its keys in contract order (a stable line text). */
export function orderedRecord(r: PointRecord): PointRecord {
  return {
    hash: r.hash,
    params: r.params,
    status: r.status,
    metrics: r.metrics,
    error: r.error,
    dominated_by: r.dominated_by,
    bounds: r.bounds,
    duration_s: r.duration_s,
    engine_events: r.engine_events,
    generation: r.generation,
    ...(r.confirms !== undefined ? { confirms: r.confirms } : {}),
    ...(r.host !== undefined ? { host: r.host } : {}),
  };
}

/** Statuses whose point needs no more work (error and timeout only with --retry-failed unset). */
export function isFailed(r: PointRecord): boolean {
  return r.status === 'error' || r.status === 'timeout';
}
