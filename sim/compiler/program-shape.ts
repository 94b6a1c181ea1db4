import { compileModel } from './compile-model.ts';
import type { ModelConfig } from '../model/config.ts';
import type { LayerWeights, TernaryMatrix, TernaryModel } from '../model/ternary-model.ts';
import type { CoreSpec } from '../arch/core-schema.ts';
import type { BufferDecl, VectorInstruction } from '../isa/vector-instruction.ts';

/** What the resource estimate needs of a compiled program (compile-model.ts): instructions, buffers, image size. */
export interface VectorProgramShape {
  instructions: readonly VectorInstruction[];
  buffers: readonly BufferDecl[];
  /** `end`: first free DDR byte of the core's image (the port's address width covers it). */
  ddr: { end: number };
}

/**
 * The program shape (instructions, scratchpad buffers, DDR image size) core 0 runs for a
 * model of this config, compiled without weights: what the resource estimate needs, so a
 * sweep can check feasibility of a 2.7B design without generating 700 MB of weights.
 * The model handed to the compiler has every vector at its real length but no ternary
 * bytes (the compiler only reads shapes and names; the weights' values never reach it).
 * Zero-filled vectors are allocated lazily by the OS, so even the V × D embedding table
 * costs no touched memory.
 */
export function programShapeFromConfig(config: ModelConfig, core: Pick<CoreSpec, 'cores' | 'pipelining'>): VectorProgramShape {
  const { hiddenSize: D, intermediateSize: I, vocabSize: V, numLayers: L } = config;
  const noWeights = new Uint8Array(0);
  const matrix = (name: string, rows: number, cols: number): TernaryMatrix => ({
    name,
    rows,
    cols,
    gamma: 1,
    normGain: new Float32Array(cols),
    packed: noWeights,
    layout: 'input-fastest',
  });
  const layers: LayerWeights[] = Array.from({ length: L }, (_, l) => {
    const p = `model.layers.${l}`;
    return {
      attnNorm: new Float32Array(D),
      iProj: matrix(`${p}.attn.i_proj`, D, D),
      fProj: matrix(`${p}.attn.f_proj`, D, D),
      gProj: matrix(`${p}.attn.g_proj`, D, D),
      gNorm: new Float32Array(D),
      oProj: matrix(`${p}.attn.o_proj`, D, D),
      mlpNorm: new Float32Array(D),
      gateProj: matrix(`${p}.mlp.gate_proj`, 2 * I, D),
      downProj: matrix(`${p}.mlp.down_proj`, D, I),
      lowerBound: new Float32Array(D),
    };
  });
  const model: TernaryModel = {
    name: 'shape-only',
    dir: '',
    config,
    syntheticWeights: true,
    syntheticZeroFraction: null,
    // Never read: the layout sizes the embeddings from the shape (a 1.3B card's would be 260 MB).
    embeddings: new Float32Array(0),
    embeddingRow: () => {
      throw new Error('a shape-only model has no embeddings');
    },
    layers,
    finalNorm: new Float32Array(D),
    lmHead: matrix('lm_head', V, D),
  };
  const p = compileModel(model, 0, { cores: core.cores, fuseProjections: core.pipelining.fuse_projections, layout: 'input-fastest' });
  return { instructions: p.instructions, buffers: p.buffers, ddr: { end: p.ddr.end } };
}
