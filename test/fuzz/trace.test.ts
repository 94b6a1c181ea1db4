import { fc, test } from '@fast-check/vitest';
import { afterAll, describe } from 'vitest';
import { TRACE_MEMORIES, traceArb } from './arbitraries/trace.ts';
import { caseDir } from './harness/case-dir.ts';
import { CliSandbox } from './harness/cli-sandbox.ts';
import { expectClean } from './harness/expect-clean.ts';
import { fuzzParams, fuzzTimeoutMs } from './harness/fuzz-settings.ts';

/** DRAM traces with hostile lines (cycles at 10^15, addresses past 2^53, bad kinds), run by `dram` on every shipped memory. */
const sandbox = new CliSandbox();
afterAll(() => sandbox.stop());

describe('fuzz: DRAM traces', () => {
  test.prop([traceArb, fc.constantFrom(...TRACE_MEMORIES), fc.boolean()], fuzzParams(120))(
    'dram is clean on any trace',
    async (trace, memory, json) => {
      const c = caseDir({ 't.trace': trace });
      try {
        await expectClean(sandbox, ['dram', '--arch', memory, '--trace', c.path('t.trace'), ...(json ? ['--json'] : [])], trace);
      } finally {
        c.dispose();
      }
    },
    fuzzTimeoutMs(120),
  );
});
