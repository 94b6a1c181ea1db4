import { SimulationError } from '../../input-error.ts';
import type { CompiledProgram } from '../../compiler/compile-model.ts';
import type { MemoryModel } from '../../memory/memory-model.ts';
import type { PassMode } from '../datapath/vector-datapath.ts';
import { Accelerator, type AcceleratorConfig } from './accelerator.ts';
import { BoardLink, type BoardLinkConfig } from './board-link.ts';

/**
 * Boards in a layer pipeline (`system.partition: layers`): board b runs a contiguous run of
 * layers (program b, one core), board 0 fetching the embedding and the last board running
 * the head. A pass is cut into one job per batch slot and board: board b starts slot s's job
 * when it has finished slot s − 1 and slot s's residual stream has arrived over the link
 * from board b − 1 (board 0: at once); when the job ends the board hands the residual (D
 * fp32 per slot) to its link port, and its arrival is an engine event. With one slot the
 * boards take turns; with several sequences (or prompt tokens) board b works on slot s
 * while board b + 1 works on slot s − 1: the pipeline comes out of these events.
 * Values: the residual's values cross with it (copied at send), so the tokens are the
 * single board's.
 */
export class LayerPipeline extends Accelerator {
  readonly link: BoardLink;
  /** Logits of each slot of the last pass (the last board's, copied as each job ends). */
  private readonly slotLogits: Float32Array[] = [];
  private readonly startHandler: number;
  private readonly startJob: (() => void)[];

  constructor(config: AcceleratorConfig, programs: CompiledProgram[], memories: MemoryModel[], physical: MemoryModel[], link: BoardLinkConfig) {
    super(config, programs, memories, physical);
    this.link = new BoardLink(this.engine, this.clock, programs.length, link);
    this.startJob = programs.map(() => () => {});
    this.startHandler = this.engine.register('layer-pipeline.start', (board) => this.startJob[board]!());
  }

  override runPass(tokens: readonly number[], mode: PassMode = { kind: 'prefill-one-sequence', sequence: 0 }): number {
    const S = tokens.length;
    if (S < 1 || S > this.config.batch) throw new RangeError(`a pass holds 1..${this.config.batch} tokens, got ${S}`);
    const B = this.cores.length;
    const start = Math.max(this.cycle, this.clock.cycleAtOrAfter(this.engine.now));
    this.slots = S;
    // What each slot's job on each board waits for, and the residual that came with it.
    const inputAt: number[][] = Array.from({ length: B }, (_, b) => new Array<number>(S).fill(b === 0 ? start : Infinity));
    const carried: (Float32Array | null)[][] = Array.from({ length: B }, () => new Array<Float32Array | null>(S).fill(null));
    const boardFree = new Array<number>(B).fill(start);
    const next = new Array<number>(B).fill(0);
    const running = new Array<boolean>(B).fill(false);
    let finished = 0;
    let passReady = start;
    // A job's mode: one slot, the state of the sequence that slot holds.
    const jobMode = (s: number): PassMode => (mode.kind === 'prefill-one-sequence' ? mode : { kind: 'sequences', sequences: [mode.sequences[s]!] });

    const tryStart = (b: number) => {
      const s = next[b]!;
      if (running[b] || s >= S || inputAt[b]![s] === Infinity) return;
      running[b] = true;
      const at = Math.max(boardFree[b]!, inputAt[b]![s]!);
      this.startJob[b] = () => {
        const d = this.datapaths[b];
        if (d) {
          d.beginPass(jobMode(s));
          const r = carried[b]![s];
          if (r) d.f32(this.programs[b]!.resid, 0).set(r);
        }
        this.cores[b]!.startPass(at, [tokens[s]!], (ready) => finish(b, s, ready));
      };
      this.engine.schedule(this.clock.timeOf(at), this.startHandler, b);
    };
    const finish = (b: number, s: number, ready: number) => {
      running[b] = false;
      boardFree[b] = ready;
      next[b]!++;
      const d = this.datapaths[b];
      if (b + 1 < B) {
        const resid = d ? Float32Array.from(d.f32(this.programs[b]!.resid, 0)) : null;
        this.link.send(b, this.programs[b]!.buffers[this.programs[b]!.resid]!.length * 4, ready, (arrival) => {
          inputAt[b + 1]![s] = arrival;
          carried[b + 1]![s] = resid;
          tryStart(b + 1);
        });
      } else {
        if (d) this.slotLogits[s] = Float32Array.from(d.f32(this.programs[b]!.logits, 0));
        passReady = Math.max(passReady, ready);
        finished++;
      }
      tryStart(b);
    };
    tryStart(0);
    this.engine.run();
    if (finished !== S) {
      const stuck = this.cores.map((c, b) => `board ${b} at slot ${next[b]} of ${S}: ${c.position()}`);
      throw new SimulationError(`deadlock at core cycle ${this.clock.cycleAtOrBefore(this.engine.now)} (pass from cycle ${start}): ${stuck.join('; ')}`);
    }
    this.cycle = passReady;
    return passReady - start;
  }

  override logits(slot: number): Float32Array {
    const l = this.slotLogits[slot];
    if (!l) throw new Error(this.datapaths[0] ? `no logits for slot ${slot}` : 'timing-only run: no values');
    return l;
  }
}
