import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper without declarations
import { sourceHash } from '../../bin/source-hash.mjs';
// @ts-expect-error: a plain .mjs helper without declarations
import { sourceStamp, stampMatches } from '../../bin/source-stamp.mjs';

// bin/mmfsim.mjs runs the compiled dist/ while the sources' stamp (every file's path, size
// and mtime, every directory's mtime) still matches the build's, or else while their content
// hash does: every change to the sources must break the stamp, and a touch that changes no
// byte must break the stamp but not the hash.
const scratch = mkdtempSync(join(tmpdir(), 'mmfsim-stamp-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dir = join(scratch, 'sim');
const at = (path: string, seconds: number) => utimesSync(join(dir, path), seconds, seconds);

beforeEach(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'sub', 'b.ts'), 'export const b = 2;\n');
  for (const p of ['a.ts', 'sub/b.ts', 'sub', '.']) at(p, 1_000_000);
});

describe('the sources stamp and hash behind dist/ freshness', () => {
  it('match while nothing changes, and list every file and directory', () => {
    const stamp = sourceStamp(dir);
    expect(stamp.files.map((f: unknown[]) => f[0])).toEqual(['a.ts', join('sub', 'b.ts')]);
    expect(stamp.dirs.map((d: unknown[]) => d[0])).toEqual(['', 'sub']);
    expect(stampMatches(dir, stamp)).toBe(true);
    expect(sourceHash(dir)).toBe(sourceHash(dir));
  });

  it('a touch breaks the stamp but not the hash (dist/ stays usable after the content check)', () => {
    const stamp = sourceStamp(dir);
    const hash = sourceHash(dir);
    at('sub/b.ts', 1_000_100);
    expect(stampMatches(dir, stamp)).toBe(false);
    expect(sourceHash(dir)).toBe(hash);
    at('sub/b.ts', 1_000_000);
    expect(stampMatches(dir, stamp)).toBe(true);
  });

  it('an edit breaks both', () => {
    const stamp = sourceStamp(dir);
    const hash = sourceHash(dir);
    writeFileSync(join(dir, 'sub', 'b.ts'), 'export const b = 22;\n');
    expect(stampMatches(dir, stamp)).toBe(false);
    expect(sourceHash(dir)).not.toBe(hash);
  });

  it('an edit that keeps the size and puts the mtime back escapes the stamp, not the hash', () => {
    const hash = sourceHash(dir);
    writeFileSync(join(dir, 'a.ts'), 'export const a = 9;\n');
    at('a.ts', 1_000_000);
    expect(sourceHash(dir)).not.toBe(hash);
  });

  it('an older copy of a file put back with its old mtime breaks the stamp (equality, not "newer")', () => {
    const old = join(scratch, 'old-a.ts');
    writeFileSync(old, 'export const a = 0;\n');
    utimesSync(old, 500_000, 500_000);
    const stamp = sourceStamp(dir);
    cpSync(old, join(dir, 'a.ts'), { preserveTimestamps: true });
    expect(stampMatches(dir, stamp)).toBe(false);
  });

  it.each([
    ['a new file at the top', () => writeFileSync(join(dir, 'c.ts'), '')],
    ['a new file in a subdirectory', () => writeFileSync(join(dir, 'sub', 'c.ts'), '')],
    ['a new subdirectory', () => mkdirSync(join(dir, 'sub', 'deeper'))],
    ['a removed file', () => rmSync(join(dir, 'sub', 'b.ts'))],
    ['a renamed file', () => renameSync(join(dir, 'sub', 'b.ts'), join(dir, 'sub', 'c.ts'))],
    ['a file replaced by a directory', () => (rmSync(join(dir, 'a.ts')), mkdirSync(join(dir, 'a.ts')))],
  ])('%s breaks the stamp', (_, change) => {
    const stamp = sourceStamp(dir);
    change();
    expect(stampMatches(dir, stamp)).toBe(false);
  });

  it('a missing or malformed stamp never matches', () => {
    expect(stampMatches(dir, undefined)).toBe(false);
    expect(stampMatches(dir, 'a1b2c3')).toBe(false);
    expect(stampMatches(dir, { files: [] })).toBe(false);
  });
});
