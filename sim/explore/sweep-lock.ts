import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input-error.ts';
import type { ResolvedSweep } from './load-spec.ts';
import { MMFSIM_VERSION } from './mmfsim-version.ts';
import { writeFileAtomic } from './result-store.ts';
import type { ArchSpec } from './lower-layers.ts';

export const LOCK_FILE = 'sweep.lock.json';

/** OUT/sweep.lock.json: what the results in OUT were computed from. */
export interface SweepLock {
  mmfsim_version: string;
  spec_file: string;
  spec: ResolvedSweep['spec'];
  base_arch: ArchSpec;
  base_hash: string;
  model: string;
  model_hash: string;
}

export function readLock(outDir: string): SweepLock | null {
  const file = join(outDir, LOCK_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SweepLock;
  } catch {
    throw new InputError(`${LOCK_FILE} is not valid JSON: it is not a sweep output, or it was damaged; use another --out`, { file });
  }
}

/**
 * Check that OUT may take this sweep's results, and record the sweep in it. Results of a
 * different base arch, model or mmfsim version are never mixed: OUT is refused (exit 2). A
 * changed spec (other axes, objectives, sampler) is allowed: its new points are added, the
 * points it shares with the earlier spec are reused. Returns the lock found (null: none).
 */
export function claimOutDir(outDir: string, sweep: ResolvedSweep): SweepLock | null {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, LOCK_FILE);
  const old = readLock(outDir);
  if (old) {
    const clash = (what: string, was: string, now: string) =>
      new InputError(`${outDir} holds a sweep of ${what} ${was}, not ${now}: results of different ${what}s are never mixed; use another --out`, { file });
    if (old.mmfsim_version !== MMFSIM_VERSION) throw clash('mmfsim version', old.mmfsim_version, MMFSIM_VERSION);
    if (old.model !== sweep.model.name || old.model_hash !== sweep.model.hash) throw clash('model', `${old.model} (${old.model_hash.slice(0, 12)})`, `${sweep.model.name} (${sweep.model.hash.slice(0, 12)})`);
    if (old.base_hash !== sweep.baseHash) throw clash('base arch', `${old.base_arch?.name ?? '?'} (${old.base_hash.slice(0, 12)})`, `${sweep.baseArch.name} (${sweep.baseHash.slice(0, 12)})`);
  }
  const lock: SweepLock = {
    mmfsim_version: MMFSIM_VERSION,
    spec_file: sweep.specFile,
    spec: sweep.spec,
    base_arch: sweep.baseArch,
    base_hash: sweep.baseHash,
    model: sweep.model.name,
    model_hash: sweep.model.hash,
  };
  writeFileAtomic(file, JSON.stringify(lock, null, 2) + '\n');
  return old;
}
