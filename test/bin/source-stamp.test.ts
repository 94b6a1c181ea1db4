import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper without declarations
import { sourceHash, sourceStamp } from '../../bin/source-hash.mjs';

// bin/mmfsim.mjs runs the compiled dist/ when the sources' stamp (paths, sizes, modification
// times) equals the build's, or else when their content hash does: an edit must change the
// stamp, and a touch that changes no byte must change the stamp but not the hash.
const dir = mkdtempSync(join(tmpdir(), 'mmfsim-stamp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'sub'));
writeFileSync(join(dir, 'a.ts'), 'export const a = 1;\n');
writeFileSync(join(dir, 'sub', 'b.ts'), 'export const b = 2;\n');
const at = (file: string, seconds: number) => utimesSync(join(dir, file), seconds, seconds);
at('a.ts', 1_000_000);
at('sub/b.ts', 1_000_000);

describe('the sources stamp and hash behind dist/ freshness', () => {
  const stamp0 = sourceStamp(dir);
  const hash0 = sourceHash(dir);

  it('are stable while nothing changes', () => {
    expect(sourceStamp(dir)).toBe(stamp0);
    expect(sourceHash(dir)).toBe(hash0);
  });

  it('a touch changes the stamp but not the hash (dist/ stays usable after the content check)', () => {
    at('sub/b.ts', 1_000_100);
    expect(sourceStamp(dir)).not.toBe(stamp0);
    expect(sourceHash(dir)).toBe(hash0);
    at('sub/b.ts', 1_000_000);
    expect(sourceStamp(dir)).toBe(stamp0);
  });

  it('an edit changes both, even one that keeps the size and the modification time', () => {
    writeFileSync(join(dir, 'a.ts'), 'export const a = 9;\n');
    at('a.ts', 1_000_100);
    expect(sourceStamp(dir)).not.toBe(stamp0);
    expect(sourceHash(dir)).not.toBe(hash0);
    // Same size, mtime put back: only the hash can see it (the build records both).
    at('a.ts', 1_000_000);
    expect(sourceHash(dir)).not.toBe(hash0);
  });

  it('a new file changes both', () => {
    writeFileSync(join(dir, 'c.ts'), '');
    expect(sourceStamp(dir)).not.toBe(stamp0);
    expect(sourceHash(dir)).not.toBe(hash0);
  });
});
