import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sweepJsonSchemaText, sweepSpecMarkdown } from './spec-docs.ts';

/** `npm run docs:sweep`: regenerate docs/sweep.schema.json and docs/sweep-spec.md. */
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
writeFileSync(docs + 'sweep.schema.json', sweepJsonSchemaText());
writeFileSync(docs + 'sweep-spec.md', sweepSpecMarkdown());
process.stderr.write(`wrote ${docs}sweep.schema.json and ${docs}sweep-spec.md\n`);
