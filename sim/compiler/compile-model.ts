import type { TernaryModel } from '../model/ternary-model.ts';
import type { PackLayout } from '../model/ternary-packing.ts';
import type { BufferDecl, MatmulPart, QuantizePart, VectorInstruction } from '../isa/vector-instruction.ts';
import type { WeightFormatName } from '../isa/weight-formats.ts';
import { layoutDdr, vectorRegion, type DdrLayout } from './ddr-layout.ts';
import { wholeModel, type BoardStage } from './board-stages.ts';

export interface CompileOptions {
  cores: number;
  /** One tmatmul (and one quantise pass) for f/i/g instead of three. */
  fuseProjections: boolean;
  layout: PackLayout;
  /** Stored weight format (default ternary-2bit). */
  format?: WeightFormatName;
  /** Byte address of this core's DDR image (default 0: a private memory). */
  ddrBase?: number;
  /**
   * The part of the model this core's board runs when the layers are split over boards
   * (default: all of it). Without the embedding, the residual stream arrives from the
   * previous board before the program starts; without the head, it leaves for the next one
   * after the program ends (the system moves it over the link).
   */
  stage?: BoardStage;
}

/** Where in the model an instruction belongs (for the per-layer cycle breakdown). */
export type Stage = 'embed' | `layer${number}.mlgru` | `layer${number}.glu` | 'head';

/** One core's program for one forward pass (any number of batch slots) and its DDR image. */
export interface CompiledProgram {
  core: number;
  instructions: VectorInstruction[];
  /** Stage of each instruction. */
  stages: Stage[];
  buffers: BufferDecl[];
  /** Buffer of the logits (fp32, V per slot). */
  logits: number;
  /** Buffer of the residual stream (fp32, D per slot): what crosses the link between layer-split boards. */
  resid: number;
  ddr: DdrLayout;
  /** γ of each matrix of the layout's table (the fp32 immediate of its tmatmul parts). */
  gammas: Float64Array;
}

/**
 * Lower one token (or up to `batch` tokens sharing each weight pass: one sequence's prompt
 * tokens, or one token of each of several sequences — the program is the same, the pass mode
 * of the datapath decides whose recurrent state a slot updates) of an HGRNBit model to
 * the generalised core, as docs/model-spec.md computes it: embedding row fetch, per layer the
 * MLGRU token mixer and GLU channel mixer, final norm and lm_head. Every BitLinear is a
 * quantise (RMSNorm ε 1e-6 with its own gain, absmax int8) then a tmatmul of this core's row
 * slice; with several cores each vector a later op needs whole is all-gathered.
 * Constants (norm gains, lower bounds) are loaded from DDR where they are needed, so their
 * traffic is simulated with the weights'.
 */
