/**
 * A DRAM standard written as data (the Ramulator 2 idea): the hierarchy of levels, the
 * command list, the names of the timing parameters, and the timing constraints — each one
 * "at this level, after any of these commands, none of those commands for N cycles",
 * optionally over a window (four activates per tFAW) or towards sibling nodes (another
 * rank on the same channel). The timing engine compiles such a table; adding DDR5 or HBM
 * means writing another table, not another scheduler.
 */

/** Levels of the hierarchy, outermost first. Constraints and commands name one of these. */
export const DRAM_LEVELS = ['channel', 'rank', 'bankgroup', 'bank'] as const;
export type DramLevel = (typeof DRAM_LEVELS)[number];

/**
 * The commands, in the order the timing engine indexes them. RDA/WRA are read/write with
 * auto-precharge (the closed-page policy's column commands); PREA precharges a whole rank.
 */
export const DRAM_COMMANDS = ['ACT', 'PRE', 'PREA', 'RD', 'WR', 'RDA', 'WRA', 'REF'] as const;
export type DramCommand = (typeof DRAM_COMMANDS)[number];

/** Numeric command ids used on hot paths (indices into DRAM_COMMANDS). */
export const CMD = {
  ACT: 0,
  PRE: 1,
  PREA: 2,
  RD: 3,
  WR: 4,
  RDA: 5,
  WRA: 6,
  REF: 7,
} as const satisfies Record<DramCommand, number>;

export interface DramCommandSpec {
  readonly name: DramCommand;
  /** The level a command addresses: ACT/RD/WR a bank, PREA/REF a whole rank. */
  readonly scope: DramLevel;
  readonly meaning: string;
}

export interface TimingConstraint {
  /** The level at which the preceding and following commands must share a node. */
  readonly level: DramLevel;
  readonly preceding: readonly DramCommand[];
  readonly following: readonly DramCommand[];
  /**
   * Minimum distance in clock cycles, as a sum of timing parameter names and integers
   * (`'CWL + tBL + tWTR_L'`, `'CL + tBL + 2 - CWL'`): readable, printable, checked at load.
   */
  readonly latency: string;
  /** Window constraint: at most `window` preceding commands in any `latency` cycles. */
  readonly window?: number;
  /** Applies to the OTHER nodes under the same parent (rank-to-rank switching). */
  readonly sibling?: boolean;
  /** Where the rule comes from (datasheet / bus occupancy). */
  readonly why: string;
}

export interface DramStandard {
  readonly name: string;
  readonly levels: readonly DramLevel[];
  readonly commands: readonly DramCommandSpec[];
  /** Every name a latency expression may use (derived ones like tBL included). */
  readonly timingNames: readonly string[];
  readonly constraints: readonly TimingConstraint[];
}

/**
 * Evaluate a latency expression against resolved timing values. Throws a RangeError for a
 * name that is not a timing parameter: the standard tables are code, so that is a bug.
 */
export function evaluateLatency(expr: string, timing: Readonly<Record<string, number>>): number {
  const tokens = expr.replace(/\s+/g, '').match(/[+-]|[A-Za-z_][A-Za-z0-9_]*|\d+/g);
  if (!tokens || tokens.join('') !== expr.replace(/\s+/g, '')) {
    throw new RangeError(`malformed latency expression '${expr}'`);
  }
  let total = 0;
  let sign = 1;
  let expectTerm = true;
  for (const tok of tokens) {
    if (tok === '+' || tok === '-') {
      if (expectTerm) throw new RangeError(`malformed latency expression '${expr}'`);
      sign = tok === '-' ? -1 : 1;
      expectTerm = true;
      continue;
    }
    if (!expectTerm) throw new RangeError(`malformed latency expression '${expr}'`);
    let value: number;
    if (/^\d+$/.test(tok)) value = Number(tok);
    else {
      const v = timing[tok];
      if (v === undefined) throw new RangeError(`unknown timing parameter '${tok}' in '${expr}'`);
      value = v;
    }
    total += sign * value;
    expectTerm = false;
  }
  if (expectTerm) throw new RangeError(`malformed latency expression '${expr}'`);
  return total;
}

/** The constraint table as aligned text, for tests, docs and `--explain` style output. */
export function formatConstraintTable(std: DramStandard, timing?: Readonly<Record<string, number>>): string {
  const rows = std.constraints.map((c) => [
    c.level + (c.sibling ? ' (other)' : ''),
    c.preceding.join(','),
    c.following.join(','),
    c.latency + (c.window ? ` [window ${c.window}]` : ''),
    timing ? String(evaluateLatency(c.latency, timing)) : '',
    c.why,
  ]);
  const header = ['level', 'after', 'before', 'latency', timing ? 'cycles' : '', 'why'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
