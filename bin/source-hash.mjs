// What dist/ was built from. `sourceHash` hashes every file under sim/ (paths and contents):
// dist/ is fresh when its recorded hash equals it. `sourceStamp` hashes only the files'
// paths, sizes and modification times — no file is read — so a command checks that first
// and reads and hashes the sources only when the stamp differs (an edit, or a checkout that
// touched files without changing them): the content hash alone was a tenth of a short
// command's start-up.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

export function sourceStamp(simDir) {
  const h = createHash('sha256');
  for (const f of sourceFiles(simDir)) {
    const s = statSync(f);
    h.update(f.slice(simDir.length)).update('\0').update(`${s.size}:${s.mtimeMs}`).update('\0');
  }
  return h.digest('hex');
}
