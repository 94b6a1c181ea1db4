import { execFileSync } from 'node:child_process';
import { test } from '@fast-check/vitest';
import { afterAll, describe } from 'vitest';
import { argvArb } from './arbitraries/argv.ts';
import { caseDir } from './harness/case-dir.ts';
import { CliSandbox } from './harness/cli-sandbox.ts';
import { expectClean } from './harness/expect-clean.ts';
import { fuzzParams, fuzzTimeoutMs } from './harness/fuzz-settings.ts';
import { TINY_MODEL_FILES } from './harness/tiny-model.ts';

/** Command lines: any command, flags known and unknown, repeated or missing their values, any file. */
const sandbox = new CliSandbox();
afterAll(() => sandbox.stop());

describe('fuzz: command lines', () => {
  test.prop([argvArb], fuzzParams(150))(
    'every command line exits cleanly',
    async (argv) => {
      const c = caseDir(TINY_MODEL_FILES);
      try {
        execFileSync('mkfifo', [c.path('fifo')]);
        const real = argv.map((a) => (a === '@MODEL' ? c.path('model') : a === '@FIFO' ? c.path('fifo') : a === '@DIR' ? c.dir : a));
        await expectClean(sandbox, real, '');
      } finally {
        c.dispose();
      }
    },
    fuzzTimeoutMs(150),
  );
});
