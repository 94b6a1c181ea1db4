#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx mmfsim` works right after
// `npm ci` with no build step (no global installs, nothing to keep in sync).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
