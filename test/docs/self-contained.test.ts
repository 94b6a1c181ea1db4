import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReferences, githubAnchor, headingsOf, textFilesUnder, type ReferenceProblem } from './doc-references.ts';

/**
 * The repository explains itself: every document, section and path a file names is inside
 * the checkout. Design notes that lived outside it (the shared notes folder) were brought
 * into docs/; this test keeps anything from pointing back out.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const THIS_FILE = fileURLToPath(import.meta.url);

/** What is checked: the code, its tests and benches, the docs, the shipped data, the entry points. */
const SCANNED = ['README.md', 'package.json', 'sim', 'test', 'bench', 'docs', 'arch-configs', 'models', 'bin', '.ci'];

/**
 * Cited documents being written in parallel with this test. A citation of one is accepted
 * only while the file does not exist; once it does, its entry must go so its citations and
 * sections are checked like any other (the last test below enforces that).
 */
const PENDING = new Map<string, string>();

function describeProblems(problems: ReferenceProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join('\n');
}

describe('the repository is self-contained', () => {
  // This file is left out: its examples below are deliberately bad references.
  const files = textFilesUnder(ROOT, SCANNED).filter((f) => f !== THIS_FILE);

  it('scans the code, tests, benches, docs and shipped configs', () => {
    const rel = new Set(files.map((f) => relative(ROOT, f)));
    for (const f of ['README.md', 'docs/paper-core.md', 'docs/model-spec.md', 'docs/memory-and-power.md', 'sim/isa/encoding.ts', 'arch-configs/d5005-paper.yaml', 'test/docs/doc-references.ts']) {
      expect(rel.has(f), f).toBe(true);
    }
    expect(files.length).toBeGreaterThan(200);
  });

  it('names no document, section or path outside the repository', () => {
    const problems = files.flatMap((f) => checkReferences(readFileSync(f, 'utf8'), f, ROOT, { pending: PENDING }));
    expect(problems, describeProblems(problems)).toEqual([]);
  });

  it('cites the design notes by their docs/ path wherever code cites them', () => {
    // A bare "paper-core.md" resolves, but a reader of a source file should see where it is.
    const bare = /(?<![\w./-])(paper-core|model-spec|memory-and-power)\.md/g;
    const offenders = files
      .filter((f) => !relative(ROOT, f).startsWith('docs/'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(bare)].map((m) => `${relative(ROOT, f)}: ${m[0]}`));
    expect(offenders).toEqual([]);
  });

  it('keeps a pending document pending only while it does not exist', () => {
    for (const [name, path] of PENDING) {
      expect(existsSync(join(ROOT, path)), `${path} now exists: remove "${name}" from PENDING so its citations are checked`).toBe(false);
    }
  });
});

describe('the reference checker', () => {
  // A scratch repository with one document, so every rule is seen to reject what it should.
  const root = mkdtempSync(join(tmpdir(), 'mmfsim-docs-'));
  mkdirSync(join(root, 'docs'));
  mkdirSync(join(root, 'sim'));
  writeFileSync(join(root, 'docs', 'notes.md'), '# Notes\n\n## Bugs in the RTL\n\n## Compiler (`sim/compiler/`)\n\n```yaml\n# not a heading\n```\n');
  const source = join(root, 'sim', 'a.ts');
  // A document cited before it is written (none in the repository now; the mechanism is checked here).
  const pendingForTest = new Map([['architecture.md', 'docs/architecture.md']]);
  const check = (text: string, file = source) => checkReferences(text, file, root, { pending: pendingForTest }).map((p) => p.reason);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('accepts documents that exist, by repository path, bare name or relative link', () => {
    expect(check('// (docs/notes.md) and notes.md')).toEqual([]);
    expect(check('see [notes](notes.md)', join(root, 'docs', 'other.md'))).toEqual([]);
    expect(check('# $schema=../docs/notes.md')).toEqual([]);
  });

  it('rejects a document that is not in the repository', () => {
    expect(check('// (docs/missing.md, "Intro")')).toEqual([expect.stringContaining('cites "docs/missing.md", which is not in the repository')]);
  });

  it('rejects absolute paths, workspace paths, the shared notes and paths that climb out', () => {
    expect(check('see /work/shared/docs/model-spec.md')).toEqual(
      expect.arrayContaining([
        expect.stringContaining('workspace directory'),
        expect.stringContaining('shared design-notes folder'),
        expect.stringContaining('absolute path to a document'),
      ]),
    );
    expect(check("import x from '../../../outside/x.ts';")).toEqual([expect.stringContaining('leads outside the repository')]);
    expect(check('notes in ../shared/docs/paper-core.md')).toEqual(expect.arrayContaining([expect.stringContaining('shared design-notes folder')]));
    expect(check('open /home/someone/notes.txt')).toEqual([expect.stringContaining('home directory')]);
  });

  it('checks a cited section or anchor against the headings of the document', () => {
    expect(check('(docs/notes.md, "Bugs in the RTL")')).toEqual([]);
    expect(check('(docs/notes.md,\n * "Bugs in the RTL")')).toEqual([]);
    expect(check('docs/notes.md ("Compiler")')).toEqual([]);
    expect(check('[x](notes.md#bugs-in-the-rtl)', join(root, 'docs', 'other.md'))).toEqual([]);
    expect(check('(docs/notes.md, "Bugs in the FPGA")')).toEqual([expect.stringContaining('section "Bugs in the FPGA"')]);
    expect(check('(docs/notes.md, "not a heading")')).toEqual([expect.stringContaining('no such heading')]);
    expect(check('[x](notes.md#bugs)', join(root, 'docs', 'other.md'))).toEqual([expect.stringContaining('no heading with that anchor')]);
  });

  it('does not check URLs, which are external by design', () => {
    expect(check('https://github.com/umd-memsys/DRAMsim3/blob/master/README.md and https://example.org/work/x')).toEqual([]);
  });

  it('accepts a pending document only while it is missing', () => {
    expect(check('(architecture.md, "Two kinds of truth")')).toEqual([]);
    writeFileSync(join(root, 'docs', 'architecture.md'), '# Architecture\n');
    expect(check('(architecture.md, "Two kinds of truth")')).toEqual([expect.stringContaining('section "Two kinds of truth"')]);
  });

  it('derives GitHub anchors and heading titles as GitHub shows them', () => {
    expect(githubAnchor('Energy (`sim/power/dram-energy.ts`)')).toBe('energy-simpowerdram-energyts');
    expect(githubAnchor('DDR4-2400, 8 Gb x8')).toBe('ddr4-2400-8-gb-x8');
    const h = headingsOf('# A\n## Compiler (`sim/compiler/`)\n```\n# fenced\n```\n');
    expect([...h.titles].sort()).toEqual(['a', 'compiler', 'compiler (sim/compiler/)']);
  });
});
