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
   * nextLegal[(levelBase[level] + node) * numClasses + class], all levels in one array.
   * Commands that every rule delays alike (RD and RDA, WR and WRA in DDR4) share a timing
   * class, so issuing a command updates one horizon per class instead of one per command.
   * Cycles are integers held in doubles.
   */
  private readonly nextLegal: Float64Array;
  private readonly levelBase: Int32Array;
  /** Timing class of each command as a following command, and the number of classes. */
  private readonly commandClass: Int32Array;
  readonly numClasses: number;

  // Rules grouped by preceding command (indices cmdRuleStart[cmd] .. cmdRuleStart[cmd+1]),
  // each with its level, the command it delays, the latency and its kind.
  private readonly cmdRuleStart: Int32Array;
  private readonly ruleLevel: Int32Array;
  private readonly ruleFollowing: Int32Array;
  private readonly ruleLatency: Int32Array;
  /** 0 plain, 1 sibling nodes, 2 window. */
  private readonly ruleKind: Uint8Array;
  private readonly ruleWindow: Int32Array;
  private readonly ruleHistory: (Float64Array | null)[];
  private readonly ruleHistoryHead: (Int32Array | null)[];
  private readonly ruleHistoryCount: (Int32Array | null)[];

  // The table compiled further, per (command, node at the command's scope): the flat list
  // of horizon cells an issue raises and by how much (sibling rules expanded), its window
  // rules, and the cells `earliestAt` takes the max of. Key = cmdNodeBase[cmd] + node.
  private readonly cmdNodeBase: Int32Array;
  private readonly updStart: Int32Array;
  private readonly updCell: Int32Array;
  private readonly updLatency: Int32Array;
  private readonly winStart: Int32Array;
  private readonly winRule: Int32Array;
  private readonly winNode: Int32Array;
  /** Four cells per key (levels channel..bank); levels below the scope point at a cell that stays 0. */
  private readonly pathCell: Int32Array;

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
    // Class = the set of (constraint, level) rules that name a command as following.
    const signature = DRAM_COMMANDS.map((cmd) =>
      std.constraints.map((c, i) => (c.following.includes(cmd) ? String(i) : '')).join(','),
    );
    const classOf = new Map<string, number>();
    this.commandClass = Int32Array.from(signature, (sig) => {
      if (!classOf.has(sig)) classOf.set(sig, classOf.size);
      return classOf.get(sig)!;
    });
    this.numClasses = classOf.size;
    // One extra cell, never written: the padding target of `pathCell`.
    this.nextLegal = new Float64Array(totalNodes * this.numClasses + 1);

    type Rule = { level: number; following: number; latency: number; kind: number; window: number };
    const byCommand: Rule[][] = Array.from({ length: C }, () => []);
    for (const c of std.constraints) {
      const level = std.levels.indexOf(c.level);
      const latency = evaluateLatency(c.latency, timing);
      const kind = c.window ? 2 : c.sibling ? 1 : 0;
      if (c.window && c.sibling) throw new RangeError(`${std.name}: a window rule cannot also be a sibling rule`);
      for (const p of c.preceding) {
        const classes = new Set(c.following.map((f) => this.commandClass[DRAM_COMMANDS.indexOf(f)]!));
        for (const following of classes) {
          const list = byCommand[DRAM_COMMANDS.indexOf(p)]!;
          // Two plain rules on the same level and class keep the longer latency.
          const same = kind !== 2 ? list.find((r) => r.level === level && r.following === following && r.kind === kind) : undefined;
          if (same) same.latency = Math.max(same.latency, latency);
          else list.push({ level, following, latency, kind, window: c.window ?? 0 });
        }
      }
    }
    // A command never constrains below its own scope (PREA has no bank to speak of).
    for (const [cmd, list] of byCommand.entries()) {
      const bad = list.find((r) => r.level > this.scopeLevel[cmd]!);
      if (bad) throw new RangeError(`${std.name}: ${DRAM_COMMANDS[cmd]} is a ${std.levels[this.scopeLevel[cmd]!]} command but has a ${std.levels[bad.level]} rule`);
    }
    const rules = byCommand.flat();
    this.cmdRuleStart = new Int32Array(C + 1);
    for (let c = 0, n = 0; c <= C; c++) {
      this.cmdRuleStart[c] = n;
      n += byCommand[c]?.length ?? 0;
    }
    this.ruleLevel = Int32Array.from(rules, (r) => r.level);
    this.ruleFollowing = Int32Array.from(rules, (r) => r.following);
    this.ruleLatency = Int32Array.from(rules, (r) => r.latency);
    this.ruleKind = Uint8Array.from(rules, (r) => r.kind);
    this.ruleWindow = Int32Array.from(rules, (r) => r.window);
    this.ruleHistory = rules.map((r) => (r.window > 0 ? new Float64Array(this.nodeCount[r.level]! * r.window) : null));
    this.ruleHistoryHead = rules.map((r) => (r.window > 0 ? new Int32Array(this.nodeCount[r.level]!) : null));
    this.ruleHistoryCount = rules.map((r) => (r.window > 0 ? new Int32Array(this.nodeCount[r.level]!) : null));

    const zeroCell = totalNodes * this.numClasses;
    this.cmdNodeBase = new Int32Array(C + 1);
    for (let c = 0; c < C; c++) this.cmdNodeBase[c + 1] = this.cmdNodeBase[c]! + this.nodeCount[this.scopeLevel[c]!]!;
    const keys = this.cmdNodeBase[C]!;
    const cells: number[] = [];
    const lats: number[] = [];
    const winRules: number[] = [];
    const winNodes: number[] = [];
    this.updStart = new Int32Array(keys + 1);
    this.winStart = new Int32Array(keys + 1);
    this.pathCell = new Int32Array(keys * 4).fill(zeroCell);
    const path = new Int32Array(L);
    for (let c = 0; c < C; c++) {
      const scope = this.scopeLevel[c]!;
      for (let node = 0; node < this.nodeCount[scope]!; node++) {
        const key = this.cmdNodeBase[c]! + node;
        // Node index at each level above the scope: divide by the fanouts below it.
        let n = node;
        for (let l = scope; l >= 0; l--) {
          path[l] = n;
          n = Math.floor(n / this.fanout[l]!);
        }
        for (let l = 0; l <= scope; l++) this.pathCell[key * 4 + l] = (this.levelBase[l]! + path[l]!) * this.numClasses + this.commandClass[c]!;
        for (let r = this.cmdRuleStart[c]!; r < this.cmdRuleStart[c + 1]!; r++) {
          const l = this.ruleLevel[r]!;
          const f = this.ruleFollowing[r]!;
          const here = path[l]!;
          switch (this.ruleKind[r]) {
            case 0:
              cells.push((this.levelBase[l]! + here) * this.numClasses + f);
              lats.push(this.ruleLatency[r]!);
              break;
            case 1: {
              // Every other node under the same parent (another rank on this channel).
              const fan = this.fanout[l]!;
              const first = here - (here % fan);
              for (let sib = first; sib < first + fan; sib++) {
                if (sib === here) continue;
                cells.push((this.levelBase[l]! + sib) * this.numClasses + f);
                lats.push(this.ruleLatency[r]!);
              }
              break;
            }
            default:
              winRules.push(r);
              winNodes.push(here);
          }
        }
        this.updStart[key + 1] = cells.length;
        this.winStart[key + 1] = winRules.length;
      }
    }
    this.updCell = Int32Array.from(cells);
    this.updLatency = Int32Array.from(lats);
    this.winRule = Int32Array.from(winRules);
    this.winNode = Int32Array.from(winNodes);
  }

  /**
   * First cycle at which `cmd` is legal at `node`, the node index at the command's scope
   * level (a bank for bank commands, a rank for rank commands).
   */
  earliestAt(cmd: number, node: number): number {
    const legal = this.nextLegal;
    const p = (this.cmdNodeBase[cmd]! + node) * 4;
    const cell = this.pathCell;
    let t = legal[cell[p]!]!;
    const b = legal[cell[p + 1]!]!;
    const c = legal[cell[p + 2]!]!;
    const d = legal[cell[p + 3]!]!;
    if (b > t) t = b;
    if (c > t) t = c;
    if (d > t) t = d;
    return t;
  }

  /**
   * `earliestAt(cmd, node)` as it would be after `issueAt(prev, prevNode, prevAt)`, changing
   * nothing: the horizons that issue would raise on `cmd`'s path, window rules included.
   */
  earliestAfter(cmd: number, node: number, prev: number, prevNode: number, prevAt: number): number {
    let t = this.earliestAt(cmd, node);
    const p = (this.cmdNodeBase[cmd]! + node) * 4;
    const path = this.pathCell;
    const c0 = path[p]!;
    const c1 = path[p + 1]!;
    const c2 = path[p + 2]!;
    const c3 = path[p + 3]!;
    const key = this.cmdNodeBase[prev]! + prevNode;
    for (let i = this.updStart[key]!, end = this.updStart[key + 1]!; i < end; i++) {
      const cell = this.updCell[i]!;
      if (cell !== c0 && cell !== c1 && cell !== c2 && cell !== c3) continue;
      const v = prevAt + this.updLatency[i]!;
      if (v > t) t = v;
    }
    for (let i = this.winStart[key]!, end = this.winStart[key + 1]!; i < end; i++) {
      const r = this.winRule[i]!;
      const local = this.winNode[i]!;
      const cell = (this.levelBase[this.ruleLevel[r]!]! + local) * this.numClasses + this.ruleFollowing[r]!;
      if (cell !== c0 && cell !== c1 && cell !== c2 && cell !== c3) continue;
      const v = this.peekWindow(r, local, prevAt);
      if (v > t) t = v;
    }
    return t;
  }

  /** Record that `cmd` was issued at cycle `clk` at `node` (as for `earliestAt`). */
  issueAt(cmd: number, node: number, clk: number): void {
    const key = this.cmdNodeBase[cmd]! + node;
    const legal = this.nextLegal;
    const cells = this.updCell;
    const lats = this.updLatency;
    for (let i = this.updStart[key]!, end = this.updStart[key + 1]!; i < end; i++) {
      const cell = cells[i]!;
      const t = clk + lats[i]!;
      if (legal[cell]! < t) legal[cell] = t;
    }
    for (let i = this.winStart[key]!, end = this.winStart[key + 1]!; i < end; i++) {
      const r = this.winRule[i]!;
      const local = this.winNode[i]!;
      const t = this.pushWindow(r, local, clk);
      if (t < 0) continue;
      const cell = (this.levelBase[this.ruleLevel[r]!]! + local) * this.numClasses + this.ruleFollowing[r]!;
      if (legal[cell]! < t) legal[cell] = t;
    }
  }

  /**
   * First cycle at which `cmd` is legal for the node path `path[offset .. offset+levels)`
   * (node index per level; only levels down to the command's scope are read).
   */
  earliest(cmd: number, path: Int32Array, offset: number): number {
    const C = this.numClasses;
    const k = this.commandClass[cmd]!;
    const scope = this.scopeLevel[cmd]!;
    let t = 0;
    const legal = this.nextLegal;
    const base = this.levelBase;
    for (let l = 0; l <= scope; l++) {
      const v = legal[(base[l]! + path[offset + l]!) * C + k]!;
      if (v > t) t = v;
    }
    return t;
  }

  /** Record that `cmd` was issued at cycle `clk` on the given path. */
  issue(cmd: number, path: Int32Array, offset: number, clk: number): void {
    const C = this.numClasses;
    const legal = this.nextLegal;
    const levelBase = this.levelBase;
    const ruleLevel = this.ruleLevel;
    const ruleFollowing = this.ruleFollowing;
    const ruleLatency = this.ruleLatency;
    const ruleKind = this.ruleKind;
    for (let r = this.cmdRuleStart[cmd]!, end = this.cmdRuleStart[cmd + 1]!; r < end; r++) {
      const l = ruleLevel[r]!;
      const node = levelBase[l]! + path[offset + l]!;
      const f = ruleFollowing[r]!;
      const kind = ruleKind[r]!;
      let t = clk + ruleLatency[r]!;
      if (kind === 1) {
        // Every other node under the same parent (another rank on this channel).
        const fan = this.fanout[l]!;
        const first = node - ((node - levelBase[l]!) % fan);
        for (let s = first; s < first + fan; s++) {
          if (s !== node && legal[s * C + f]! < t) legal[s * C + f] = t;
        }
        continue;
      }
      if (kind === 2) {
        t = this.pushWindow(r, node - levelBase[l]!, clk);
        if (t < 0) continue;
      }
      const i = node * C + f;
      if (legal[i]! < t) legal[i] = t;
    }
  }

  /** What `pushWindow(r, node, clk)` would return, changing nothing. */
  private peekWindow(r: number, node: number, clk: number): number {
    const window = this.ruleWindow[r]!;
    if (this.ruleHistoryCount[r]![node]! + 1 < window) return -1;
    const head = this.ruleHistoryHead[r]![node]!;
    const next = head + 1 === window ? 0 : head + 1;
    return (next === head ? clk : this.ruleHistory[r]![node * window + next]!) + this.ruleLatency[r]!;
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
