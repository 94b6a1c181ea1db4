// The content hash of the sources dist/ was built from: every file under sim/ (paths and
// contents). dist/ is fresh when its recorded hash equals it. Reading and hashing every
// source costs tens of milliseconds (node:crypto alone is slow to load), so a command asks
// the cheap stat-only stamp first (bin/source-stamp.mjs) and comes here only when the stamp
// differs: an edit, or a checkout that touched files without changing them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(simDir) {
  return readdirSync(simDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

export function sourceHash(simDir) {
  const h = createHash('sha256');
  for (const f of sourceFiles(simDir)) h.update(f.slice(simDir.length)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}