export function compileModel(model: TernaryModel, core: number, options: CompileOptions): CompiledProgram {
  const { hiddenSize: D, intermediateSize: I, vocabSize: V, numLayers: L, rmsNormEps: eps } = model.config;
  const stage = options.stage ?? wholeModel(L);
  const ddr = layoutDdr(model, options.cores, core, options.layout, options.ddrBase ?? 0, options.format, options.stage);
  const buffers: BufferDecl[] = [];
  const buf = (name: string, format: 'f32' | 'i8', length: number, state = false) => {
    buffers.push({ name, format, length, ...(state ? { state } : {}) });
    return buffers.length - 1;
  };
  const resid = buf('resid', 'f32', D);
  const x = buf('x', 'f32', D);
  const qf = buf('q_f', 'i8', D);
  const qi = buf('q_i', 'i8', D);
  const qg = buf('q_g', 'i8', D);
  const f = buf('f', 'f32', D);
  const c = buf('c', 'f32', D);
  const g = buf('g', 'f32', D);
  const hs = buf('h_t', 'f32', D);
  const o = buf('o', 'f32', D);
  const qo = buf('q_o', 'i8', D);
  const y = buf('y', 'f32', D);
  const qx = buf('q_x', 'i8', D);
  const gateUp = buf('gate_up', 'f32', 2 * I);
  const glu = buf('glu', 'f32', I);
  const qglu = buf('q_glu', 'i8', I);
  const logits = buf('logits', 'f32', V);
  const gainA = buf('gain_norm', 'f32', D);
  const gainF = buf('gain_f', 'f32', D);
  const gainI = buf('gain_i', 'f32', D);
  const gainG = buf('gain_g', 'f32', D);
  const gainGN = buf('gain_g_norm', 'f32', D);
  const gainO = buf('gain_o', 'f32', D);
  const gainGate = buf('gain_gate', 'f32', D);
  const gainDown = buf('gain_down', 'f32', I);
  const lb = buf('lower_bound', 'f32', D);
  // Recurrent states: one copy per sequence (the datapath allocates `batch` of them).
  const states = Array.from({ length: L }, (_, l) => buf(`h${l}`, 'f32', D, true));

  const instructions: VectorInstruction[] = [];
  const stages: Stage[] = [];
  let at: Stage = 'embed';
  const emit = (i: VectorInstruction) => {
    instructions.push(i);
    stages.push(at);
  };
  const load = (dst: number, name: string) => {
    const r = vectorRegion(ddr, name);
    emit({ op: 'load', dst, addr: r.addr, length: r.length });
  };
  const part = (matrix: number, src: number, dst: number): MatmulPart => {
    const s = ddr.slices[matrix]!;
    return { matrix, src, dst, rowStart: s.rowStart, rows: s.rows, cols: ddr.matrices[matrix]!.cols, addr: s.addr, bytes: s.bytes };
  };
  const gather = (b: number, length: number) => {
    if (options.cores > 1) emit({ op: 'all_gather', buf: b, length });
  };
  const matrixIndex = new Map(ddr.matrices.map((m, i) => [m, i]));
  const idx = (m: (typeof ddr.matrices)[number]) => matrixIndex.get(m)!;

  if (stage.embed) emit({ op: 'load_embed', dst: resid, base: vectorRegion(ddr, 'embeddings').addr, length: D });
  model.layers.forEach((layer, l) => {
    if (l < stage.firstLayer || l >= stage.endLayer) return;
    at = `layer${l}.mlgru`;
    // Constants first: the load/store unit fetches them while earlier work proceeds.
    load(gainA, `layers.${l}.attn_norm`);
    load(gainF, `${layer.fProj.name}.norm`);
    load(gainI, `${layer.iProj.name}.norm`);
    load(gainG, `${layer.gProj.name}.norm`);
    if (l > 0) load(lb, `layers.${l}.lower_bound`);
    load(gainGN, `layers.${l}.g_norm`);
    load(gainO, `${layer.oProj.name}.norm`);
    emit({ op: 'rmsnorm', src: resid, gain: gainA, eps, dst: x, length: D });
    const qParts: [QuantizePart, MatmulPart][] = [
      [{ src: x, gain: gainF, dst: qf }, part(idx(layer.fProj), qf, f)],
      [{ src: x, gain: gainI, dst: qi }, part(idx(layer.iProj), qi, c)],
      [{ src: x, gain: gainG, dst: qg }, part(idx(layer.gProj), qg, g)],
    ];
    if (options.fuseProjections) {
      // The layout stores i, f, g contiguously: stream them in address order.
      const byAddr = [...qParts].sort((a, b) => a[1].addr - b[1].addr);
      emit({ op: 'quantize', parts: byAddr.map((p) => p[0]), length: D });
      emit({ op: 'tmatmul', parts: byAddr.map((p) => p[1]) });
    } else {
      for (const [qp, mp] of qParts) {
        emit({ op: 'quantize', parts: [qp], length: D });
        emit({ op: 'tmatmul', parts: [mp] });
      }
    }
    gather(f, D);
    gather(c, D);
    gather(g, D);
    emit({ op: 'mlgru_state', f, c, h: states[l]!, hOut: hs, lb: l > 0 ? lb : null, length: D });
    emit({ op: 'rmsnorm', src: g, gain: gainGN, eps, dst: o, length: D });
    emit({ op: 'gated_out', o, h: hs, length: D });
    emit({ op: 'quantize', parts: [{ src: o, gain: gainO, dst: qo }], length: D });
    emit({ op: 'tmatmul', parts: [part(idx(layer.oProj), qo, y)] });
    gather(y, D);
    emit({ op: 'add', dst: resid, src: y, length: D });

    at = `layer${l}.glu`;
    load(gainA, `layers.${l}.mlp_norm`);
    load(gainGate, `${layer.gateProj.name}.norm`);
    load(gainDown, `${layer.downProj.name}.norm`);
    emit({ op: 'rmsnorm', src: resid, gain: gainA, eps, dst: x, length: D });
    emit({ op: 'quantize', parts: [{ src: x, gain: gainGate, dst: qx }], length: D });
    emit({ op: 'tmatmul', parts: [part(idx(layer.gateProj), qx, gateUp)] });
    gather(gateUp, 2 * I);
    emit({ op: 'glu', src: gateUp, dst: glu, length: I });
    emit({ op: 'quantize', parts: [{ src: glu, gain: gainDown, dst: qglu }], length: I });
    emit({ op: 'tmatmul', parts: [part(idx(layer.downProj), qglu, y)] });
    gather(y, D);
    emit({ op: 'add', dst: resid, src: y, length: D });
  });
  // γ only when the datapath reads it (a synthetic matrix's γ is drawn with its weights).
  let gammas: Float64Array | null = null;
  const program: CompiledProgram = {
    core,
    instructions,
    stages,
    buffers,
    logits,
    ddr,
    resid,
    get gammas(): Float64Array {
      return (gammas ??= Float64Array.from(ddr.matrices, (m) => m.gamma));
    },
  };
  if (!stage.head) return program;
  at = 'head';
  load(gainA, 'norm');
  load(gainGate, `${model.lmHead.name}.norm`);
  emit({ op: 'rmsnorm', src: resid, gain: gainA, eps, dst: x, length: D });
  emit({ op: 'quantize', parts: [{ src: x, gain: gainGate, dst: qx }], length: D });
  emit({ op: 'tmatmul', parts: [part(idx(model.lmHead), qx, logits)] });
  gather(logits, V);
  // Core 0 writes the logits back for the host's next-token choice.
  if (core === 0) emit({ op: 'store', src: logits, addr: vectorRegion(ddr, 'logits').addr, length: V });
  return program;
}

/** Ternary weights (MACs per token) of a model: what one pass applies to each slot. */
export function weightsPerToken(model: TernaryModel): number {
  const { hiddenSize: D, intermediateSize: I, vocabSize: V, numLayers: L } = model.config;
  return L * (4 * D * D + 3 * D * I) + V * D;
}
