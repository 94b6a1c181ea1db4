// `mmfsim --help` without loading the CLI. yargs renders the help text (the commands'
// descriptions, wrapped) in about as long as loading it takes, and neither depends on
// anything but the sources: the build runs the bundled CLI once with `--help` and keeps what
// it printed in dist/cli-help.txt, a cache of yargs' own output (test/bin/help-cache.test.ts
// checks it equals what the sources print). bin/mmfsim.mjs serves it only while dist/ is
// fresh, and only where yargs would print the same text: the exact argument `--help` or
// `-h`, on an output as wide as the one it was rendered for.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * sim/cli/main.ts wraps help at min(100, the terminal's columns), or 100 when stdout is not a
 * terminal (how the build renders it): the cache holds for any output at least this wide.
 */
export const HELP_CACHE_WIDTH = 100;

const FILE = ['dist', 'cli-help.txt'];

/** Whether yargs would print the cached text for these arguments on this output. */
export function helpCacheApplies(argv, columns) {
  return argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h') && (columns === undefined || columns >= HELP_CACHE_WIDTH);
}

/** The cached `mmfsim --help` output of the build at `root`, or null. */
export function readHelpCache(root) {
  try {
    return readFileSync(join(root, ...FILE), 'utf8');
  } catch {
    return null;
  }
}

/** Renders `mmfsim --help` with the bundled CLI (in a child: stdout a pipe) and caches it. */
export async function writeHelpCache(root) {
  const { execFileSync } = await import('node:child_process'); // build only: not on the --help path
  const bundle = pathToFileURL(join(root, 'dist', 'bundle', 'main.js')).href;
  const script = `const { main } = await import(${JSON.stringify(bundle)}); process.exitCode = await main(['--help']);`;
  const text = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  writeFileSync(join(root, ...FILE), text);
}
