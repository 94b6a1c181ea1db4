/**
 * `npm run bench [-- NAME…]`: takes every measurement of bench/measurements.ts (or the named
 * ones) in fresh child processes, several times each, and writes bench/results.json (median,
 * min and max of every figure, peak RSS, the machine) and the same figures as a markdown table
 * into the README's Performance section (between its bench markers). Medians, because the
 * machine may be shared: min and max show the spread.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error -- plain JavaScript module of the launcher, without type declarations
import { distIsFresh, readBuildInfo } from '../bin/dist-freshness.mjs';
import { MEASUREMENTS, type Figure } from './measurements.ts';

interface Summary {
  median: number;
  min: number;
  max: number;
  unit: string;
  better: Figure['better'];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// The whole-process figures time `bin/mmfsim.mjs`, which falls back to transpiling the
// sources through tsx when dist/ is older than them (about 0.4 s more per command): build
// first, so they time what a user gets after `npm ci`.
const root = fileURLToPath(new URL('..', import.meta.url));
if (!(await distIsFresh(root, readBuildInfo(root)))) {
  process.stderr.write('bench: dist/ is older than the sources under sim/; building it first (npm run build)\n');
  execFileSync(process.execPath, [join(root, 'bin', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const only = process.argv.slice(2);
const names = Object.keys(MEASUREMENTS).filter((n) => only.length === 0 || only.some((o) => n.includes(o)));
const results: Record<string, { title: string; repeats: number; figures: Record<string, Summary>; peak_rss_mb: number; skipped?: string }> = {};
const load0 = loadavg()[0]!;
for (const name of names) {
  const m = MEASUREMENTS[name]!;
  if (m.skip) {
    results[name] = { title: m.title, repeats: 0, figures: {}, peak_rss_mb: 0, skipped: m.skip };
    process.stderr.write(`${name}: skipped (${m.skip})\n`);
    continue;
  }
  const runs: { figures: Record<string, Figure>; peak_rss_mb: number }[] = [];
  for (let i = 0; i < m.repeats; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', new URL('measure.ts', import.meta.url).pathname, name], { encoding: 'utf8', maxBuffer: 1 << 20 });
    runs.push(JSON.parse(out.trim().split('\n').pop()!));
  }
  const figures: Record<string, Summary> = {};
  for (const key of Object.keys(runs[0]!.figures)) {
    const values = runs.map((r) => r.figures[key]!.value);
    const f = runs[0]!.figures[key]!;
    figures[key] = { median: median(values), min: Math.min(...values), max: Math.max(...values), unit: f.unit, better: f.better };
  }
  results[name] = { title: m.title, repeats: m.repeats, figures, peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)) };
  const main = Object.entries(figures)[0]!;
  process.stderr.write(`${name}: ${fmt(main[1].median)} ${main[1].unit} (${fmt(main[1].min)}–${fmt(main[1].max)}), peak RSS ${results[name].peak_rss_mb.toFixed(0)} MB\n`);
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memory_gb: totalmem() / 2 ** 30,
  node: process.version,
  load_average_at_start: load0,
  date: new Date().toISOString(),
};
if (only.length === 0) {
  writeFileSync(new URL('results.json', import.meta.url), JSON.stringify({ machine, results }, null, 1) + '\n');
  const readme = new URL('../README.md', import.meta.url);
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) writeFileSync(readme, text.slice(0, i + start.length) + '\n' + table(results, machine) + text.slice(j));
}
process.stdout.write(table(results, machine));

function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (a >= 100) return x.toFixed(0);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

function table(r: typeof results, m: typeof machine): string {
  const lines = [
    `Measured ${m.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memory_gb.toFixed(0)} GB), Node ${m.node}; load average ${m.load_average_at_start.toFixed(2)} at the start.`,
    'Median of the runs in fresh processes (min–max in brackets).',
    '',
    '| measurement | figure | median (min–max) | runs | peak RSS |',
    '|---|---|---|---|---|',
  ];
  for (const [, x] of Object.entries(r)) {
    if (x.skipped) lines.push(`| ${x.title} | skipped: ${x.skipped} | – | 0 | – |`);
    for (const [key, f] of Object.entries(x.figures)) {
      lines.push(`| ${x.title} | ${key} | ${fmt(f.median)} ${f.unit} (${fmt(f.min)}–${fmt(f.max)}) | ${x.repeats} | ${x.peak_rss_mb.toFixed(0)} MB |`);
    }
  }
  return lines.join('\n') + '\n';
}
