import * as z from 'zod';

/**
 * zod compiles each object schema into a specialised parser (generated code, `new Function`)
 * the first time it parses with it: worth it in a process that parses many inputs with the
 * same schema, not in a command that parses each of its few inputs once. There the compiling
 * was most of the cost of reading the arch, the device catalogue and the power and cost
 * tables (≈ 40 ms of an `exec`). Parsing without it gives the same results and the same
 * issues. It is decided when a schema is built, so this runs before a command's modules load.
 */
export function parseSchemasWithoutCompiling(): void {
  z.config({ jitless: true });
}
