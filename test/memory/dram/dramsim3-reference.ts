import type { DramConfig } from '../../../sim/memory/dram/dram-config.ts';
import { AddressMapping, type DecodedAddress } from '../../../sim/memory/dram/address-mapping.ts';
import { CMD } from '../../../sim/memory/dram/dram-standard.ts';
import type { DramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { TimingEngine } from '../../../sim/memory/dram/timing-engine.ts';

/**
 * A deliberately plain, cycle-by-cycle statement of the controller semantics mmfsim's DRAM
 * model follows (DRAMsim3's, commit 2981759: src/controller.cc, command_queue.cc,
 * refresh.cc), written for clarity, not speed, so the event-driven controller in
 * sim/memory/dram can be checked against it request by request and command by command.
 * Every cycle t of every channel, in this order:
 *
 * 1. the trace frontend offers the next request (trace order, at most one per cycle, not
 *    before its CYCLE); it enters if its channel's read queue (write buffer) has room, and
 *    reaches that queue `shellCycles` later;
 * 2. a refresh falls due every ⌊tREFI/ranks⌋ cycles, rank after rank;
 * 3. one command issues: while a refresh is pending its rank's banks are precharged one by
 *    one, then REF; otherwise the bank command queues are visited round-robin from the one
 *    after the last that issued, and the first queue with a ready command issues it — its
 *    first command in queue order whose next DRAM command (ACT if the bank is closed, the
 *    column command on a row hit, PRE on a miss) is legal now; a PRE only for the queue's
 *    head, and only if no queued request hits the open row or the row has served
 *    `rowHitCap` column commands; a WR not behind a queued RD of the same location. With
 *    `dualCommand` (HBM's separate row and column buses) a second command may issue in the
 *    same cycle if the next ready one is of the other kind;
 * 4. one transaction moves from the read queue (or, while draining, the write buffer) into
 *    its bank's command queue: the first in queue order whose bank queue has room. Draining
 *    starts when the write buffer is full (or holds more than 8 and every command queue is
 *    empty) and moves as many writes as it held then.
 *
 * A read completes CL + BL/2 after its RD (+ the shell); a write is acknowledged (posted) the
 * cycle after it enters (+ the shell both ways) and its data leaves CWL + BL/2 after its WR.
 * Writes may stay buffered: up to 8 are not drained while nothing else arrives.
 */
export interface ReferenceOptions {
  rowHitCap: number;
  dualCommand: boolean;
  /**
   * Cycles between a trace line's CYCLE and the first cycle it may enter (DRAMsim3's own
   * frontend: 1, since its CPU model ticks the memory before offering; mmfsim's: 0).
   */
  frontendDelay?: number;
  /** Writes that start a drain when every command queue is empty (DRAMsim3: more than 8). */
  writeIdleDrain?: number;
}

export interface ReferenceCommand {
  cycle: number;
  cmd: number;
  channel: number;
  /** Bank index (rank-major) for bank commands, rank for REF. */
  target: number;
  row: number;
}

export interface ReferenceResult {
  acceptedAt: Float64Array;
  /** Reads: last data beat (+ shell); writes: the posted acknowledgement, 1 cycle after entering (+ shell both ways). */
  completedAt: Float64Array;
  /** Last data beat on the DRAM bus (reads and writes; -1 if the column command never issued). */
  dataAt: Float64Array;
  commands: ReferenceCommand[];
  rowHits: number;
  rowMisses: number;
  rowConflicts: number;
}

const { ACT, PRE, RD, WR, REF } = CMD;

interface Channel {
  timing: TimingEngine;
  openRow: Int32Array;
  hitCount: Int32Array;
  readQ: number[];
  writeQ: number[];
  /** Requests accepted but still in the shell: [id, visible at]. */
  shell: [number, number][];
  readsHeld: number;
  writesHeld: number;
  bankQ: number[][];
  rr: number;
  writeDraining: number;
  refreshQ: number[];
  nextRefresh: number;
  nextRefreshRank: number;
}

export function runReference(config: DramConfig, trace: DramTrace, options: ReferenceOptions, maxCycles = 1e8): ReferenceResult {
  const { ranks } = config;
  const { bankGroups, banksPerGroup } = config.org;
  const banksPerRank = bankGroups * banksPerGroup;
  const banks = ranks * banksPerRank;
  const t = config.timing;
  const mapping = new AddressMapping(config.mapping, {
    channels: config.channels,
    ranks,
    bankGroups,
    banksPerGroup,
    rows: config.org.rows,
    burstsPerRow: config.org.columns / config.org.burstLength,
    burstBytes: config.burstBytes,
  });
  const n = trace.length;
  const chOf = new Int32Array(n);
  const bankOf = new Int32Array(n);
  const rowOf = new Int32Array(n);
  const colOf = new Int32Array(n);
  const where: DecodedAddress = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
  for (let i = 0; i < n; i++) {
    mapping.decode(Math.floor(trace.addr[i]! / config.burstBytes) * config.burstBytes, where);
    chOf[i] = where.channel;
    bankOf[i] = (where.rank * bankGroups + where.bankGroup) * banksPerGroup + where.bank;
    rowOf[i] = where.row;
    colOf[i] = where.column;
  }
  const interval = Math.floor(t.tREFI / ranks);
  const channels: Channel[] = Array.from({ length: config.channels }, () => ({
    timing: new TimingEngine(config.standard, t, [ranks, bankGroups, banksPerGroup]),
    openRow: new Int32Array(banks).fill(-1),
    hitCount: new Int32Array(banks),
    readQ: [],
    writeQ: [],
    shell: [],
    readsHeld: 0,
    writesHeld: 0,
    bankQ: Array.from({ length: banks }, () => []),
    rr: 0,
    writeDraining: 0,
    refreshQ: [],
    nextRefresh: config.refresh ? interval : Infinity,
    nextRefreshRank: 0,
  }));
  const acceptedAt = new Float64Array(n).fill(-1);
  const completedAt = new Float64Array(n).fill(-1);
  const dataAt = new Float64Array(n).fill(-1);
  const commands: ReferenceCommand[] = [];
  let rowHits = 0;
  let rowMisses = 0;
  let rowConflicts = 0;
  let issued = 0;
  const idleDrain = options.writeIdleDrain ?? 9;
  const readDone = t.CL + t.tBL + config.shellCycles;
  const isWrite = (id: number) => trace.write[id] === 1;

  /** The command bank queue `b` would issue at cycle `now`, or null. */
  function firstReady(ch: Channel, b: number, now: number): { cmd: number; id: number } | null {
    const q = ch.bankQ[b]!;
    const open = ch.openRow[b]!;
    // FCFS: only the queue's head may issue.
    const window = config.scheduler === 'fcfs' ? Math.min(1, q.length) : q.length;
    for (let j = 0; j < window; j++) {
      const id = q[j]!;
      const cmd = open < 0 ? ACT : rowOf[id] === open ? (isWrite(id) ? WR : RD) : PRE;
      if (ch.timing.earliestAt(cmd, b) > now) continue;
      if (cmd === PRE) {
        if (j !== 0) continue;
        const hitsPending = q.some((k) => rowOf[k] === open);
        if (config.scheduler !== 'fcfs' && hitsPending && ch.hitCount[b]! < options.rowHitCap) continue;
      } else if (cmd === WR) {
        let blocked = false;
        for (let k = 0; k < j; k++) if (!isWrite(q[k]!) && rowOf[q[k]!] === rowOf[id] && colOf[q[k]!] === colOf[id]) blocked = true;
        if (blocked) continue;
      }
      return { cmd, id };
    }
    return null;
  }

  function nextCommand(ch: Channel, now: number, skipRank: number): { cmd: number; id: number; bank: number } | null {
    for (let i = 0; i < banks; i++) {
      ch.rr = (ch.rr + 1) % banks;
      if (Math.floor(ch.rr / banksPerRank) === skipRank) continue;
      const c = firstReady(ch, ch.rr, now);
      if (c) return { ...c, bank: ch.rr };
    }
    return null;
  }

  function issue(c: number, ch: Channel, cmd: number, bank: number, id: number, now: number, refresh: boolean): void {
    let row = -1;
    if (cmd === ACT) {
      row = rowOf[id]!;
      ch.openRow[bank] = row;
      ch.hitCount[bank] = 0;
    } else if (cmd === PRE) {
      row = ch.openRow[bank]!;
      ch.openRow[bank] = -1;
      ch.hitCount[bank] = 0;
      if (!refresh) rowConflicts++;
    } else if (cmd === RD || cmd === WR) {
      row = rowOf[id]!;
      const q = ch.bankQ[bank]!;
      q.splice(q.indexOf(id), 1);
      if (ch.hitCount[bank]! > 0) rowHits++;
      else rowMisses++;
      ch.hitCount[bank]!++;
      // Closed page: the access precharges unless another queued request wants the row.
      if (config.pagePolicy === 'closed' && !q.some((k) => rowOf[k] === row)) {
        cmd = cmd === RD ? CMD.RDA : CMD.WRA;
        ch.openRow[bank] = -1;
        ch.hitCount[bank] = 0;
      }
      dataAt[id] = now + (isWrite(id) ? t.CWL + t.tBL : t.CL + t.tBL);
      if (!isWrite(id)) completedAt[id] = now + readDone;
      issued++;
    }
    ch.timing.issueAt(cmd, bank, now);
    commands.push({ cycle: now, cmd, channel: c, target: bank, row });
  }

  let next = 0;
  for (let now = 0; now < maxCycles; now++) {
    // 1. The frontend offers one request.
    if (next < n && trace.cycle[next]! + (options.frontendDelay ?? 0) <= now) {
      const ch = channels[chOf[next]!]!;
      const w = isWrite(next);
      if (w ? ch.writesHeld < config.writeQueue : ch.readsHeld < config.readQueue) {
        acceptedAt[next] = now;
        if (w) completedAt[next] = now + 1 + 2 * config.shellCycles;
        if (w) ch.writesHeld++;
        else ch.readsHeld++;
        ch.shell.push([next, now + config.shellCycles]);
        next++;
      }
    }
    for (let c = 0; c < channels.length; c++) {
      const ch = channels[c]!;
      while (ch.shell.length > 0 && ch.shell[0]![1] <= now) {
        const id = ch.shell.shift()![0];
        (isWrite(id) ? ch.writeQ : ch.readQ).push(id);
      }
      // 2. Refresh falls due.
      if (now === ch.nextRefresh) {
        if (!ch.refreshQ.includes(ch.nextRefreshRank)) ch.refreshQ.push(ch.nextRefreshRank);
        ch.nextRefreshRank = (ch.nextRefreshRank + 1) % ranks;
        ch.nextRefresh += interval;
      }
      // 3. Commands.
      let first: { cmd: number; bank: number } | null = null;
      const refreshing = ch.refreshQ.length > 0 ? ch.refreshQ[0]! : -1;
      if (refreshing >= 0) {
        let ready = true;
        for (let k = 0; k < banksPerRank && first === null; k++) {
          const b = refreshing * banksPerRank + k;
          if (ch.openRow[b]! >= 0) {
            ready = false;
            if (ch.timing.earliestAt(PRE, b) <= now) first = { cmd: PRE, bank: b };
          }
        }
        if (first) issue(c, ch, PRE, first.bank, -1, now, true);
        else if (ready && ch.timing.earliestAt(REF, refreshing) <= now) {
          first = { cmd: REF, bank: refreshing };
          issue(c, ch, REF, refreshing, -1, now, true);
          ch.refreshQ.shift();
        }
      }
      const skip = first?.cmd === REF ? -1 : refreshing;
      if (!first) {
        const cmd = nextCommand(ch, now, skip);
        if (cmd) {
          issue(c, ch, cmd.cmd, cmd.bank, cmd.id, now, false);
          first = cmd;
        }
      }
      if (first && options.dualCommand) {
        const second = nextCommand(ch, now, ch.refreshQ.length > 0 ? ch.refreshQ[0]! : -1);
        const rw = (x: number) => x === RD || x === WR;
        if (second && rw(second.cmd) !== rw(first.cmd)) issue(c, ch, second.cmd, second.bank, second.id, now, false);
      }
      // 4. One transaction into its bank's command queue.
      if (ch.writeDraining === 0) {
        const allEmpty = ch.bankQ.every((q) => q.length === 0);
        if (ch.writeQ.length >= config.writeHighEntries || (ch.writeQ.length >= idleDrain && allEmpty)) ch.writeDraining = Math.max(1, ch.writeQ.length - config.writeLowEntries);
      }
      const queue = ch.writeDraining > 0 ? ch.writeQ : ch.readQ;
      for (let j = 0; j < queue.length; j++) {
        const id = queue[j]!;
        if (ch.bankQ[bankOf[id]!]!.length < config.bankQueue) {
          if (isWrite(id)) {
            // A read of the same location still waiting (in the read queue or a command
            // queue) must go first: stop draining.
            const sameLocation = (k: number) => !isWrite(k) && bankOf[k] === bankOf[id] && rowOf[k] === rowOf[id] && colOf[k] === colOf[id];
            if (ch.readQ.some(sameLocation) || ch.bankQ[bankOf[id]!]!.some(sameLocation)) {
              ch.writeDraining = 0;
              break;
            }
            ch.writeDraining--;
            ch.writesHeld--;
          } else {
            ch.readsHeld--;
          }
          ch.bankQ[bankOf[id]!]!.push(id);
          queue.splice(j, 1);
          break;
        }
      }
    }
    // Every request has its column command (the rest is fixed), or nothing will ever move
    // again (writes left in a buffer too short to drain).
    if (issued === n) break;
    if (
      next === n &&
      channels.every(
        (ch) =>
          ch.shell.length === 0 && ch.readQ.length === 0 && ch.writeDraining === 0 && ch.bankQ.every((q) => q.length === 0) &&
          ch.writeQ.length < Math.min(idleDrain, config.writeHighEntries),
      )
    ) {
      break;
    }
  }
  return { acceptedAt, completedAt, dataAt, commands, rowHits, rowMisses, rowConflicts };
}
