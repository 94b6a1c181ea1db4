#!/usr/bin/env node
// The mmfsim command. It runs the compiled, bundled dist/bundle/ (built by `npm ci` through `prepare`, or
// `npm run build`) when dist/ was built from the current sources, which starts in a fraction
// of the time; otherwise (sources edited since) it runs the TypeScript directly through tsx,
// so a command never runs stale code and `npx mmfsim` works in any state of the checkout.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceHash, sourceStamp } from './source-hash.mjs';

const root = new URL('..', import.meta.url);

function distIsFresh() {
  try {
    const info = JSON.parse(readFileSync(new URL('dist/build-info.json', root), 'utf8'));
    const sim = fileURLToPath(new URL('sim', root));
    // Untouched files since the build (no file read), or else the same contents.
    return info.source_stamp === sourceStamp(sim) || info.source_hash === sourceHash(sim);
  } catch {
    return false; // not built (yet): run the sources
  }
}

let main;
if (process.env.MMFSIM_FROM_SOURCES !== '1' && distIsFresh()) {
  ({ main } = await import('../dist/bundle/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../sim/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
