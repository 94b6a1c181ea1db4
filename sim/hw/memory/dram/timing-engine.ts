import { DRAM_COMMANDS, DRAM_LEVELS, evaluateLatency, type DramStandard } from './dram-standard.ts';

/**
 * The compiled form of a standard's constraint table for one channel: per level, per
 * node, per command, the first cycle at which that command becomes legal. Issuing a command
 * pushes those horizons forward along the command's path (channel → rank → bank group →
 * bank); asking "when is command C next legal at this bank?" is a max over the path. This is
 * Ramulator 2's scheme, flattened into typed arrays so the scheduler's inner loop allocates
 * nothing.
 */
export class TimingEngine {
  readonly numCommands = DRAM_COMMANDS.length;
  readonly numLevels: number;
  /** Nodes per level (1 channel, R ranks, R·BG groups, R·BG·BA banks). */
  readonly nodeCount: Int32Array;
  /** Children per parent at each level (1 for the channel). */
  private readonly fanout: Int32Array;
  /** Level index of each command's scope (where it stops walking the path). */
  private readonly scopeLevel: Int32Array;
  /**
   * nextLegal[(levelBase[level] + node) * numCommands + cmd], all levels in one array.
   * Cycles are integers held in doubles.
   */
  private readonly nextLegal: Float64Array;
  private readonly levelBase: Int32Array;

  // Rules, grouped by (level, preceding command): indices ruleStart[k] .. ruleStart[k+1].
  private readonly ruleStart: Int32Array;
  private readonly ruleFollowing: Int32Array;
  private readonly ruleLatency: Int32Array;
  private readonly ruleSibling: Uint8Array;
  /** Window length (0 = plain rule) and the window's history slot. */
  private readonly ruleWindow: Int32Array;
  private readonly ruleHistory: (Float64Array | null)[];
  private readonly ruleHistoryHead: (Int32Array | null)[];
  private readonly ruleHistoryCount: (Int32Array | null)[];

  /**
   * @param fanouts children per parent for each level after the first: [ranks, bankGroups, banks].
   */
  constructor(std: DramStandard, timing: Readonly<Record<string, number>>, fanouts: readonly number[]) {
    if (std.levels.length !== DRAM_LEVELS.length || std.levels.some((l, i) => l !== DRAM_LEVELS[i])) {
      throw new RangeError(`${std.name}: the timing engine expects levels ${DRAM_LEVELS.join(' > ')}`);
    }
    if (std.commands.some((c, i) => c.name !== DRAM_COMMANDS[i])) {
      throw new RangeError(`${std.name}: commands must be listed in the order ${DRAM_COMMANDS.join(', ')}`);
    }
    const L = std.levels.length;
    const C = this.numCommands;
    this.numLevels = L;
    this.fanout = new Int32Array(L);
    this.nodeCount = new Int32Array(L);
    this.fanout[0] = 1;
    this.nodeCount[0] = 1;
    for (let l = 1; l < L; l++) {
      this.fanout[l] = fanouts[l - 1]!;
      this.nodeCount[l] = this.nodeCount[l - 1]! * fanouts[l - 1]!;
    }
    this.scopeLevel = new Int32Array(C);
    for (const [i, c] of std.commands.entries()) this.scopeLevel[i] = std.levels.indexOf(c.scope);
    this.levelBase = new Int32Array(L);
    let totalNodes = 0;
    for (let l = 0; l < L; l++) {
      this.levelBase[l] = totalNodes;
      totalNodes += this.nodeCount[l]!;
    }
    this.nextLegal = new Float64Array(totalNodes * C);

    type Rule = { following: number; latency: number; sibling: boolean; window: number };
    const groups: Rule[][] = Array.from({ length: L * C }, () => []);
    for (const c of std.constraints) {
      const level = std.levels.indexOf(c.level);
      const latency = evaluateLatency(c.latency, timing);
      for (const p of c.preceding) {
        for (const f of c.following) {
          groups[level * C + DRAM_COMMANDS.indexOf(p)]!.push({
            following: DRAM_COMMANDS.indexOf(f),
            latency,
            sibling: c.sibling === true,
            window: c.window ?? 0,
          });
        }
      }
    }
    const rules = groups.flat();
    this.ruleStart = new Int32Array(L * C + 1);
    let n = 0;
    for (let k = 0; k < L * C; k++) {
      this.ruleStart[k] = n;
      n += groups[k]!.length;
    }
    this.ruleStart[L * C] = n;
    this.ruleFollowing = Int32Array.from(rules, (r) => r.following);
    this.ruleLatency = Int32Array.from(rules, (r) => r.latency);
    this.ruleSibling = Uint8Array.from(rules, (r) => (r.sibling ? 1 : 0));
    this.ruleWindow = Int32Array.from(rules, (r) => r.window);
    this.ruleHistory = [];
    this.ruleHistoryHead = [];
    this.ruleHistoryCount = [];
    let k = 0;
    for (let g = 0; g < L * C; g++) {
      const level = Math.floor(g / C);
      for (const r of groups[g]!) {
        const nodes = this.nodeCount[level]!;
        this.ruleHistory[k] = r.window > 0 ? new Float64Array(nodes * r.window) : null;
        this.ruleHistoryHead[k] = r.window > 0 ? new Int32Array(nodes) : null;
        this.ruleHistoryCount[k] = r.window > 0 ? new Int32Array(nodes) : null;
        k++;
      }
    }
  }

