import type { SweepMode } from './spec-schema.ts';
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: equal data, equal text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return JSON.stringify(String(value));
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What identifies a simulation: everything it depends on, and nothing else (no mmfsim version). */
export interface PointIdentity {
  /** The resolved arch of the point (or, when it does not validate, the arch as applied). */
  arch: unknown;
  /** The model: its directory name and content hash (model-identity.ts). */
  model: { name: string; hash: string };
  /** How it runs: prompts (ids), tokens, mode, synthetic-weights seed. */
  run: { prompts: number[][]; tokens: number; mode: SweepMode; seed: number };
}

/** A design point's key in results.jsonl: sha256 of its identity's canonical JSON. */
export function pointHash(identity: PointIdentity): string {
  return sha256Hex(canonicalJson(identity));
}
