#!/usr/bin/env node
// Compiles sim/ to dist/ (JavaScript + declarations) for the package's `exports` and for a
// fast-starting CLI, and copies the data files the modules read beside themselves (device
// catalogue, cost and power coefficient tables). Run by `npm ci` through `prepare`.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { writeHelpCache } from './help-cache.mjs';
import { sourceHash } from './source-hash.mjs';
import { sourceStamp } from './source-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// What dist/ is built from, taken before compiling: a source edited during the build then
// differs from both records, so bin/mmfsim.mjs runs the sources (bin/dist-freshness.mjs).
const sourceStampBefore = sourceStamp(`${root}sim`);
const sourceHashBefore = sourceHash(`${root}sim`);
rmSync(`${root}dist`, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
cpSync(`${root}sim`, `${root}dist`, { recursive: true, filter: (src) => !src.endsWith('.ts') });
// Each shipped data table also as parsed JSON (NAME.yaml.json): loadShippedTable reads it
// instead of parsing YAML at every start (sim/arch/yaml-config.ts).
for (const e of readdirSync(`${root}dist`, { recursive: true, withFileTypes: true })) {
  if (!e.isFile() || !e.name.endsWith('.yaml')) continue;
  const file = join(e.parentPath ?? e.path, e.name);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
  writeFileSync(`${file}.json`, JSON.stringify(doc.toJS({ maxAliasCount: 1000 })));
}
// The CLI as one bundle (dist/bundle/main.js, a chunk per lazily loaded command): resolving and
// linking ~150 ES modules was a third of a short command's start-up. Heavy or optional
// packages stay outside (loaded from node_modules when a command needs them). Every
// `import.meta.url` still names the module's own file in dist/ (which the build above wrote),
// so data files, the sweep worker and the bundled model are found as from the modules.
const { build } = await import('esbuild');
const sim = join(root, 'sim');
await build({
  entryPoints: [join(sim, 'cli', 'main.ts')],
  outdir: join(root, 'dist', 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['playwright-core', 'piscina', 'bullmq', 'ioredis', '@tensorflow/*', '@huggingface/*', 'linkedom', 'd3', 'fast-check', 'tsx', 'esbuild'],
  // Bundled CommonJS packages call require(): give the ES module one.
  banner: { js: "import { createRequire as __mmfsimCreateRequire } from 'node:module'; const require = __mmfsimCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  // Whitespace and syntax only (names stay, so messages and stacks still name our functions):
  // V8 pre-parses every byte of each chunk it loads; 1.7 → 1.2 MB took `mmfsim exec` d=512
  // from 0.330 to 0.303 s (medians of 15 alternating runs, docs/performance.md "Start-up").
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [
    {
      // string-width (yargs' and cliui's help layout) builds an Intl.Segmenter and Unicode
      // property regexps (RGI_Emoji: thousands of sequences) when it is imported; that was a
      // sixth of every command's start-up, though only help text ever measures a string.
      // The same module, its body run on the first call instead.
      name: 'lazy-string-width',
      setup(b) {
        b.onLoad({ filter: /[\\/]node_modules[\\/](.*[\\/])?string-width[\\/]index\.js$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          if (!/^import /m.test(text)) return undefined; // the CommonJS v4 (cli-progress) builds nothing up front
          return { contents: lazyDefaultExport(text, 'stringWidth', args.path), loader: 'js' };
        });
      },
    },
    {
      name: 'module-urls',
      setup(b) {
        b.onLoad({ filter: /[\\/]sim[\\/].*\.ts$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          if (!text.includes('import.meta.url')) return undefined;
          const own = JSON.stringify('../' + args.path.slice(sim.length + 1).replace(/\\/g, '/').replace(/\.ts$/, '.js'));
          return { contents: text.replaceAll('import.meta.url', `new URL(${own}, import.meta.url).href`), loader: 'ts' };
        });
      },
    },
  ],
});
// `mmfsim --help` as the bundle prints it, served without loading the CLI (bin/help-cache.mjs).
await writeHelpCache(root);
// What dist/ was built from, written last: the CLI and the tests use dist/ only while it
// matches sim/ (bin/dist-freshness.mjs).
writeFileSync(`${root}dist/build-info.json`, JSON.stringify({ source_hash: sourceHashBefore, source_stamp: sourceStampBefore }) + '\n');

/**
 * An ES module whose only export is `export default function NAME(`, rewritten so that its
 * top-level code runs at the first call of NAME rather than at import. Its imports stay
 * where they are. Fails the build if the module does not have that shape (a new version of
 * the package): better than quietly bundling something else.
 */
function lazyDefaultExport(text, name, file) {
  const lines = text.split('\n');
  const firstBody = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('import ') && !l.startsWith('//'));
  const imports = lines.slice(0, firstBody).join('\n');
  const body = lines.slice(firstBody).join('\n');
  const head = `export default function ${name}(`;
  if (body.split(head).length !== 2 || /^export /m.test(body.replace(head, '')) || /^import /m.test(body)) {
    throw new Error(`${file}: expected ES module imports and one 'export default function ${name}(' and no other export`);
  }
  return `${imports}\nfunction __load() {\n${body.replace(head, `function ${name}(`)}\nreturn ${name};\n}\nlet __impl;\nexport default function ${name}(...args) {\n  return (__impl ??= __load())(...args);\n}\n`;
}
