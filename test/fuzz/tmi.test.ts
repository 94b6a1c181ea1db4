import { fc, test } from '@fast-check/vitest';
import { afterAll, describe } from 'vitest';
import { execFlagsArb, tmiArb } from './arbitraries/tmi.ts';
import { caseDir } from './harness/case-dir.ts';
import { CliSandbox } from './harness/cli-sandbox.ts';
import { expectClean } from './harness/expect-clean.ts';
import { fuzzParams, fuzzTimeoutMs } from './harness/fuzz-settings.ts';

/** `.tmi` programs, generated from the instruction grammar or mutated from the paper's block, run by `exec`. */
const sandbox = new CliSandbox();
afterAll(() => sandbox.stop());

/** The archs programs run on: the RTL testbench (fixed memory) mostly, the DDR4 board build sometimes. */
const archArb = fc.oneof({ weight: 3, arbitrary: fc.constant('arch-configs/paper-rtl-testbench.yaml') }, { weight: 1, arbitrary: fc.constant('arch-configs/d5005-paper.yaml') });

describe('fuzz: .tmi programs', () => {
  test.prop([tmiArb, execFlagsArb, archArb], fuzzParams(120))(
    'exec is clean on any program and flags',
    async (program, flags, arch) => {
      const c = caseDir({ 'p.tmi': program });
      try {
        await expectClean(sandbox, ['exec', '--arch', arch, '--program', c.path('p.tmi'), ...flags], program);
      } finally {
        c.dispose();
      }
    },
    fuzzTimeoutMs(120),
  );
});
