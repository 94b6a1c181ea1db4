/**
 * Child side of `npm run bench`: takes one measurement by name in this fresh process and
 * prints one JSON line (its figures and this process's peak RSS). `node --import tsx
 * bench/measure.ts NAME`.
 */
import { readFileSync } from 'node:fs';
import { MEASUREMENTS } from './measurements.ts';

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

const name = process.argv[2] ?? '';
const m = MEASUREMENTS[name];
if (!m) {
  process.stderr.write(`unknown measurement '${name}'; known: ${Object.keys(MEASUREMENTS).join(', ')}\n`);
  process.exit(2);
}
const figures = await m.run();
process.stdout.write(JSON.stringify({ figures, peak_rss_mb: peakRssMb() }) + '\n');
