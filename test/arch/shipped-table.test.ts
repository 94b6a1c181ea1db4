import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadShippedTable } from '../../sim/arch/yaml-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'mmfsim-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const Schema = z.object({ name: z.string(), lanes: z.number().int().positive() }).strict();

describe('loadShippedTable (data tables compiled to JSON by the build)', () => {
  it('reads the YAML when there is no compiled copy', () => {
    const f = join(dir, 'a.yaml');
    writeFileSync(f, 'name: yaml\nlanes: 4\n');
    expect(loadShippedTable(f, Schema)).toEqual({ name: 'yaml', lanes: 4 });
  });

  it('prefers a compiled copy that validates', () => {
    const f = join(dir, 'b.yaml');
    writeFileSync(f, 'name: yaml\nlanes: 4\n');
    writeFileSync(`${f}.json`, JSON.stringify({ name: 'json', lanes: 8 }));
    expect(loadShippedTable(f, Schema)).toEqual({ name: 'json', lanes: 8 });
  });

  it('falls back to the YAML (and its line:column errors) when the copy does not validate', () => {
    const f = join(dir, 'c.yaml');
    writeFileSync(f, 'name: yaml\nlanes: -1\n');
    writeFileSync(`${f}.json`, JSON.stringify({ name: 'json', lanes: 'eight' }));
    expect(() => loadShippedTable(f, Schema)).toThrow(/c\.yaml:2:\d+/);
  });

  it("dist/'s compiled copies hold exactly their YAML's data", () => {
    const dist = new URL('../../dist/', import.meta.url).pathname;
    if (!existsSync(dist)) return; // not built: nothing to compare (package-exports.test.ts requires a build)
    const copies = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.yaml.json'));
    expect(copies.length).toBeGreaterThan(0);
    for (const e of copies) {
      const json = join(e.parentPath, e.name);
      expect(JSON.parse(readFileSync(json, 'utf8')), json).toEqual(parse(readFileSync(json.slice(0, -'.json'.length), 'utf8')));
    }
  });
});
