import type { TernaryModel } from './ternary-model.ts';
import { IntegerForward } from './integer-forward.ts';
import { TokenSampler, type SamplingPolicy } from './sampling.ts';
import type { TfBackendName } from './tfjs-backend.ts';

export type ForwardImpl = 'reference' | 'integer';

/** What both forward passes offer the generation loop. */
export interface TokenStepper {
  reset(): void;
  /** Logits after this token (the array may be reused by the next call). */
  step(token: number): Float32Array;
}

export interface GenerateRequest {
  promptIds: number[];
  /** Tokens to generate after the prompt. */
  tokens: number;
  sampling: SamplingPolicy;
  /** Stop early on this id (it is kept in the output), e.g. the model's EOS. */
  stopId?: number | null;
  /** Called with each generated id (streaming output). */
  onToken?: (id: number) => void;
  /** Called after each forward step with the steps done and the most there can be (progress). */
  onStep?: (done: number, total: number) => void;
}

export interface GenerateResult {
  /** Generated ids only (the prompt excluded). */
  ids: number[];
  /** All V logits after the last prompt token. */
  promptLastLogits: Float32Array;
  /** Wall-clock milliseconds per forward step, over prompt and generated tokens. */
  msPerToken: number;
  steps: number;
}

export async function createStepper(
  model: TernaryModel,
  impl: ForwardImpl,
): Promise<{ stepper: TokenStepper; backend: TfBackendName | null; dispose(): void }> {
  switch (impl) {
    case 'integer':
      return { stepper: new IntegerForward(model), backend: null, dispose: () => {} };
    case 'reference': {
      // Loaded lazily: the integer path should not pay for starting tfjs.
      const { ReferenceForward } = await import('./reference-forward.ts');
      const ref = await ReferenceForward.create(model);
      return { stepper: ref, backend: ref.backend, dispose: () => ref.dispose() };
    }
    default: {
      const never: never = impl;
      throw new Error(`unknown implementation ${String(never)}`);
    }
  }
}

/**
 * Feed the prompt one token at a time (the recurrent state is the only context), then
 * choose and feed `tokens` more. The first generated token comes from the logits of the
 * last prompt token; the last generated token is not fed back (its logits are unused).
 */
export function generate(stepper: TokenStepper, req: GenerateRequest): GenerateResult {
  if (req.promptIds.length === 0) throw new RangeError('the prompt must hold at least one token');
  const sampler = new TokenSampler(req.sampling);
  stepper.reset();
  const start = performance.now();
  let steps = 0;
  const total = req.promptIds.length + Math.max(0, req.tokens - 1);
  let logits: Float32Array = new Float32Array(0);
  for (const id of req.promptIds) {
    logits = stepper.step(id);
    steps++;
    req.onStep?.(steps, total);
  }
  const promptLastLogits = Float32Array.from(logits);
  const ids: number[] = [];
  for (let n = 0; n < req.tokens; n++) {
    const id = sampler.next(logits);
    ids.push(id);
    req.onToken?.(id);
    if (req.stopId !== undefined && req.stopId !== null && id === req.stopId) break;
    if (n + 1 < req.tokens) {
      logits = stepper.step(id);
      steps++;
      req.onStep?.(steps, total);
    }
  }
  const msPerToken = (performance.now() - start) / steps;
  return { ids, promptLastLogits, msPerToken, steps };
}
