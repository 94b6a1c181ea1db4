import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh temporary directory holding one case's files; `dispose` removes it. */
export function caseDir(files: Record<string, string | Uint8Array>): { dir: string; path: (name: string) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mmfsim-fuzz-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { dir, path: (name) => join(dir, name), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
