#!/usr/bin/env node
// The mmfsim command. It runs the compiled, bundled dist/bundle/ (built by `npm ci` through `prepare`, or
// `npm run build`) when dist/ was built from the current sources, which starts in a fraction
// of the time; otherwise (sources edited since) it runs the TypeScript directly through tsx,
// so a command never runs stale code and `npx mmfsim` works in any state of the checkout.
// Only what every command needs is imported here: each import is start-up time.
import { fileURLToPath } from 'node:url';
import { distIsFresh, readBuildInfo } from './dist-freshness.mjs';
import { helpCacheApplies, readHelpCache } from './help-cache.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);

async function runCli() {
  if (process.env.MMFSIM_FROM_SOURCES !== '1' && (await distIsFresh(root, readBuildInfo(root)))) {
    const help = helpCacheApplies(argv, process.stdout.columns) ? readHelpCache(root) : null;
    if (help !== null) return printHelp(help);
    const { main } = await import('../dist/bundle/main.js');
    return main(argv);
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../sim/cli/main.ts');
  return main(argv);
}

/** Prints the build's `mmfsim --help` (bin/help-cache.mjs), failing as main() would. */
function printHelp(text) {
  return new Promise((resolve) => {
    process.stderr.on('error', () => {});
    process.stdout.write(text, (e) => {
      if (!e) return resolve(0);
      process.stderr.write(`mmfsim: error: cannot write the output to stdout (${e.code ?? e.message})\n`);
      resolve(1);
    });
  });
}

process.exitCode = await runCli();
