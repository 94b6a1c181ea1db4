/**
 * The one place tables meet counts (Accelergy's split): a reference table gives the cost of
 * one action (pJ per DRAM command, W per resource-MHz of FPGA fabric), the simulation gives
 * how many actions happened, and the result is their dot product, itemised. Every power and
 * energy figure in a report goes through this function.
 */
export interface Combined<A extends string> {
  total: number;
  byAction: Record<A, number>;
}

export function combine<A extends string>(
  table: Readonly<Record<A, number>>,
  counts: Readonly<Record<A, number>>,
): Combined<A> {
  const byAction = {} as Record<A, number>;
  let total = 0;
  for (const action of Object.keys(table) as A[]) {
    const count = counts[action];
    if (count === undefined || !Number.isFinite(count) || count < 0) {
      throw new RangeError(`action count for '${action}' must be a finite non-negative number, got ${count}`);
    }
    const cost = table[action] * count;
    byAction[action] = cost;
    total += cost;
  }
  return { total, byAction };
}
