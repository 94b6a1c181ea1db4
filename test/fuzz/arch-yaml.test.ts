import { test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import { archYamlArb, randomYamlArb } from './arbitraries/arch-yaml.ts';
import { caseDir } from './harness/case-dir.ts';
import { CliSandbox } from './harness/cli-sandbox.ts';
import { exitCode, expectClean } from './harness/expect-clean.ts';
import { fuzzParams, fuzzTimeoutMs } from './harness/fuzz-settings.ts';
import { TINY_MODEL_FILES } from './harness/tiny-model.ts';

/**
 * Architecture and memory-only YAML, mutated from the shipped files or built at random:
 * `validate` answers cleanly, and when it says "ok" the file runs (`run` on a tiny model, or
 * `dram` on a shipped trace for a memory-only file): validation is a promise.
 */
const sandbox = new CliSandbox();
afterAll(() => sandbox.stop());

const TRACE = 'arch-configs/memory/seq-read-1k.trace';

describe('fuzz: arch YAML', () => {
  test.prop([archYamlArb], fuzzParams(100))(
    'mutated shipped files: validate is clean, and ok means it runs',
    async ({ memoryOnly, text }) => {
      const c = caseDir({ 'arch.yaml': text, ...TINY_MODEL_FILES });
      try {
        // A full arch is validated with the model it will run (what needs both is checked too).
        const v = await expectClean(sandbox, ['validate', c.path('arch.yaml'), ...(memoryOnly ? [] : ['--model', c.path('model')])], text);
        if (exitCode(v) !== 0) return;
        const argv = memoryOnly ? ['dram', '--arch', c.path('arch.yaml'), '--trace', TRACE] : ['run', '--arch', c.path('arch.yaml'), '--model', c.path('model'), '--tokens', '1', '--prompt-ids', '1'];
        const r = await expectClean(sandbox, argv, text);
        expect(exitCode(r), `validate said ok, then ${argv[0]} failed:\n${r.kind === 'exit' ? r.stderr : ''}\n${text}`).toBe(0);
      } finally {
        c.dispose();
      }
    },
    fuzzTimeoutMs(100, 4000),
  );

  test.prop([randomYamlArb], fuzzParams(30))(
    'random structure: validate is clean',
    async (text) => {
      const c = caseDir({ 'arch.yaml': text });
      try {
        await expectClean(sandbox, ['validate', c.path('arch.yaml')], text);
      } finally {
        c.dispose();
      }
    },
    fuzzTimeoutMs(30),
  );
});
