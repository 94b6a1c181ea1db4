import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper without declarations
import { distIsFresh, readBuildInfo } from '../../bin/dist-freshness.mjs';
// @ts-expect-error: a plain .mjs helper without declarations
import { sourceHash } from '../../bin/source-hash.mjs';
// @ts-expect-error: a plain .mjs helper without declarations
import { sourceStamp, stampMatches } from '../../bin/source-stamp.mjs';

// A checkout in miniature: sim/ and the dist/build-info.json a build writes for it.
const root = mkdtempSync(join(tmpdir(), 'mmfsim-fresh-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sim = join(root, 'sim');
const infoFile = join(root, 'dist', 'build-info.json');

beforeEach(() => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(sim, 'cli'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(sim, 'cli', 'main.ts'), 'export const main = 1;\n');
  writeFileSync(infoFile, JSON.stringify({ source_hash: sourceHash(sim), source_stamp: sourceStamp(sim) }));
});

describe('dist/ freshness (bin/mmfsim.mjs runs dist/ only while it is)', () => {
  it('is fresh right after the build', async () => {
    expect(await distIsFresh(root, readBuildInfo(root))).toBe(true);
  });

  it('is stale after an edit, a new file or a removed one', async () => {
    writeFileSync(join(sim, 'cli', 'main.ts'), 'export const main = 2;\n');
    expect(await distIsFresh(root, readBuildInfo(root))).toBe(false);
    writeFileSync(join(sim, 'cli', 'main.ts'), 'export const main = 1;\n');
    expect(await distIsFresh(root, readBuildInfo(root))).toBe(true);
    writeFileSync(join(sim, 'cli', 'new.ts'), '');
    expect(await distIsFresh(root, readBuildInfo(root))).toBe(false);
    rmSync(join(sim, 'cli', 'new.ts'));
    rmSync(join(sim, 'cli', 'main.ts'));
    expect(await distIsFresh(root, readBuildInfo(root))).toBe(false);
  });

  it('is not fresh without a build', async () => {
    rmSync(infoFile);
    expect(readBuildInfo(root)).toBeNull();
    expect(await distIsFresh(root, readBuildInfo(root))).toBe(false);
  });

  it('stays fresh after a touch (same contents) and records the new stamp, keeping the hash', async () => {
    const before = readBuildInfo(root);
    utimesSync(join(sim, 'cli', 'main.ts'), 2_000_000, 2_000_000);
    expect(stampMatches(sim, before.source_stamp)).toBe(false);
    expect(await distIsFresh(root, before)).toBe(true);
    const after = readBuildInfo(root);
    expect(stampMatches(sim, after.source_stamp)).toBe(true);
    expect(after.source_hash).toBe(before.source_hash);
    expect(JSON.parse(readFileSync(infoFile, 'utf8'))).toEqual(after);
  });
});
