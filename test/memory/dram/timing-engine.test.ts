import { describe, expect, it } from 'vitest';
import { DDR4_PRESETS } from '../../../sim/memory/technologies/ddr4/ddr4-presets.ts';
import { DDR4_STANDARD } from '../../../sim/memory/technologies/ddr4/ddr4-standard.ts';
import { DRAM_COMMANDS } from '../../../sim/memory/dram/dram-standard.ts';
import { TimingEngine } from '../../../sim/memory/dram/timing-engine.ts';
import { xorshift32 } from '../../xorshift32.ts';

/**
 * The compiled fast path (`issueAt` / `earliestAt`: per command and node, flat lists of
 * horizon cells with sibling rules expanded) against the rule-walking path (`issue` /
 * `earliest`: walk the command's rules and the node path level by level). Two engines get the
 * same random command stream, one through each path; after every command both must answer
 * the same earliest cycle for every command at every node.
 */
describe('timing engine: compiled per-node update lists agree with the rule walk', () => {
  const SCOPE_RANK = new Set(['PREA', 'REF']);
  for (const [ranks, groups, banks] of [
    [1, 4, 4],
    [2, 4, 4],
    [4, 2, 4],
  ] as const) {
    it(`${ranks} rank(s) × ${groups} bank groups × ${banks} banks`, () => {
      const timing = DDR4_PRESETS['ddr4-2400']!.timing;
      const walk = new TimingEngine(DDR4_STANDARD, timing, [ranks, groups, banks]);
      const fast = new TimingEngine(DDR4_STANDARD, timing, [ranks, groups, banks]);
      const nBanks = ranks * groups * banks;
      const pathOf = (cmd: number, node: number): Int32Array => {
        if (SCOPE_RANK.has(DRAM_COMMANDS[cmd]!)) return Int32Array.of(0, node, 0, 0);
        return Int32Array.of(0, Math.floor(node / (groups * banks)), Math.floor(node / banks), node);
      };
      const next = xorshift32(12345);
      let clk = 0;
      let checks = 0;
      const mismatches: string[] = [];
      for (let step = 0; step < 3000; step++) {
        const cmd = next() % DRAM_COMMANDS.length;
        const node = next() % (SCOPE_RANK.has(DRAM_COMMANDS[cmd]!) ? ranks : nBanks);
        // Issue at the legal cycle (or a little later), as a scheduler would.
        const e = walk.earliest(cmd, pathOf(cmd, node), 0);
        clk = Math.max(clk + 1, e) + (next() % 3);
        walk.issue(cmd, pathOf(cmd, node), 0, clk);
        fast.issueAt(cmd, node, clk);
        for (let c = 0; c < DRAM_COMMANDS.length; c++) {
          const nodes = SCOPE_RANK.has(DRAM_COMMANDS[c]!) ? ranks : nBanks;
          for (let n = 0; n < nodes; n++) {
            const want = walk.earliest(c, pathOf(c, n), 0);
            const got = fast.earliestAt(c, n);
            if (got !== want && mismatches.length < 5) mismatches.push(`step ${step}: ${DRAM_COMMANDS[c]} at ${n}: ${got} ≠ ${want}`);
            checks++;
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(checks).toBeGreaterThan(3000 * nBanks);
      // The stream reached the tFAW window and the rank-to-rank rules: horizons moved.
      expect(clk).toBeGreaterThan(3000);
    });
  }
});
