import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';

/**
 * Checks that a text names nothing outside the repository: no document that is not in it,
 * no section a cited document does not have, no path that leaves the checkout. A reader of
 * the repository alone must be able to follow every reference.
 *
 * What counts as a reference:
 * - a `*.md` name (`docs/paper-core.md`, the bare file name, or relative with `../`): it
 *   must resolve, from the file's folder, the repository root or `docs/`, to a file inside
 *   the repository;
 * - a section named right after it — `docs/paper-core.md, "Bugs in the RTL"`, the same in
 *   parentheses, or a link `docs/paper-core.md#bugs-in-the-rtl` — which must be one of its
 *   headings (a trailing parenthetical of the heading may be left out: "Compiler" cites
 *   `## Compiler (`sim/compiler/`)`);
 * - a relative path with `../`, which must stay inside the repository;
 * - the shared design-notes folder and user or workspace directories, which are never part
 *   of a checkout.
 * URLs (`https://…`) are external by design and are not checked.
 */

export interface ReferenceProblem {
  file: string;
  line: number;
  reason: string;
}

export interface CheckOptions {
  /**
   * Documents that are cited but written elsewhere in flight, by bare name → repository path
   * (e.g. `architecture.md` → `docs/architecture.md`). A citation of one is accepted, without
   * a section check, only while the file does not exist.
   */
  pending?: ReadonlyMap<string, string>;
}

/** Paths that point into the machine the repository was written on, never into a checkout. */
const OUTSIDE_PATHS: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /\/work\//g, what: 'a workspace directory' },
  { pattern: /\.\.\/shared\b/g, what: 'the shared design-notes folder' },
  { pattern: /\bshared\/docs\b/g, what: 'the shared design-notes folder' },
  { pattern: /(?<![\w.])\/(?:home|Users)\/\w/g, what: 'a home directory' },
];

const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s)"'`<>\]]+/gi;
const MD_NAME = /(?<![\w./@-])((?:(?:\.{1,2}\/)+|\/)?[\w@-][\w.@-]*(?:\/[\w.@-]+)*\.md)(?![\w-])/g;
const PARENT_PATH = /(?<![\w./@-])((?:\.\.\/)+[\w.@+-]*(?:\/[\w.@+-]+)*)/g;
/** After a document name: an optional `#anchor`, a closing `)`/`]`, then `, "Section"` or `("Section")`. */
const SECTION_AFTER = /^(?:#([\w-]+))?[)\]]?(?:(?:,\s*|\s*\(\s*)(["'])([^"'\n]{2,160})\2)?/;

export function checkReferences(text: string, file: string, root: string, options: CheckOptions = {}): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  // URLs are blanked, not removed, so offsets and line numbers stay true.
  const scanned = text.replace(URL, (u) => ' '.repeat(u.length));
  const lineOf = (offset: number) => scanned.slice(0, offset).split('\n').length;
  const rel = relative(root, file);
  const report = (offset: number, reason: string) => problems.push({ file: rel, line: lineOf(offset), reason });

  for (const { pattern, what } of OUTSIDE_PATHS) {
    for (const m of scanned.matchAll(pattern)) report(m.index, `names ${what}: "${contextAt(scanned, m.index)}"`);
  }

  for (const m of scanned.matchAll(PARENT_PATH)) {
    const target = resolve(dirname(file), m[1]!);
    if (!isInside(root, target)) report(m.index, `path "${m[1]}" leads outside the repository`);
  }

  for (const m of scanned.matchAll(MD_NAME)) {
    const name = m[1]!;
    if (name.startsWith('/')) {
      report(m.index, `absolute path to a document: "${name}"`);
      continue;
    }
    const pendingPath = options.pending?.get(name.split('/').pop()!);
    const target = resolveDocument(name, file, root);
    if (target === null) {
      if (pendingPath !== undefined && !existsSync(join(root, pendingPath))) continue;
      report(m.index, `cites "${name}", which is not in the repository (looked in ${relative(root, dirname(file)) || '.'}/, the root and docs/)`);
      continue;
    }
    if (target === 'outside') {
      report(m.index, `cites "${name}", which resolves outside the repository`);
      continue;
    }
    const after = continuationJoined(scanned.slice(m.index + name.length, m.index + name.length + 240));
    const s = SECTION_AFTER.exec(after);
    const anchor = s?.[1];
    const section = s?.[3];
    if (anchor === undefined && section === undefined) continue;
    const headings = headingsOf(readFileSync(target, 'utf8'));
    if (anchor !== undefined && !headings.anchors.has(anchor)) {
      report(m.index, `cites "${name}#${anchor}", but ${relative(root, target)} has no heading with that anchor`);
    }
    if (section !== undefined && !headings.titles.has(normaliseTitle(section))) {
      report(m.index, `cites section "${section}" of ${relative(root, target)}, which has no such heading`);
    }
  }
  return problems;
}

/** The existing file a cited name means, `'outside'` if it leaves the repository, or null. */
function resolveDocument(name: string, file: string, root: string): string | 'outside' | null {
  let leftRepository = false;
  for (const base of [dirname(file), root, join(root, 'docs')]) {
    const candidate = resolve(base, name);
    if (!isInside(root, candidate)) {
      leftRepository = true;
      continue;
    }
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return leftRepository ? 'outside' : null;
}

function isInside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !r.startsWith('/'));
}

/** A comment or YAML line break inside a citation (name, line break, `* "Heading"`) reads as one space. */
function continuationJoined(s: string): string {
  return s.replace(/\s*\n\s*(?:\*(?!\/)|\/\/|#(?!#))?\s*/g, ' ');
}

function contextAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? undefined : end).trim().slice(0, 120);
}

export interface Headings {
  /** Normalised heading texts, each also without a trailing parenthetical. */
  titles: Set<string>;
  /** GitHub-style anchors of the headings. */
  anchors: Set<string>;
}

export function headingsOf(markdown: string): Headings {
  const titles = new Set<string>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const h = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (h === null) continue;
    const title = h[1]!;
    titles.add(normaliseTitle(title));
    titles.add(normaliseTitle(title.replace(/\s*\([^()]*\)\s*$/, '')));
    anchors.add(githubAnchor(title));
  }
  return { titles, anchors };
}

function normaliseTitle(title: string): string {
  return title.replace(/`/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
export function githubAnchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

const TEXT_EXTENSIONS = new Set(['', '.ts', '.mts', '.js', '.mjs', '.cjs', '.json', '.md', '.yaml', '.yml', '.tmi', '.trace', '.txt', '.sh']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist']);

/** Every text file under the given repository paths (files or folders), sorted. */
export function textFilesUnder(root: string, paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIPPED_DIRECTORIES.has(entry)) walk(join(path, entry));
    } else if (st.isFile() && TEXT_EXTENSIONS.has(extname(path)) && st.size <= 1 << 20) {
      out.push(path);
    }
  };
  for (const p of paths) if (existsSync(join(root, p))) walk(join(root, p));
  return out.sort();
}
