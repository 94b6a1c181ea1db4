import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoc } from '../../sim/report/run-input.ts';
import { runReport } from '../../sim/report/run-report.ts';
import { sweepReportFromDir } from '../../sim/report/sweep-report.ts';
import { paretoHashes, SWEEP_DIR, sweepLines, syntheticRun, trainedRun } from './report-fixtures.ts';

/**
 * The reports in a real browser: Debian's Chromium driven by playwright-core (never a
 * downloaded browser). Every request other than the report's own file:// load fails the test
 * (so does any console error); the scatter has one mark per point and the front equals
 * pareto.json; switching objectives redraws the axes; sorting works; tooltips appear.
 * Full-page screenshots land in reports/ for a person to look at.
 *
 * Without /usr/bin/chromium the suite is skipped — unless CI is set: in CI it must run.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && !process.env['CI']) {
  console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium); they always run when CI is set`);
}
const suite = available || process.env['CI'] ? describe : describe.skip;

const OUT = resolve('reports');
let browser: Browser;

interface Opened {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every request other than the page itself. */
  foreign: string[];
}

async function open(file: string): Promise<Opened> {
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', async (route) => {
    if (route.request().url() === url) return route.continue();
    foreign.push(route.request().url());
    return route.abort();
  });
  await page.goto(url);
  return { page, errors, foreign };
}

const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));