  /**
   * First cycle at which `cmd` is legal for the node path `path[offset .. offset+levels)`
   * (node index per level; only levels down to the command's scope are read).
   */
  earliest(cmd: number, path: Int32Array, offset: number): number {
    const C = this.numCommands;
    const scope = this.scopeLevel[cmd]!;
    let t = 0;
    const legal = this.nextLegal;
    const base = this.levelBase;
    for (let l = 0; l <= scope; l++) {
      const v = legal[(base[l]! + path[offset + l]!) * C + cmd]!;
      if (v > t) t = v;
    }
    return t;
  }

  /** Record that `cmd` was issued at cycle `clk` on the given path. */
  issue(cmd: number, path: Int32Array, offset: number, clk: number): void {
    const C = this.numCommands;
    const scope = this.scopeLevel[cmd]!;
    const legal = this.nextLegal;
    for (let l = 0; l <= scope; l++) {
      const node = path[offset + l]!;
      const row = (this.levelBase[l]! + node) * C;
      const k = l * C + cmd;
      for (let r = this.ruleStart[k]!, end = this.ruleStart[k + 1]!; r < end; r++) {
        const f = this.ruleFollowing[r]!;
        let t = clk + this.ruleLatency[r]!;
        if (this.ruleWindow[r] !== 0) {
          t = this.pushWindow(r, node, clk);
          if (t < 0) continue;
        }
        if (this.ruleSibling[r] === 1) {
          const fan = this.fanout[l]!;
          const first = this.levelBase[l]! + node - (node % fan);
          const self = this.levelBase[l]! + node;
          for (let s = first; s < first + fan; s++) {
            if (s !== self && legal[s * C + f]! < t) legal[s * C + f] = t;
          }
        } else if (legal[row + f]! < t) {
          legal[row + f] = t;
        }
      }
    }
  }

  /**
   * Window rule: remember the last `window` issue times; once full, the next command must
   * wait for the oldest + latency. Returns that cycle, or -1 while the window is not full.
   */
  private pushWindow(r: number, node: number, clk: number): number {
    const window = this.ruleWindow[r]!;
    const hist = this.ruleHistory[r]!;
    const heads = this.ruleHistoryHead[r]!;
    const counts = this.ruleHistoryCount[r]!;
    const head = heads[node]!;
    hist[node * window + head] = clk;
    const next = head + 1 === window ? 0 : head + 1;
    heads[node] = next;
    if (counts[node]! < window) counts[node] = counts[node]! + 1;
    if (counts[node]! < window) return -1;
    return hist[node * window + next]! + this.ruleLatency[r]!;
  }
}
