import { totalmem } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../sim/input-error.ts';
import { checkArrayBytes, checkMemoryBudget, MAX_ARRAY_BYTES, memoryBudgetBytes } from '../sim/memory-budget.ts';

const saved = process.env['MMFSIM_MEMORY_BUDGET_MB'];
afterEach(() => {
  if (saved === undefined) delete process.env['MMFSIM_MEMORY_BUDGET_MB'];
  else process.env['MMFSIM_MEMORY_BUDGET_MB'] = saved;
});

describe('the memory budget', () => {
  it('is half the machine, or MMFSIM_MEMORY_BUDGET_MB', () => {
    delete process.env['MMFSIM_MEMORY_BUDGET_MB'];
    expect(memoryBudgetBytes()).toBe(Math.floor(totalmem() / 2));
    process.env['MMFSIM_MEMORY_BUDGET_MB'] = '64';
    expect(memoryBudgetBytes()).toBe(64 * 2 ** 20);
    process.env['MMFSIM_MEMORY_BUDGET_MB'] = 'lots';
    expect(() => memoryBudgetBytes()).toThrow(InputError);
  });

  it('refuses a size over it with the figure and where the budget comes from', () => {
    process.env['MMFSIM_MEMORY_BUDGET_MB'] = '1';
    expect(() => checkMemoryBudget(2 ** 20, 'x')).not.toThrow();
    expect(() => checkMemoryBudget(2 ** 20 + 1, 'the thing', { file: 'f' })).toThrow(/^f: the thing needs 1\.00 MiB, more than mmfsim's memory budget of 1\.00 MiB \(MMFSIM_MEMORY_BUDGET_MB; docs\/limits\.md\)$/);
    expect(() => checkMemoryBudget(NaN, 'nonsense')).toThrow(InputError);
  });

  it('refuses one array beyond what a typed array holds', () => {
    expect(() => checkArrayBytes(MAX_ARRAY_BYTES, 'a')).not.toThrow();
    expect(() => checkArrayBytes(MAX_ARRAY_BYTES + 1, 'a')).toThrow(/beyond the .* a typed array can hold/);
    // The limit is the real one: an array just past it cannot be made.
    expect(() => new Uint8Array(MAX_ARRAY_BYTES + 1)).toThrow(RangeError);
  });
});
