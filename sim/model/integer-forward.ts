import { quantizeActivations } from './quantize.ts';
import type { TernaryMatrix, TernaryModel } from './ternary-model.ts';
import { TernaryMatVec, type MatVecKernel } from './ternary-matvec.ts';

/** The RMSNorm inside every BitLinear always uses this epsilon (fused inference path). */
export const BITLINEAR_NORM_EPS = 1e-6;

/**
 * What one BitLinear computed, for a simulator that checks its datapath op by op. The
 * arrays are views into the forward pass's scratch buffers: read (or copy) them inside the
 * callback, they are overwritten by the next op.
 */
export interface BitLinearTrace {
  matrix: TernaryMatrix;
  /** Normalised input x̂ (float32, length cols). */
  normalized: Float32Array;
  /** int8 activations q. */
  q: Int8Array;
  /** Activation scale s (fp32). */
  scale: number;
  /** Exact integer sums Σ t·q (length rows). */
  sums: Int32Array;
  /** Output y = sums · γ / s (float32, length rows). */
  output: Float32Array;
}

export interface IntegerForwardOptions {
  /** Called after every BitLinear (all layers, then lm_head). */
  onBitLinear?: (trace: BitLinearTrace) => void;
  /** The ternary kernel (default: the fastest available; all give the same sums). */
  kernel?: MatVecKernel;
}

/**
 * The hardware's arithmetic, one token at a time: int8 activations × ternary weights summed
 * exactly in integers, the scales γ / s applied afterwards, nonlinearities and norms in
 * float32 storage (float64 arithmetic per element). State is the L recurrent vectors h
 * (D floats each); there is no KV cache, so every token costs the same.
 *
 * Use `step(token)` for whole tokens, or the per-layer pieces (`embed`, `tokenMixer`,
 * `channelMixer`, `head`) and `bitLinear` to follow the computation op by op. All buffers
 * are allocated once here; nothing inside a token allocates.
 */
export class IntegerForward {
  readonly model: TernaryModel;
  /** Recurrent state h of every layer (length D each). */
  readonly state: Float32Array[];
  /** The residual stream of the current token (length D). */
  readonly resid: Float32Array;
  /** Logits of the last `step`/`head` call (length V). */
  readonly logits: Float32Array;

  private readonly onBitLinear?: (trace: BitLinearTrace) => void;
  private readonly kernel: MatVecKernel;
  private readonly xhat: Float32Array;
  private readonly q: Int8Array;
  private readonly sums: Int32Array;
  private readonly x: Float32Array;
  private readonly f: Float32Array;
  private readonly c: Float32Array;
  private readonly g: Float32Array;
  private readonly o: Float32Array;
  private readonly y: Float32Array;
  private readonly glu: Float32Array;
  private readonly gateUp: Float32Array;

  constructor(model: TernaryModel, options: IntegerForwardOptions = {}) {
    const { hiddenSize: D, intermediateSize: I, vocabSize: V, numLayers: L } = model.config;
    this.model = model;
    this.onBitLinear = options.onBitLinear;
    this.kernel = options.kernel ?? new TernaryMatVec();
    const widest = Math.max(D, I, 2 * I, V);
    this.state = Array.from({ length: L }, () => new Float32Array(D));
    this.resid = new Float32Array(D);
    this.logits = new Float32Array(V);
    this.xhat = new Float32Array(Math.max(D, I));
    this.q = new Int8Array(Math.max(D, I));
    this.sums = new Int32Array(widest);
    this.x = new Float32Array(D);
    this.f = new Float32Array(D);
    this.c = new Float32Array(D);
    this.g = new Float32Array(D);
    this.o = new Float32Array(D);
    this.y = new Float32Array(D);
    this.glu = new Float32Array(I);
    this.gateUp = new Float32Array(2 * I);
  }

  /** Forget the recurrent state (start a new sequence). */
  reset(): void {
    for (const h of this.state) h.fill(0);
  }

  /** Run one token through the model; returns the logits (a view, overwritten by the next step). */
  step(token: number): Float32Array {
    this.embed(token);
    for (let l = 0; l < this.model.layers.length; l++) {
      this.tokenMixer(l);
      this.channelMixer(l);
    }
    return this.head();
  }

