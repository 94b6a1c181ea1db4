import { constants } from 'node:buffer';
import { totalmem } from 'node:os';
import { InputError, type InputErrorContext } from './input-error.ts';
import { formatBytes } from './read-input-file.ts';

/**
 * Sizes derived from input (a model's weights from config.json, a tensor from a safetensors
 * header, a trace's request arrays) are checked against these before anything is allocated,
 * so a `hidden_size: 1e9` fails in milliseconds with a message instead of climbing past the
 * host's memory or dying inside V8 with a stack trace.
 */

/**
 * What one mmfsim process lets its model and simulation state take: half the machine's
 * memory, or MMFSIM_MEMORY_BUDGET_MB mebibytes when set (lower it when several runs share a
 * host, as a sweep's workers do; raise it to use more of a dedicated one).
 */
export function memoryBudgetBytes(): number {
  const env = process.env['MMFSIM_MEMORY_BUDGET_MB'];
  if (env !== undefined && env !== '') {
    const mb = Number(env);
    if (!(Number.isFinite(mb) && mb > 0)) throw new InputError(`expected a positive number of MiB, got ${JSON.stringify(env)}`, { key: 'MMFSIM_MEMORY_BUDGET_MB' });
    return Math.floor(mb * 2 ** 20);
  }
  return Math.floor(totalmem() / 2);
}

/** Where the budget comes from, for messages. */
function budgetSource(): string {
  const env = process.env['MMFSIM_MEMORY_BUDGET_MB'];
  return env !== undefined && env !== '' ? 'MMFSIM_MEMORY_BUDGET_MB' : `half of this machine's ${formatBytes(totalmem())}`;
}

/** The largest single typed array or Buffer this Node.js can allocate. */
export const MAX_ARRAY_BYTES: number = constants.MAX_LENGTH;

/** Throws an InputError (exit 2) naming `what` and its size when `bytes` exceeds the memory budget. */
export function checkMemoryBudget(bytes: number, what: string, where: InputErrorContext = {}): void {
  const budget = memoryBudgetBytes();
  if (!(bytes <= budget)) {
    throw new InputError(
      `${what} needs ${formatBytes(bytes)}, more than mmfsim's memory budget of ${formatBytes(budget)} (${budgetSource()}; docs/limits.md)`,
      where,
    );
  }
}

/** Throws an InputError when one array of `bytes` is larger than a typed array can be. */
export function checkArrayBytes(bytes: number, what: string, where: InputErrorContext = {}): void {
  if (!(bytes <= MAX_ARRAY_BYTES)) {
    throw new InputError(`${what} would be one array of ${formatBytes(bytes)}, beyond the ${formatBytes(MAX_ARRAY_BYTES)} a typed array can hold (docs/limits.md)`, where);
  }
}
