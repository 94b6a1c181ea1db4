import * as tf from '@tensorflow/tfjs-core';
import { BITLINEAR_NORM_EPS } from './integer-forward.ts';
import { QUANT_EPS } from './quantize.ts';
import type { TernaryMatrix, TernaryModel } from './ternary-model.ts';
import { unpackTernary } from './ternary-packing.ts';
import { selectTfBackend, type TfBackendName } from './tfjs-backend.ts';

/**
 * Float weights kept resident on the tfjs backend up to this many bytes; bigger models
 * unpack each matrix when it is used and free it right after (slow, but bounded memory:
 * the reference exists to check values, not to be fast).
 */
const RESIDENT_WEIGHT_BYTES = 768 * 2 ** 20;

/**
 * The float reference: the same model math as the released PyTorch code, written with
 * tfjs-core tensor ops (fake-quantised BitLinear: activations rounded to the int8 grid,
 * ternary weights as floats, a float matMul). Integer sums of |q| ≤ 128 over ≤ 2^17 inputs
 * are exact in float32, so it should agree with IntegerForward to float rounding.
 */
export class ReferenceForward {
  readonly model: TernaryModel;
  readonly backend: TfBackendName;
  private state: tf.Tensor2D[];
  private readonly resident: boolean;
  private readonly weights = new Map<TernaryMatrix, tf.Tensor2D>();
  private readonly gains = new Map<Float32Array, tf.Tensor1D>();

  private constructor(model: TernaryModel, backend: TfBackendName, residentWeightBytes: number) {
    this.model = model;
    this.backend = backend;
    const D = model.config.hiddenSize;
    this.state = model.layers.map(() => tf.zeros([1, D]) as tf.Tensor2D);
    const { hiddenSize: d, intermediateSize: I, vocabSize: V, numLayers: L } = model.config;
    const floats = L * (4 * d * d + 3 * d * I) + V * d;
    this.resident = floats * 4 <= residentWeightBytes;
  }

  /**
   * `backend` forces one tfjs backend (default: the fastest that loads);
   * `residentWeightBytes` overrides the budget for keeping float weights resident.
   */
  static async create(
    model: TernaryModel,
    options: { backend?: TfBackendName; residentWeightBytes?: number } = {},
  ): Promise<ReferenceForward> {
    const backend = await selectTfBackend(options.backend);
    return new ReferenceForward(model, backend, options.residentWeightBytes ?? RESIDENT_WEIGHT_BYTES);
  }

  reset(): void {
    for (const h of this.state) h.dispose();
    const D = this.model.config.hiddenSize;
    this.state = this.model.layers.map(() => tf.zeros([1, D]) as tf.Tensor2D);
  }

  /** Run one token; returns a fresh Float32Array of V logits. */
  step(token: number): Float32Array {
    const { vocabSize: V, hiddenSize: D, rmsNormEps: eps } = this.model.config;
    if (!Number.isInteger(token) || token < 0 || token >= V) throw new RangeError(`token id ${token} outside [0, ${V})`);
    const logits = tf.tidy(() => {
      let resid: tf.Tensor2D = tf.tensor2d(this.model.embeddingRow(token), [1, D]);
      this.model.layers.forEach((layer, l) => {
        // Token mixer (MLGRU).
        const x = this.rmsNorm(resid, layer.attnNorm, eps);
        let f = tf.sigmoid(this.bitLinear(layer.fProj, x));
        if (l > 0) {
          const lb = this.gain(layer.lowerBound);
          f = tf.add(lb, tf.mul(tf.sub(1, lb), f));
        }
        const c = this.bitLinear(layer.iProj, x);
        const i = tf.mul(tf.mul(c, tf.sigmoid(c)), tf.sub(1, f));
        const h = tf.add(tf.mul(f, this.state[l]!), i) as tf.Tensor2D;
        this.state[l]!.dispose();
        this.state[l] = tf.keep(h);
        const g = this.bitLinear(layer.gProj, x);
        const o = tf.mul(tf.mul(this.rmsNorm(g, layer.gNorm, eps), h), tf.sigmoid(h)) as tf.Tensor2D;
        resid = tf.add(resid, this.bitLinear(layer.oProj, o));
        // Channel mixer (GLU).
        const xm = this.rmsNorm(resid, layer.mlpNorm, eps);
        const [gate, up] = tf.split(this.bitLinear(layer.gateProj, xm), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
        const glu = tf.mul(tf.mul(gate, tf.sigmoid(gate)), up) as tf.Tensor2D;
        resid = tf.add(resid, this.bitLinear(layer.downProj, glu));
      });
      return this.bitLinear(this.model.lmHead, this.rmsNorm(resid, this.model.finalNorm, eps));
    });
    const out = logits.dataSync() as Float32Array;
    logits.dispose();
    return Float32Array.from(out);
  }

  dispose(): void {
    for (const h of this.state) h.dispose();
    for (const w of this.weights.values()) w.dispose();
    for (const g of this.gains.values()) g.dispose();
    this.weights.clear();
    this.gains.clear();
  }

  private rmsNorm(x: tf.Tensor2D, gain: Float32Array, eps: number): tf.Tensor2D {
    const ms = tf.mean(tf.square(x), 1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, eps))), this.gain(gain));
  }

  /** y = (q · tᵀ) · γ / s with q = clamp(roundHalfAway(x̂ · s), -128, 127). */
  private bitLinear(m: TernaryMatrix, x: tf.Tensor2D): tf.Tensor2D {
    const xn = this.rmsNorm(x, m.normGain, BITLINEAR_NORM_EPS);
    const s = tf.div(127, tf.maximum(tf.max(tf.abs(xn), 1, true), QUANT_EPS));
    const scaled = tf.mul(xn, s);
    const rounded = tf.mul(tf.sign(scaled), tf.floor(tf.add(tf.abs(scaled), 0.5)));
    const q = tf.clipByValue(rounded, -128, 127) as tf.Tensor2D;
    const w = this.weight(m);
    const y = tf.mul(tf.matMul(q, w, false, true), tf.div(m.gamma, s)) as tf.Tensor2D;
    if (!this.resident) w.dispose();
    return y;
  }

  private weight(m: TernaryMatrix): tf.Tensor2D {
    const cached = this.weights.get(m);
    if (cached) return cached;
    const t = unpackTernary(m.packed, { rows: m.rows, cols: m.cols, layout: m.layout });
    const w = tf.keep(tf.tensor2d(Float32Array.from(t), [m.rows, m.cols]));
    if (this.resident) this.weights.set(m, w);
    return w;
  }

  private gain(v: Float32Array): tf.Tensor1D {
    let g = this.gains.get(v);
    if (!g) {
      g = tf.keep(tf.tensor1d(v));
      this.gains.set(v, g);
    }
    return g;
  }
}