suite('reports in Chromium', () => {
  const files = { sweep: `${OUT}/browser-sweep.html`, run: `${OUT}/browser-run.html`, compare: `${OUT}/browser-compare.html` };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(files.sweep, sweepReportFromDir(SWEEP_DIR));
    writeFileSync(files.run, runReport([{ doc: runDoc(trainedRun()), source: 'd5005-burst' }]));
    writeFileSync(files.compare, runReport([{ doc: runDoc(trainedRun()), source: 'd5005-burst' }, { doc: runDoc(syntheticRun()), source: 'u280-hbm' }]));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sweep report: one mark per point, the front equals pareto.json, no request, no console error', async () => {
    const { page, errors, foreign } = await open(files.sweep);
    const lines = sweepLines();
    expect(await page.locator('#pareto .marks .mark').count()).toBe(lines.length);
    const front = await page.$$eval('#pareto .marks .mark.front', (els) => els.map((e) => Number(e.getAttribute('data-i'))));
    expect(front.map((i) => lines[i]!.hash).sort()).toEqual([...paretoHashes()].sort());
    await page.screenshot({ path: `${OUT}/browser-sweep.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('sweep report: switching the objectives redraws the axes, moves the marks and recomputes the front', async () => {
    const { page, errors, foreign } = await open(files.sweep);
    const xTicks = await texts(page, '#pareto .x-axis .tick text');
    const mark = page.locator('#pareto .marks .mark[data-i="0"]');
    const before = await mark.getAttribute('transform');
    await page.selectOption('#x-axis', 'tokens_per_joule');
    expect(await page.textContent('#pareto .x-title')).toBe('energy efficiency (tokens/J)');
    const after = await texts(page, '#pareto .x-axis .tick text');
    expect(after).not.toEqual(xTicks);
    expect(after.length).toBeGreaterThanOrEqual(4);
    expect(await mark.getAttribute('transform')).not.toBe(before);
    expect(await page.textContent('#front-note')).toContain('computed in the page');
    // Two "more is better" objectives: their front is the points no other beats on both.
    const lines = sweepLines().filter((l) => l.status === 'ok');
    const v = (l: (typeof lines)[number], k: string) => l.metrics[k] as number;
    const nd = lines.filter((p) => !lines.some((q) => q !== p && v(q, 'tokens_per_s') >= v(p, 'tokens_per_s') && v(q, 'tokens_per_joule') >= v(p, 'tokens_per_joule') && (v(q, 'tokens_per_s') > v(p, 'tokens_per_s') || v(q, 'tokens_per_joule') > v(p, 'tokens_per_joule'))));
    expect(await page.locator('#pareto .marks .mark.front').count()).toBe(nd.length);
    await page.selectOption('#y-axis', 'power_w.fpga_total');
    expect(await page.textContent('#pareto .y-title')).toBe('FPGA core-rail power (W)');
    // Back to the sweep's own objectives: pareto.json's front again.
    await page.selectOption('#x-axis', 'power_w.total');
    await page.selectOption('#y-axis', 'tokens_per_s');
    expect(await page.locator('#pareto .marks .mark.front').count()).toBe(paretoHashes().length);
    expect(await page.getAttribute('#pareto .marks .mark[data-i="0"]', 'transform')).toBe(before);
    // Colouring by another parameter rebuilds the colour legend.
    await page.selectOption('#colour-by', 'core.clock_mhz');
    expect(await page.textContent('#pareto .legend-colour .legend-title')).toBe('core.clock_mhz');
    expect(await page.locator('#pareto .legend-colour .legend-item').count()).toBe(new Set(sweepLines().map((l) => l.params['core.clock_mhz'])).size);
    await page.check('#fit-published');
    expect(await page.locator('#pareto .published.clamped').count()).toBe(0);
    // mmfsim's predictions move with the axes and stay joined to their published markers.
    const joins = await page.$$eval('#pareto .predicted-points .predicted', (gs) =>
      gs.map((g) => {
        const at = (e: Element) => (e.getAttribute('transform') ?? '').match(/translate\(([-\d.e]+),([-\d.e]+)\)/)!.slice(1).map(Number);
        const pub = document.querySelector(`#pareto .published-points [data-pub="${g.getAttribute('data-pred')}"]`)!;
        const l = g.querySelector('line')!;
        const [px, py] = at(g);
        const [qx, qy] = at(pub);
        return { clamped: g.classList.contains('clamped'), display: g.getAttribute('display'), dx: px! + Number(l.getAttribute('x2')) - qx!, dy: py! + Number(l.getAttribute('y2')) - qy!, label: g.textContent };
      }),
    );
    expect(joins.length).toBe(3);
    for (const j of joins) {
      expect(j).toMatchObject({ clamped: false, display: 'inline', label: 'mmfsim' });
      expect(Math.abs(j.dx) + Math.abs(j.dy)).toBeLessThan(1e-6);
    }
    await page.screenshot({ path: `${OUT}/browser-sweep-switched.png`, fullPage: false });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('sweep report: sorting the front table by a column orders its rows, both ways', async () => {
    const { page, errors } = await open(files.sweep);
    const col = await page.$$eval('table.front-table thead th', (ths) => ths.findIndex((th) => th.getAttribute('data-metric') === 'tokens_per_joule'));
    expect(col).toBeGreaterThan(0);
    const column = () => page.$$eval(`table.front-table tbody tr td:nth-child(${col + 1})`, (tds) => tds.map((td) => Number(td.getAttribute('data-v'))));
    const header = page.locator(`table.front-table thead th:nth-child(${col + 1}) button.sort`);
    await header.click();
    const desc = await column();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(await page.getAttribute(`table.front-table thead th:nth-child(${col + 1})`, 'aria-sort')).toBe('descending');
    await header.click();
    const asc = await column();
    expect(asc).toEqual([...desc].sort((a, b) => a - b));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sweep report: a tooltip with the point appears on hover and goes away after', async () => {
    const { page, errors } = await open(files.sweep);
    const i = (await page.getAttribute('#pareto .marks .mark.front', 'data-i'))!;
    const line = sweepLines()[Number(i)]!;
    await page.hover(`#pareto .marks .mark[data-i="${i}"]`);
    const tip = page.locator('#tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = (await tip.textContent())!;
    expect(text).toContain(`point ${i}`);
    expect(text).toContain(line.hash.slice(0, 16));
    expect(text).toContain('core.tmatmul.weights_per_cycle');
    // The same point is highlighted in the other charts.
    expect(await page.locator(`#parallel .pc-line.hot[data-i="${i}"]`).count()).toBe(1);
    await page.mouse.move(2, 2);
    await expect.poll(() => tip.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('run report: tooltips on bars, a sortable provenance table, no request, no console error', async () => {
    const { page, errors, foreign } = await open(files.run);
    await page.hover('svg[aria-label="Unit busy fractions"] rect.bar');
    await expect.poll(() => page.locator('#tip').isVisible()).toBe(true);
    expect(await page.textContent('#tip')).toMatch(/load_store: [\d.]+ %/);
    await page.click('details.provenance summary');
    const valueCol = page.locator('table.provenance-table thead th:nth-child(2) button.sort');
    await valueCol.click();
    const values = await page.$$eval('table.provenance-table tbody td:nth-child(2)', (tds) => tds.map((td) => td.getAttribute('data-v')).filter((v) => v !== '').map(Number));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    await page.screenshot({ path: `${OUT}/browser-run.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('the interception does catch a request (so the "no request" checks can fail)', async () => {
    const file = `${OUT}/browser-canary.html`;
    writeFileSync(file, '<!doctype html><html><body><img src="https://example.invalid/x.png"></body></html>');
    const { page, foreign } = await open(file);
    await expect.poll(() => foreign.length).toBe(1);
    expect(foreign[0]).toBe('https://example.invalid/x.png');
    await page.close();
  });

  it('comparison report: opens cleanly with the synthetic banner', async () => {
    const { page, errors, foreign } = await open(files.compare);
    expect(await page.locator('.banner.synthetic').first().isVisible()).toBe(true);
    expect(await page.locator('table.compare-table thead th').count()).toBe(3);
    await page.screenshot({ path: `${OUT}/browser-compare.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
