import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InputError } from '../input-error.ts';
import { defaultReportPath, readRunFile, readSweepDir, runReport, sweepReport, writeReport } from '../report/index.ts';
import { defineCommand } from './command.ts';

/** `mmfsim report DIR | RESULT.json… [--out FILE.html]`: a sweep's report, or one run's, or several compared. */
export const reportCommand = defineCommand({
  name: 'report',
  describe: 'Write a self-contained HTML report: of a sweep directory, of a run (run --json output), or comparing several runs',
  // Registered by bare name, so the inputs are read from `_` (strict mode would reject them).
  builder: (y) =>
    y
      .usage('$0 report SWEEP_DIR | RESULT.json… [--out FILE.html]')
      .option('out', { type: 'string', describe: 'The HTML file to write (default: reports/<sweep|run|compare>-<name>.html)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print {"report": PATH, "kind": …} on stdout' })
      .strict(false),
  run: (args) => {
    const inputs = ((args as { _?: (string | number)[] })._ ?? []).slice(1).map(String);
    const unknown = Object.keys(args).filter((k) => !['_', '$0', 'help', 'h', 'out', 'json'].includes(k));
    if (unknown.length > 0) throw new InputError(`unknown option --${unknown[0]}`, { key: 'report' });
    if (inputs.length === 0) throw new InputError('name a sweep directory or one or more run result files (mmfsim run --json > run.json)', { key: 'report' });
    if (args.out !== undefined && args.out.trim() === '') throw new InputError('--out needs a file name', { key: 'out' });
    const dirs = inputs.filter((f) => isDirectory(f));
    let html: string;
    let kind: 'sweep' | 'run' | 'compare';
    let names: string[];
    if (dirs.length > 0) {
      if (inputs.length > 1) throw new InputError(`a sweep report takes one directory; got ${inputs.length} inputs`, { file: dirs[0] });
      const sweep = readSweepDir(inputs[0]!);
      html = sweepReport(sweep);
      kind = 'sweep';
      names = [basename(resolve(inputs[0]!))];
    } else {
      const runs = inputs.map((f) => ({ doc: readRunFile(f), source: f }));
      html = runReport(runs);
      kind = runs.length === 1 ? 'run' : 'compare';
      names = runs.map((r) => r.doc.arch);
    }
    const path = writeReport(html, args.out ?? defaultReportPath(kind, names));
    if (args.json) process.stdout.write(JSON.stringify({ report: path, kind, inputs }) + '\n');
    else process.stdout.write(`report written: ${path}\n`);
    return 0;
  },
});

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
