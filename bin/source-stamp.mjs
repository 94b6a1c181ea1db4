// Whether the sources under sim/ are still those dist/ was built from, cheaply enough to ask
// on every command. The build records a stamp: every file's path, size and modification
// time, and every directory's modification time. Checking it is one stat() per entry — no
// directory listing, no file read, no hashing (node:crypto alone cost more to load than the
// whole check; a recursive listing and a hash of the stats were a tenth of `mmfsim --help`).
//
// What it notices: an edited file (its size or mtime changes), a new, removed or renamed file
// or directory (the directory holding it gets a new mtime), a file put back from elsewhere
// with its old mtime (its mtime differs from the recorded one: equality, not "newer than").
// A mismatch is not yet staleness: the caller then compares the content hash
// (bin/source-hash.mjs), so a checkout that touched files without changing them still runs
// dist/, and records the new stamp so the next command is quick again.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The stamp of the tree under `dir`: { dirs: [[path, mtimeMs]], files: [[path, size, mtimeMs]] }. */
export function sourceStamp(dir) {
  const dirs = [['', statSync(dir).mtimeMs]];
  const files = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = join(e.parentPath ?? e.path, e.name);
    const rel = full.slice(dir.length + 1);
    const s = statSync(full);
    if (e.isDirectory()) dirs.push([rel, s.mtimeMs]);
    else if (e.isFile()) files.push([rel, s.size, s.mtimeMs]);
  }
  const byPath = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return { dirs: dirs.sort(byPath), files: files.sort(byPath) };
}

/** Whether every directory and file of `stamp` is still there with the recorded stats. */
export function stampMatches(dir, stamp) {
  if (!stamp || !Array.isArray(stamp.dirs) || !Array.isArray(stamp.files)) return false;
  for (const [rel, mtimeMs] of stamp.dirs) {
    const s = statSync(rel === '' ? dir : join(dir, rel), { throwIfNoEntry: false });
    if (!s || !s.isDirectory() || s.mtimeMs !== mtimeMs) return false;
  }
  for (const [rel, size, mtimeMs] of stamp.files) {
    const s = statSync(join(dir, rel), { throwIfNoEntry: false });
    if (!s || !s.isFile() || s.size !== size || s.mtimeMs !== mtimeMs) return false;
  }
  return true;
}
