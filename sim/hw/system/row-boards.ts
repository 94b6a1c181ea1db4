import { rowSplit } from '../../compiler/ddr-layout.ts';
import type { CompiledProgram } from '../../compiler/compile-model.ts';
import type { VectorInstruction } from '../../isa/vector-instruction.ts';
import type { MemoryModel } from '../../memory/memory-model.ts';
import { Accelerator, type AcceleratorConfig } from './accelerator.ts';
import { BoardLink, type BoardLinkConfig } from './board-link.ts';

/**
 * Boards as row slices (`system.partition: rows`): the `boards × cores` cores each hold a
 * slice of every matrix's rows (cores k·cores … (k+1)·cores − 1 on board k), and every
 * all-gather also crosses the boards: a ring over the boards' link ports in B − 1 steps,
 * each board forwarding to the next the slice it received in the step before (its own
 * first), every message an engine event on the link. The gather completes when every board
 * has every slice and the on-board ring is done.
 */
export class RowBoards extends Accelerator {
  readonly link: BoardLink;

  constructor(
    config: AcceleratorConfig,
    programs: CompiledProgram[],
    memories: MemoryModel[],
    physical: MemoryModel[],
    readonly boards: number,
    link: BoardLinkConfig,
  ) {
    super(config, programs, memories, physical);
    this.link = new BoardLink(this.engine, this.clock, boards, link);
  }

  /** fp32 bytes of the rows board `b`'s cores hold of a vector of `length`, for every slot. */
  private boardSliceBytes(length: number, b: number): number {
    const C = this.cores.length;
    const per = C / this.boards;
    let rows = 0;
    for (let k = b * per; k < (b + 1) * per; k++) rows += rowSplit(length, C, k).count;
    return rows * 4 * this.slots;
  }

  protected override gatherAcrossBoards(inst: Extract<VectorInstruction, { op: 'all_gather' }>, latest: number, ringLast: number, finish: (last: number) => void): void {
    const B = this.boards;
    let pending = B * (B - 1);
    let last = ringLast;
    // Step `step`: board b sends the slice of board (b − step) mod B to board b + 1.
    const send = (b: number, step: number, at: number) => {
      const owner = (((b - step) % B) + B) % B;
      this.link.send(b, this.boardSliceBytes(inst.length, owner), at, (arrival) => {
        last = Math.max(last, arrival);
        if (step + 1 < B - 1) send((b + 1) % B, step + 1, arrival);
        if (--pending === 0) finish(last);
      });
    };
    for (let b = 0; b < B; b++) send(b, 0, latest);
  }
}
