import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../sim/input-error.ts';
import { formatBytes, INPUT_FILE_LIMITS, openInputFile, readInputBytes, readInputText } from '../sim/read-input-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'mmfsim-read-'));

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('the capped input reader', () => {
  it('reads a regular file whole', () => {
    const f = join(dir, 'a.yaml');
    writeFileSync(f, 'name: x\n');
    expect(readInputText(f, 'yaml')).toBe('name: x\n');
  });

  it('refuses a file over its cap, naming both sizes', () => {
    const f = join(dir, 'big.yaml');
    writeFileSync(f, 'x'.repeat(INPUT_FILE_LIMITS.yaml + 1));
    const e = errorOf(() => readInputText(f, 'yaml', 'YAML file'));
    expect(e.file).toBe(f);
    expect(e.reason).toBe(`YAML file is 256 KiB (${INPUT_FILE_LIMITS.yaml + 1} bytes); the limit is 256 KiB (docs/limits.md)`);
  });

  it('stops one byte past the cap when the size is not known in advance (procfs reports 0)', () => {
    const e = errorOf(() => readInputBytes('/proc/self/maps', 16, 'maps'));
    expect(e.reason).toMatch(/^maps is more than 16 B; the limit is 16 B/);
  });

  it.each([
    ['a directory', () => dir, /it is a directory, not a regular file/],
    ['a character device', () => '/dev/zero', /it is a character device, not a regular file/],
    [
      'a FIFO (and does not block on it)',
      () => {
        const f = join(dir, `fifo-${Math.random()}`);
        execFileSync('mkfifo', [f]);
        return f;
      },
      /it is a FIFO \(named pipe\), not a regular file/,
    ],
  ])('refuses %s by its type', (_what, path, message) => {
    const p = path();
    expect(errorOf(() => openInputFile(p, 'file')).reason).toMatch(message);
    expect(errorOf(() => readInputText(p, 'yaml')).reason).toMatch(message);
  });

  it('reports a missing file with its error code', () => {
    expect(errorOf(() => readInputText(join(dir, 'none.yaml'), 'yaml', 'YAML file')).reason).toBe('cannot read YAML file (ENOENT)');
  });

  it('formats sizes with three significant figures', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1024), formatBytes(1.5 * 2 ** 20), formatBytes(3 * 2 ** 30)]).toEqual(['0 B', '1023 B', '1.00 KiB', '1.50 MiB', '3.00 GiB']);
  });
});
