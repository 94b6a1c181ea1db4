import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { format } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error: a plain .mjs helper without declarations
import { helpCacheApplies, readHelpCache } from '../../bin/help-cache.mjs';
import { cli } from '../cli/run-cli.ts';

// The build keeps `mmfsim --help` as the bundled CLI printed it (dist/cli-help.txt) and
// bin/mmfsim.mjs serves it without loading yargs. It is a cache: it must equal what the
// current sources print, wherever bin/mmfsim.mjs would serve it.
const ROOT = resolve('.');

async function helpAt(columns: number | undefined, argv = ['--help']): Promise<string> {
  const had = Object.getOwnPropertyDescriptor(process.stdout, 'columns');
  Object.defineProperty(process.stdout, 'columns', { value: columns, configurable: true, writable: true });
  // yargs prints help with console.log, which vitest intercepts before process.stdout.
  let logged = '';
  vi.spyOn(console, 'log').mockImplementation((...args) => void (logged += format(...args) + '\n'));
  try {
    const { code, stdout } = await cli(argv);
    expect(code).toBe(0);
    return stdout + logged;
  } finally {
    vi.restoreAllMocks();
    if (had) Object.defineProperty(process.stdout, 'columns', had);
    else delete (process.stdout as { columns?: number }).columns;
  }
}

describe('the cached `mmfsim --help` (bin/help-cache.mjs)', () => {
  const cached = readHelpCache(ROOT);

  it('exists in the build (npm run build)', () => {
    expect(cached).toEqual(expect.stringContaining('Commands:'));
  });

  it.each([undefined, 100, 101, 180])('equals what the sources print on an output %s columns wide, where it is served', async (columns) => {
    expect(helpCacheApplies(['--help'], columns)).toBe(true);
    expect(await helpAt(columns)).toBe(cached);
    expect(await helpAt(columns, ['-h'])).toBe(cached);
  });

  it('is not served where yargs wraps narrower', async () => {
    expect(helpCacheApplies(['--help'], 60)).toBe(false);
    expect(await helpAt(60)).not.toBe(cached);
  });

  it('is served for the bare --help or -h only, not for a command\'s help or other arguments', () => {
    expect(helpCacheApplies(['-h'], undefined)).toBe(true);
    expect(helpCacheApplies(['run', '--help'], undefined)).toBe(false);
    expect(helpCacheApplies(['--help', 'run'], undefined)).toBe(false);
    expect(helpCacheApplies(['--help', '--json'], undefined)).toBe(false);
    expect(helpCacheApplies([], undefined)).toBe(false);
    expect(helpCacheApplies(['help'], undefined)).toBe(false);
  });

  it('is what `mmfsim --help` prints, exit code 0', () => {
    const out = execFileSync(process.execPath, [resolve(ROOT, 'bin', 'mmfsim.mjs'), '--help'], { encoding: 'utf8' });
    expect(out).toBe(cached);
  });
});
