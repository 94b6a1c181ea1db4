import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { archConfigMarkdown, archJsonSchemaText } from './json-schema.ts';

/** `npm run docs:arch`: regenerate docs/arch.schema.json and docs/arch-config.md. */
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
writeFileSync(docs + 'arch.schema.json', archJsonSchemaText());
writeFileSync(docs + 'arch-config.md', archConfigMarkdown());
process.stderr.write(`wrote ${docs}arch.schema.json and ${docs}arch-config.md\n`);
