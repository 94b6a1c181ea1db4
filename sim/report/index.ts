/**
 * The HTML reports (docs/report.md): one self-contained file each, charts rendered here with
 * d3 to SVG. `mmfsim report` and `mmfsim run --report` are thin shells over these.
 */
export { sweepReport, sweepReportFromDir } from './sweep-report.ts';
export { readSweepDir, type SweepInput, type SweepPoint } from './sweep-input.ts';
export { runReport, type NamedRun } from './run-report.ts';
export { readRunFile, runDoc, type RunDoc } from './run-input.ts';
export { defaultReportPath, writeReport, REPORTS_DIR } from './write-report.ts';
export { PUBLISHED_POINTS, type PublishedPoint } from './published-points.ts';
