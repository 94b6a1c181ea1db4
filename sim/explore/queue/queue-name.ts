import { basename } from 'node:path';
import type { ResolvedSweep } from '../load-spec.ts';
import { MMFSIM_VERSION } from '../mmfsim-version.ts';
import { canonicalJson, sha256Hex } from '../point-hash.ts';

/** Prefix of every BullMQ key mmfsim writes (`mmfsim:<queue>:…`), apart from other BullMQ users. */
export const QUEUE_PREFIX = 'mmfsim';

/**
 * The sweep's queue: one per output directory and what it may hold (base arch, model,
 * mmfsim version — the same things sweep.lock.json guards), so two sweeps on one Redis
 * never share jobs and a restarted coordinator finds its own queue again. Readable first
 * (the spec's name or OUT's), unique after.
 */
export function sweepQueueName(sweep: ResolvedSweep, outDir: string): string {
  const id = sha256Hex(canonicalJson({ out: outDir, base: sweep.baseHash, model: sweep.model, version: MMFSIM_VERSION })).slice(0, 16);
  const label = (sweep.spec.name ?? basename(outDir)).replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40);
  return `sweep-${label}-${id}`;
}
