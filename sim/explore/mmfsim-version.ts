import { readFileSync } from 'node:fs';

/** mmfsim's version, from package.json (sim/ and dist/ both sit one level below it). */
export const MMFSIM_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
