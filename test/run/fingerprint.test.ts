import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';

/**
 * Every shipped design's observable results, pinned: cycles, tokens, stalls, DRAM traffic
 * and commands, power and feasibility. A refactor or a speed-up of the timing model must
 * leave every figure here unchanged; a deliberate model change rewrites the fixture with
 * `MMFSIM_WRITE_FINGERPRINTS=1 npx vitest run test/run/fingerprint.test.ts` and says why
 * in its commit. Simulator internals (events, fast-forward counters, wall time) are not
 * results and are left out.
 */
const FIXTURE = new URL('../fixtures/fingerprints.json', import.meta.url);
const WRITE = process.env['MMFSIM_WRITE_FINGERPRINTS'] === '1';

const shipped = [
  ...readdirSync('arch-configs').filter((f) => f.endsWith('.yaml')).sort(),
  // The published designs (docs/published.md), by their path under arch-configs/.
  ...readdirSync('arch-configs/published').filter((f) => f.endsWith('.yaml')).sort().map((f) => `published/${f}`),
];
const cases: { name: string; argv: string[] }[] = [
  // The bundled trained model with values: tokens, fidelity and every timing figure.
  ...shipped.map((f) => ({ name: `${f} pycode-tiny`, argv: ['--arch', `arch-configs/${f}`, '--prompt-ids', '100,101,102', '--tokens', '2'] })),
  // A published shape (synthetic weights), timing only: DRAM-bound streaming at scale.
  ...['d5005-burst.yaml', 'u280-hbm.yaml'].map((f) => ({ name: `${f} mmfreelm-370m`, argv: ['--arch', `arch-configs/${f}`, '--model', 'models/mmfreelm-370m', '--tokens', '1', '--timing-only'] })),
];

function fingerprint(o: Record<string, any>) {
  return {
    cycles: o.cycles,
    cycles_per_token: o.cycles_per_token.per_token,
    prefill_cycles: o.prefill.cycles,
    ids: o.sequences.map((s: { ids: number[] | null }) => s.ids),
    stall_cycles: o.stall_cycles,
    unit_busy_fraction: o.unit_busy_fraction,
    ddr: { bytes_read: o.ddr.bytes_read, bytes_written: o.ddr.bytes_written, reads: o.ddr.reads, writes: o.ddr.writes, commands: o.ddr.commands },
    arbiter: o.arbiter,
    fidelity: o.fidelity,
    feasible: o.feasible,
    resources: o.resources,
    power_w: o.power_w,
    tokens_per_joule: o.tokens_per_joule,
    // Several boards: the layer split and what crossed the link (absent with one board).
    ...(o.boards ? { boards: o.boards } : {}),
  };
}

describe('shipped designs give the same results as pinned', () => {
  const pinned: Record<string, unknown> = WRITE ? {} : JSON.parse(readFileSync(FIXTURE, 'utf8'));
  it.each(cases)('$name', async ({ name, argv }) => {
    const { code, stdout, stderr } = await cli(['run', ...argv, '--json']);
    expect(code, stderr).toBe(0);
    const fp = fingerprint(JSON.parse(stdout));
    if (WRITE) pinned[name] = fp;
    else expect(fp).toEqual(pinned[name]);
  });
  if (WRITE) it('writes the fixture', () => writeFileSync(FIXTURE, JSON.stringify(pinned, null, 1) + '\n'));
  it('pins every shipped design', () => {
    if (!WRITE) expect(Object.keys(pinned).sort()).toEqual(cases.map((c) => c.name).sort());
  });
});
