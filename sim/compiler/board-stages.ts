import type { TernaryModel } from '../model/ternary-model.ts';

/**
 * What one board runs when the layers are split over boards (`system.partition: layers`):
 * layers [firstLayer, endLayer), the embedding fetch on the first board, the final norm and
 * lm_head on the last. A single board runs the whole model (`WHOLE_MODEL`).
 */
export interface BoardStage {
  firstLayer: number;
  endLayer: number;
  embed: boolean;
  head: boolean;
}

export function wholeModel(layers: number): BoardStage {
  return { firstLayer: 0, endLayer: layers, embed: true, head: true };
}

/** Whether matrix `index` of `ternaryMatrices(model)` (six per layer, then lm_head) runs on this stage. */
export function stageHoldsMatrix(stage: BoardStage, index: number, layers: number): boolean {
  if (index >= 6 * layers) return stage.head;
  const l = Math.floor(index / 6);
  return l >= stage.firstLayer && l < stage.endLayer;
}

/**
 * Split the layers over `boards` boards in order, each board a contiguous run of at least
 * one layer, so that the largest board's ternary weights (lm_head counted on the last) are
 * as few as possible: the boards then need the least memory each and take turns of nearly
 * equal length. Exact (dynamic programming over the cut points).
 */
export function splitLayers(model: TernaryModel, boards: number): BoardStage[] {
  const { hiddenSize: D, intermediateSize: I, vocabSize: V, numLayers: L } = model.config;
  if (!Number.isInteger(boards) || boards < 1 || boards > L) throw new RangeError(`${boards} boards cannot each hold at least one of ${L} layers`);
  const layer = 4 * D * D + 3 * D * I;
  const head = V * D;
  // cost(a, e, last): weights of layers [a, e) (+ the head on the last board).
  const cost = (a: number, e: number, last: boolean) => (e - a) * layer + (last ? head : 0);
  // best[b][e]: least largest board over boards 0..b-1 holding layers [0, e).
  const best = Array.from({ length: boards + 1 }, () => new Array<number>(L + 1).fill(Infinity));
  const cut = Array.from({ length: boards + 1 }, () => new Array<number>(L + 1).fill(-1));
  best[0]![0] = 0;
  for (let b = 1; b <= boards; b++) {
    for (let e = b; e <= L; e++) {
      for (let a = b - 1; a < e; a++) {
        const v = Math.max(best[b - 1]![a]!, cost(a, e, b === boards && e === L));
        if (v < best[b]![e]!) {
          best[b]![e] = v;
          cut[b]![e] = a;
        }
      }
    }
  }
  const stages: BoardStage[] = [];
  let e = L;
  for (let b = boards; b >= 1; b--) {
    const a = cut[b]![e]!;
    stages.unshift({ firstLayer: a, endLayer: e, embed: b === 1, head: b === boards });
    e = a;
  }
  return stages;
}

/**
 * The layers split over boards as given: board b runs `layers[b]` consecutive layers (each
 * at least one; together all of the model's), the embedding on the first, the head on the
 * last. A sampled run cuts every board to the same few layers (sim/run/sampled-run.ts).
 */
export function splitLayersAs(layers: readonly number[], total: number): BoardStage[] {
  if (layers.reduce((a, n) => a + n, 0) !== total || layers.some((n) => !Number.isInteger(n) || n < 1)) throw new RangeError(`layers per board ${layers.join('+')} do not split ${total} layers`);
  let first = 0;
  return layers.map((n, b) => {
    const stage = { firstLayer: first, endLayer: first + n, embed: b === 0, head: b === layers.length - 1 };
    first += n;
    return stage;
  });
}
