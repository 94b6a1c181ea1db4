import { axisValues } from './axis.ts';
import type { SweepSpec } from './spec-schema.ts';

/**
 * The design space of a sweep: one dimension per axis and one per zip group (whose paths
 * move together). A point is an index into each dimension's values.
 */
export interface Dimension {
  /** Dotted arch paths this dimension sets (one for an axis, several for a zip group). */
  paths: string[];
  /** values[i][j]: the i-th setting of paths[j]. */
  values: unknown[][];
}

export interface Space {
  dimensions: Dimension[];
  /** Number of points (a float: a space may hold more than 2^53). */
  size: number;
}

/** A point of a space: one value index per dimension. */
export type PointIndex = readonly number[];

export function buildSpace(spec: Pick<SweepSpec, 'axes' | 'zip'>): Space {
  const dimensions: Dimension[] = [];
  for (const [path, axis] of Object.entries(spec.axes)) dimensions.push({ paths: [path], values: axisValues(axis).map((v) => [v]) });
  for (const group of spec.zip) {
    const paths = Object.keys(group);
    const columns = paths.map((p) => axisValues(group[p]!));
    const n = Math.min(...columns.map((c) => c.length));
    dimensions.push({ paths, values: Array.from({ length: n }, (_, i) => columns.map((c) => c[i])) });
  }
  return { dimensions, size: dimensions.reduce((a, d) => a * d.values.length, 1) };
}

/** The swept values of a point, path → value, in the spec's order. */
export function pointParams(space: Space, point: PointIndex): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  space.dimensions.forEach((d, i) => d.paths.forEach((p, j) => (params[p] = d.values[point[i]!]![j])));
  return params;
}

/** A stable key of a point's indices (dedupe, caches). */
export function pointKey(point: PointIndex): string {
  return point.join(',');
}
