import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper without declarations
import { sourceHash } from '../../bin/source-hash.mjs';
import { cli } from '../cli/run-cli.ts';

const ROOT = resolve('.');
const scratch = mkdtempSync(join(tmpdir(), 'mmfsim-scratch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("import { simulate } from 'mmfsim'", () => {
  it('dist/ is built from the current sources (npm ci builds it; after editing sim/, npm run build)', () => {
    const info = JSON.parse(readFileSync('dist/build-info.json', 'utf8'));
    expect(info.source_hash, 'dist/ is stale: run npm run build').toBe(sourceHash(join(ROOT, 'sim')));
  });

  it('works from a scratch project that installs the checkout, and equals run --json', async () => {
    // What `npm install /path/to/mmfsim` makes: a link in node_modules. Node resolves the
    // package through its `exports`, so this checks the published entry point itself.
    mkdirSync(join(scratch, 'node_modules'));
    symlinkSync(ROOT, join(scratch, 'node_modules', 'mmfsim'), 'dir');
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
    const arch = join(ROOT, 'arch-configs', 'd5005-4ch.yaml');
    writeFileSync(
      join(scratch, 'main.mjs'),
      `import { simulate, loadModel, BUNDLED_MODEL_DIR } from 'mmfsim';\n` +
        `const model = loadModel(BUNDLED_MODEL_DIR);\n` +
        `const r = simulate({ arch: ${JSON.stringify(arch)}, model, promptIds: [100, 101, 102], tokens: 2 });\n` +
        `process.stdout.write(JSON.stringify(r));\n`,
    );
    const lib = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: scratch, encoding: 'utf8' }));
    const { code, stdout } = await cli(['run', '--arch', arch, '--prompt-ids', '100,101,102', '--tokens', '2', '--json']);
    expect(code).toBe(0);
    const fromCli = JSON.parse(stdout);
    expect(lib.ids).toEqual(fromCli.ids);
    expect({ ...lib, wall_s: 0 }).toEqual({ ...fromCli, wall_s: 0 });
  });
});
