import { test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import { checkpointArb, checkpointFiles, configJsonArb } from './arbitraries/model-dir.ts';
import { caseDir } from './harness/case-dir.ts';
import { CliSandbox } from './harness/cli-sandbox.ts';
import { exitCode, expectClean } from './harness/expect-clean.ts';
import { fuzzParams, fuzzTimeoutMs } from './harness/fuzz-settings.ts';

/**
 * Model directories: a mutated config.json (sizes, ids, types), and checkpoints whose
 * safetensors header, bytes or shard index are corrupt. `validate DIR` and `generate` answer
 * cleanly within the sandbox's time and memory; a directory `validate` accepts generates.
 */
const sandbox = new CliSandbox();
afterAll(() => sandbox.stop());

const ARCH = 'arch-configs/d5005-burst.yaml';

describe('fuzz: model directories', () => {
  test.prop([configJsonArb], fuzzParams(60))(
    'config.json: validate, generate and run are clean; validate ok means generate runs',
    async (config) => {
      const c = caseDir({ 'model/config.json': config });
      try {
        const v = await expectClean(sandbox, ['validate', c.path('model')], config);
        const g = await expectClean(sandbox, ['generate', '--model', c.path('model'), '--prompt-ids', '1', '--tokens', '2'], config, { timeoutMs: 60_000, memoryMb: 1024 });
        if (exitCode(v) === 0) expect(exitCode(g), `validate said ok, generate failed:\n${g.kind === 'exit' ? g.stderr : ''}\n${config}`).toBe(0);
        await expectClean(sandbox, ['run', '--arch', ARCH, '--model', c.path('model'), '--prompt-ids', '1', '--tokens', '1', '--timing-only'], config, { timeoutMs: 60_000, memoryMb: 1024 });
      } finally {
        c.dispose();
      }
    },
    fuzzTimeoutMs(60, 8000),
  );

  test.prop([checkpointArb], fuzzParams(80))(
    'checkpoints: validate and generate are clean; validate ok means generate runs',
    async (ckpt) => {
      const c = caseDir(checkpointFiles(ckpt));
      const what = ckpt.kind === 'sharded' ? `index: ${ckpt.index}` : ckpt.kind;
      try {
        const v = await expectClean(sandbox, ['validate', c.path('model')], what);
        const g = await expectClean(sandbox, ['generate', '--model', c.path('model'), '--prompt-ids', '1', '--tokens', '1'], what);
        if (exitCode(v) === 0) expect(exitCode(g), `validate said ok, generate failed:\n${g.kind === 'exit' ? g.stderr : ''}\n${what}`).toBe(0);
      } finally {
        c.dispose();
      }
    },
    fuzzTimeoutMs(80),
  );
});
