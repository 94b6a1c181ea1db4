import { Prng } from './prng.ts';

/**
 * Next-token choice. Greedy is the default and picks the lowest id on an exact tie, as
 * torch.argmax does (ties are common: logits are integer sums times one scale). Sampling
 * is softmax(logits / temperature), optionally restricted to the top-k logits, drawn from a
 * seeded PRNG so a run is reproducible.
 */
export type SamplingPolicy =
  | { kind: 'greedy' }
  | { kind: 'sample'; temperature: number; topK: number | null; seed: number };

export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

export class TokenSampler {
  private readonly prng: Prng | null;
  private order: Int32Array = new Int32Array(0);
  private weights: Float64Array = new Float64Array(0);

  constructor(readonly policy: SamplingPolicy) {
    this.prng = policy.kind === 'sample' ? new Prng(policy.seed) : null;
  }

  next(logits: Float32Array): number {
    const policy = this.policy;
    switch (policy.kind) {
      case 'greedy':
        return argmax(logits);
      case 'sample':
        return this.sample(logits, policy.temperature, policy.topK);
      default: {
        const never: never = policy;
        throw new Error(`unknown sampling policy ${JSON.stringify(never)}`);
      }
    }
  }

  private sample(logits: Float32Array, temperature: number, topK: number | null): number {
    const V = logits.length;
    if (temperature === 0) return argmax(logits);
    if (this.order.length !== V) {
      this.order = new Int32Array(V);
      this.weights = new Float64Array(V);
    }
    const order = this.order;
    for (let i = 0; i < V; i++) order[i] = i;
    // Candidates sorted by logit (descending), ties by id, so top-k is well defined.
    const k = topK === null ? V : Math.min(topK, V);
    if (k < V) order.sort((a, b) => logits[b]! - logits[a]! || a - b);
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[order[j]!]!);
    let total = 0;
    for (let j = 0; j < k; j++) {
      const w = Math.exp((logits[order[j]!]! - max) / temperature);
      this.weights[j] = w;
      total += w;
    }
    let u = this.prng!.nextFloat() * total;
    for (let j = 0; j < k; j++) {
      u -= this.weights[j]!;
      if (u < 0) return order[j]!;
    }
    return order[k - 1]!;
  }
}
