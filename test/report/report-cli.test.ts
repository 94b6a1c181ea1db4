import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultReportPath } from '../../sim/report/write-report.ts';
import { cli } from '../cli/run-cli.ts';
import { dom, SWEEP_DIR, sweepLines, trainedRun } from './report-fixtures.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mmfsim-report-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('mmfsim report', () => {
  it('a sweep directory gives the sweep report at --out, and prints its path', async () => {
    const out = join(tmp, 'sweep.html');
    const { code, stdout, stderr } = await cli(['report', SWEEP_DIR, '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe(`report written: ${out}\n`);
    expect(dom(readFileSync(out, 'utf8')).querySelectorAll('#pareto .marks .mark').length).toBe(sweepLines().length);
  });

  it('run results give the run report, several of them a comparison; --json prints one object', async () => {
    const a = join(tmp, 'a.json');
    writeFileSync(a, JSON.stringify(trainedRun()));
    const one = await cli(['report', a, '--out', join(tmp, 'one.html'), '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({ report: join(tmp, 'one.html'), kind: 'run', inputs: [a] });
    const two = await cli(['report', a, a, '--out', join(tmp, 'two.html')]);
    expect(two.code, two.stderr).toBe(0);
    expect(dom(readFileSync(join(tmp, 'two.html'), 'utf8')).querySelectorAll('section.run-detail').length).toBe(2);
  });

  it('bad input: one line naming the file or what is missing, exit 2', async () => {
    const notRun = join(tmp, 'not-a-run.json');
    writeFileSync(notRun, '{"arch": "x"}');
    const cases: [string[], RegExp][] = [
      [['report'], /name a sweep directory or one or more run result files/],
      [['report', join(tmp, 'missing.json')], /missing\.json: cannot read/],
      [['report', notRun], /not-a-run\.json: model: not a run result/],
      [['report', SWEEP_DIR, SWEEP_DIR], /a sweep report takes one directory/],
      [['report', SWEEP_DIR, '--colour', 'x'], /unknown option --colour/],
    ];
    for (const [argv, want] of cases) {
      const { code, stderr } = await cli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).toMatch(want);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('default paths go under reports/, named after what they show', () => {
    expect(defaultReportPath('run', ['d5005-burst'])).toBe(join('reports', 'run-d5005-burst.html'));
    expect(defaultReportPath('compare', ['a', 'b c'])).toBe(join('reports', 'compare-a-vs-b-c.html'));
    expect(defaultReportPath('sweep', ['sweep-370m'])).toBe(join('reports', 'sweep-370m.html'));
  });
});

describe('mmfsim run --report', () => {
  it('writes the run report next to the JSON (path on stderr, stdout still exactly one JSON object)', async () => {
    const out = join(tmp, 'run.html');
    const { code, stdout, stderr } = await cli(['run', '--arch', 'arch-configs/d5005-burst.yaml', '--tokens', '2', '--json', '--report', out]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(stderr).toContain(`report written: ${out}`);
    const doc = dom(readFileSync(out, 'utf8'));
    expect(doc.querySelector('h1')!.textContent).toBe(`Run report: ${result.arch}`);
    expect(doc.querySelector('.text-out')!.textContent).toBe(result.text);
  });

  it('without a file name writes reports/run-<arch>.html and prints the path last', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmp, 'cwd-'));
    process.chdir(dir);
    try {
      const { code, stdout, stderr } = await cli(['run', '--arch', join(cwd, 'arch-configs/d5005-burst.yaml'), '--tokens', '1', '--report']);
      expect(code, stderr).toBe(0);
      expect(stdout.trimEnd().split('\n').at(-1)).toBe(`report written: ${join('reports', 'run-d5005-burst.html')}`);
      expect(existsSync(join(dir, 'reports', 'run-d5005-burst.html'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });
});
