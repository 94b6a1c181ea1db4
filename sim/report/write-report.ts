import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where reports go unless told otherwise: reports/ under the working directory (git-ignored). */
export const REPORTS_DIR = 'reports';

/** A default file name from what the report shows: letters, digits, dots and dashes only. */
export function defaultReportPath(kind: 'sweep' | 'run' | 'compare', names: string[]): string {
  const safe = names.map((n) => n.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '')).filter(Boolean);
  const joined = safe.join('-vs-') || 'report';
  // A sweep directory named "sweep-x" gives sweep-x.html, not sweep-sweep-x.html.
  const stem = (joined.startsWith(`${kind}-`) ? joined : `${kind}-${joined}`).slice(0, 120);
  return join(REPORTS_DIR, `${stem}.html`);
}

/** Writes the page, creating its directory; returns the path written. */
export function writeReport(html: string, path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html);
  return path;
}