  /** resid = embeddings[token]. */
  embed(token: number): void {
    const V = this.model.config.vocabSize;
    if (!Number.isInteger(token) || token < 0 || token >= V) throw new RangeError(`token id ${token} outside [0, ${V})`);
    this.resid.set(this.model.embeddingRow(token));
  }

  /** MLGRU of layer l: updates state[l] and adds BitLinear_o(o) to resid. */
  tokenMixer(l: number): void {
    const layer = this.model.layers[l]!;
    const eps = this.model.config.rmsNormEps;
    const { x, f, c, g, o, y, resid } = this;
    const h = this.state[l]!;
    const lb = layer.lowerBound;
    rmsNorm(resid, layer.attnNorm, eps, x);
    this.bitLinear(layer.fProj, x, f);
    this.bitLinear(layer.iProj, x, c);
    this.bitLinear(layer.gProj, x, g);
    const bounded = l > 0;
    for (let d = 0; d < h.length; d++) {
      let fd = sigmoid(f[d]!);
      if (bounded) fd = lb[d]! + (1 - lb[d]!) * fd;
      const cd = c[d]!;
      const id = cd * sigmoid(cd) * (1 - fd);
      h[d] = fd * h[d]! + id;
    }
    rmsNorm(g, layer.gNorm, eps, o);
    for (let d = 0; d < o.length; d++) {
      const hd = h[d]!;
      o[d] = o[d]! * hd * sigmoid(hd);
    }
    this.bitLinear(layer.oProj, o, y);
    for (let d = 0; d < resid.length; d++) resid[d] = resid[d]! + y[d]!;
  }

  /** GLU of layer l: adds BitLinear_down(swish(gate) · up) to resid. */
  channelMixer(l: number): void {
    const layer = this.model.layers[l]!;
    const I = this.model.config.intermediateSize;
    const { x, y, resid, gateUp, glu } = this;
    rmsNorm(resid, layer.mlpNorm, this.model.config.rmsNormEps, x);
    this.bitLinear(layer.gateProj, x, gateUp);
    for (let k = 0; k < I; k++) {
      const gk = gateUp[k]!;
      glu[k] = gk * sigmoid(gk) * gateUp[I + k]!;
    }
    this.bitLinear(layer.downProj, glu, y);
    for (let d = 0; d < resid.length; d++) resid[d] = resid[d]! + y[d]!;
  }

  /** logits = BitLinear_lm_head(RMSNorm(resid; model.norm)). */
  head(): Float32Array {
    rmsNorm(this.resid, this.model.finalNorm, this.model.config.rmsNormEps, this.x);
    this.bitLinear(this.model.lmHead, this.x, this.logits);
    return this.logits;
  }

  /**
   * One BitLinear: RMSNorm (eps 1e-6, the matrix's own gain), per-token int8 quantisation,
   * exact ternary sums, then y = sum · γ / s. `input` has m.cols values, `out` m.rows.
   */
  bitLinear(m: TernaryMatrix, input: Float32Array, out: Float32Array): void {
    const { xhat, q, sums } = this;
    rmsNorm(input, m.normGain, BITLINEAR_NORM_EPS, xhat, m.cols);
    const s = quantizeActivations(xhat, q, m.cols);
    this.kernel.run(m, q, sums);
    const scale = m.gamma / s;
    for (let r = 0; r < m.rows; r++) out[r] = sums[r]! * scale;
    // Views are only made when someone listens, so an untraced token allocates nothing.
    if (this.onBitLinear) {
      this.onBitLinear({
        matrix: m,
        normalized: xhat.subarray(0, m.cols),
        q: q.subarray(0, m.cols),
        scale: s,
        sums: sums.subarray(0, m.rows),
        output: out.subarray(0, m.rows),
      });
    }
  }
}

/** out[0..n) = x / sqrt(mean(x²) + eps) · gain over the first n elements (default: all of x). */
export function rmsNorm(x: Float32Array, gain: Float32Array, eps: number, out: Float32Array, n: number = x.length): void {
  let ss = 0;
  for (let i = 0; i < n; i++) ss += x[i]! * x[i]!;
  const inv = 1 / Math.sqrt(ss / n + eps);
  for (let i = 0; i < n; i++) out[i] = x[i]! * inv * gain[i]!;
}

export function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}
