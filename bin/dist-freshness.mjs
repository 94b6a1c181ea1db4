// Whether dist/ (the compiled, bundled CLI) was built from the current sources under sim/,
// so bin/mmfsim.mjs may run it instead of the TypeScript. dist/build-info.json, written last
// by the build, records the sources' stat-only stamp and their content hash.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stampMatches, sourceStamp } from './source-stamp.mjs';

/** dist/build-info.json of the checkout at `root`, or null when there is none (not built). */
export function readBuildInfo(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'dist', 'build-info.json'), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Whether `info` (readBuildInfo) still describes the sources: the stamp matches (one stat()
 * per file and directory), or else the sources' content hash equals the recorded one. In
 * the second case the files were touched without being changed (a checkout, a copy): the
 * new stamp is recorded so the next command needs no hash. Recording is best effort (a
 * read-only install just keeps hashing) and atomic (a rename), as concurrent sweep workers
 * may all get here at once.
 */
export async function distIsFresh(root, info) {
  const sim = join(root, 'sim');
  if (!info) return false;
  if (stampMatches(sim, info.source_stamp)) return true;
  // Stamp first, hash second: a file edited after the stamp was taken has a newer mtime
  // than the recorded one, so the next command hashes again rather than trusting it.
  const stamp = sourceStamp(sim);
  const { sourceHash } = await import('./source-hash.mjs');
  if (info.source_hash !== sourceHash(sim)) return false;
  try {
    const file = join(root, 'dist', 'build-info.json');
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...info, source_stamp: stamp }) + '\n');
    renameSync(tmp, file);
  } catch {
    // not writable: fine, the hash keeps answering
  }
  return true;
}
