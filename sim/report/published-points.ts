/**
 * Published FPGA results for MatMul-free language models, drawn on the sweep report's
 * Pareto scatter as labelled markers so a design can be placed against the literature.
 * Data only, each with its source; the figures are the papers' own (no fitting). Metrics use
 * the sweep contract's keys; a marker is drawn on a pair of axes only if it has both.
 *
 * Not the same quantity as a simulated point in every respect, and said so in `caveat`:
 * the paper measured its FPGA core rail (no DRAM), and its measured figure is one d = 512
 * block, not a whole model. Other published ternary designs (e.g. TeLLMe, arXiv 2504.16266)
 * run a different model (BitNet b1.58 Transformers) and are deliberately left out.
 */
export interface PublishedPoint {
  id: string;
  /** Short marker label. */
  label: string;
  system: string;
  board: string;
  model: string;
  kind: 'measured' | 'projection';
  metrics: Record<string, number>;
  caveat: string;
  source: { title: string; arxiv: string; where: string };
}

const MATMUL_FREE = { title: 'Scalable MatMul-free Language Modeling (Zhu et al.)', arxiv: '2406.02528' };
const TEREFFIC = { title: 'TerEffic: Highly Efficient Ternary LLM Inference on FPGA', arxiv: '2502.16473 v2' };

const point = (tokensPerS: number, watts: number) => ({ tokens_per_s: tokensPerS, 'power_w.total': watts, tokens_per_joule: tokensPerS / watts, energy_per_token_j: watts / tokensPerS });

export const PUBLISHED_POINTS: readonly PublishedPoint[] = [
  {
    id: 'paper-d5005-core',
    label: 'paper core, D5005 (1 block)',
    system: 'MatMul-free LM token-generation core',
    board: 'Intel D5005 PAC (Stratix 10 SX), one core at 60 MHz',
    model: 'one MLGRU block, d = 512',
    kind: 'measured',
    // 43 ms per block → 1 / 0.043 s = 23.3 blocks per second, at ≈ 13 W.
    metrics: { ...point(1 / 0.043, 13), 'power_w.fpga_total': 13 },
    caveat: 'Blocks per second of ONE d = 512 block (43 ms each), not tokens of a whole model; power is the board sensor\'s FPGA core rail (no DRAM).',
    source: { ...MATMUL_FREE, where: 'FPGA section: "completes a forward-pass of a block in 43 ms at d = 512", ≈13 W' },
  },
  {
    id: 'paper-d5005-1.3b-projection',
    label: 'paper projection, 1.3B',
    system: 'MatMul-free LM core, projected',
    board: 'Intel D5005 PAC (Stratix 10 SX)',
    model: 'MMfreeLM-1.3B',
    kind: 'projection',
    metrics: { ...point(24, 13), 'power_w.fpga_total': 13 },
    caveat: 'A projection (≈42 ms/token assuming DDR4 bursts, vendor memory IP and pipelining), not a measurement; 13 W is the core rail.',
    source: { ...MATMUL_FREE, where: 'FPGA section: ≈24 tokens/s projected for 1.3B at ≈13 W' },
  },
  {
    id: 'tereffic-hbm-2.7b',
    label: 'TerEffic HBM, 2.7B',
    system: 'TerEffic, HBM-assisted',
    board: 'one AMD Alveo U280, core at 150 MHz, 32 HBM2 pseudo-channels',
    model: 'MatMul-free 2.7B',
    kind: 'measured',
    metrics: point(727, 46),
    caveat: 'Batch 1; weights at 1.6 bits (5 trits per byte); how power was measured is not stated.',
    source: { ...TEREFFIC, where: 'HBM-assisted design: 727 tokens/s at 46 W' },
  },
  {
    id: 'tereffic-on-chip-370m',
    label: 'TerEffic on-chip, 370M',
    system: 'TerEffic, fully on-chip',
    board: 'two AMD Alveo U280s, layer-parallel over QSFP',
    model: 'MatMul-free 370M',
    kind: 'measured',
    // 455 tokens/s/W at 16,300 tokens/s → 16,300 / 455 = 35.8 W.
    metrics: { tokens_per_s: 16300, 'power_w.total': 16300 / 455, tokens_per_joule: 455, energy_per_token_j: 1 / 455 },
    caveat: 'Weights in on-chip URAM/BRAM of two boards (no DRAM traffic); batch 1; power derived from the published 455 tokens/s/W.',
    source: { ...TEREFFIC, where: 'fully on-chip design: 16,300 tokens/s, 455 tokens/s/W' },
  },
];
