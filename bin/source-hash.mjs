// The hash of every file under sim/ (paths and contents): dist/ was built from the sources
// when its recorded hash equals this one. Cheap (≈ 1 MB read), so a command can check it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function sourceHash(simDir) {
  const h = createHash('sha256');
  const files = readdirSync(simDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
  for (const f of files) h.update(f.slice(simDir.length)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}
