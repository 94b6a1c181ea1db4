// piscina's worker entry. A worker thread does not inherit the tsx loader of the thread that
// started it, so when the TypeScript sources are run (npx tsx, bin/mmfsim.mjs, vitest) this
// registers tsx before importing evaluate-point.ts; in the built package (dist/) the compiled
// evaluate-point.js sits beside this file and is imported directly.
import { existsSync } from 'node:fs';

const compiled = new URL('./evaluate-point.js', import.meta.url);
let mod;
if (existsSync(compiled)) {
  mod = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(new URL('./evaluate-point.ts', import.meta.url).href);
}
export default mod.evaluatePoint;
