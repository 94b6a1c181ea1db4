import type { Metrics } from './metrics.ts';

/** One objective: a metric to maximise or minimise. */
export interface Objective {
  metric: string;
  direction: 'max' | 'min';
}

export type ComparisonOp = '<=' | '<' | '>=' | '>' | '==' | '!=';

/** One constraint: a boolean metric that must be true, or a metric compared with a number. */
export type Constraint = { kind: 'true'; metric: string; text: string } | { kind: 'compare'; metric: string; op: ComparisonOp; value: number; text: string };

const OBJECTIVE_RE = /^\s*(max|min)\s+([A-Za-z_][\w.]*)\s*$/;
const COMPARE_RE = /^\s*([A-Za-z_][\w.]*)\s*(<=|>=|==|!=|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;
const BOOLEAN_RE = /^\s*([A-Za-z_][\w.]*)\s*$/;

/** `max tokens_per_s` → {metric, direction}; null when the text is not of that form. */
export function parseObjective(text: string): Objective | null {
  const m = OBJECTIVE_RE.exec(text);
  return m ? { direction: m[1] as 'max' | 'min', metric: m[2]! } : null;
}

/** `power_w.total <= 25` or `feasible`; null when the text is of neither form. */
export function parseConstraint(text: string): Constraint | null {
  const c = COMPARE_RE.exec(text);
  if (c) return { kind: 'compare', metric: c[1]!, op: c[2] as ComparisonOp, value: Number(c[3]), text: text.trim() };
  const b = BOOLEAN_RE.exec(text);
  return b ? { kind: 'true', metric: b[1]!, text: text.trim() } : null;
}

export function compare(x: number, op: ComparisonOp, y: number): boolean {
  switch (op) {
    case '<=':
      return x <= y;
    case '<':
      return x < y;
    case '>=':
      return x >= y;
    case '>':
      return x > y;
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    default: {
      const never: never = op;
      throw new Error(`unknown comparison ${String(never)}`);
    }
  }
}

/** The first constraint a point's metrics fail (a missing metric fails), or null. */
export function failedConstraint(metrics: Metrics, constraints: readonly Constraint[]): Constraint | null {
  for (const c of constraints) if (!constraintHolds(metrics[c.metric], c)) return c;
  return null;
}

export function constraintHolds(value: number | boolean | null | undefined, c: Constraint): boolean {
  if (c.kind === 'true') return value === true;
  return typeof value === 'number' && compare(value, c.op, c.value);
}

/**
 * How far a point is from meeting the constraints (0: it meets them all): the sum over
 * failed constraints of the gap relative to the bound (a failed boolean counts 1, a missing
 * metric Infinity). NSGA-II ranks infeasible points by it (Deb's constrained domination).
 */
export function constraintViolation(metrics: Metrics, constraints: readonly Constraint[]): number {
  let v = 0;
  for (const c of constraints) {
    const x = metrics[c.metric];
    if (constraintHolds(x, c)) continue;
    if (c.kind === 'true') v += typeof x === 'boolean' ? 1 : Infinity;
    else if (typeof x !== 'number') v += Infinity;
    else v += Math.max(Math.abs(x - c.value) / Math.max(Math.abs(c.value), 1e-12), 1e-12);
  }
  return v;
}

/**
 * Objective values in minimisation form (a maximised metric negated), so every front and
 * hypervolume routine compares with `<` only. Null when an objective metric is missing.
 */
export function objectiveVector(metrics: Metrics, objectives: readonly Objective[]): number[] | null {
  const out: number[] = [];
  for (const o of objectives) {
    const x = metrics[o.metric];
    const v = typeof x === 'boolean' ? (x ? 1 : 0) : x;
    if (typeof v !== 'number' || Number.isNaN(v)) return null;
    out.push(o.direction === 'max' ? -v : v);
  }
  return out;
}
