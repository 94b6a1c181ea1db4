import { InputError } from '../input-error.ts';
import { createStepper, generate, type ForwardImpl } from '../model/generate.ts';
import { loadModel } from '../model/load-model.ts';
import type { SamplingPolicy } from '../model/sampling.ts';
import { defineCommand } from './command.ts';
import { ProgressLines } from './progress-lines.ts';
import { resolvePrompt } from '../run/prompts.ts';

/** `mmfsim generate`: run a model (no hardware simulation) and print its continuation. */
export const generateCommand = defineCommand({
  name: 'generate',
  describe: 'Generate text with a model (reference or integer forward pass, no hardware timing)',
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'Model directory (config.json [+ safetensors])' })
      .option('prompt', { type: 'string', describe: 'Prompt text (needs a tokenizer)' })
      .option('prompt-ids', { type: 'string', describe: 'Prompt as comma-separated token ids, e.g. 1,2,3' })
      .option('tokens', { type: 'number', default: 32, describe: 'Tokens to generate' })
      .option('impl', {
        choices: ['integer', 'reference'] as const,
        default: 'integer' as const,
        describe: 'integer: the hardware arithmetic; reference: float math on tfjs',
      })
      .option('temperature', { type: 'number', describe: 'Sample with this temperature (default: greedy)' })
      .option('top-k', { type: 'number', describe: 'Sample among the k most likely tokens' })
      .option('seed', { type: 'number', default: 0, describe: 'Seed of sampling and of synthetic weights' })
      .option('zero-fraction', { type: 'number', describe: 'Zero fraction of synthetic ternary weights (default 0.31)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object on stdout' }),
  run: async (args) => {
    const { config, tokenizer, promptIds } = resolvePrompt(args);
    const tokens = args.tokens;
    const sampling = samplingPolicy(args.temperature, args['top-k'], args.seed);
    const V = config.vocabSize;

    const model = loadModel(args.model, { zeroFraction: args['zero-fraction'], syntheticSeed: args.seed });
    if (args['zero-fraction'] !== undefined && !model.syntheticWeights) {
      process.stderr.write('note: --zero-fraction ignored: this model has real weights\n');
    }
    const impl = args.impl as ForwardImpl;
    const { stepper, backend, dispose } = await createStepper(model, impl);
    // Long generations show life on stderr (a line at most every 2 s; none for a short one).
    const progress = new ProgressLines((line) => process.stderr.write(line));
    let result;
    try {
      result = generate(stepper, {
        onStep: (done, all) => progress.update(done, all, `mmfsim generate: step ${done}/${all}\n`),
        promptIds,
        tokens,
        sampling,
        // Synthetic weights produce EOS at random; only a trained model's EOS means "done".
        stopId: model.syntheticWeights ? null : model.config.eosTokenId,
      });
    } finally {
      dispose();
    }
    const text = tokenizer.kind === 'none' ? null : tokenizer.decode(result.ids);
    const promptText = tokenizer.kind === 'none' ? null : tokenizer.decode(promptIds);

    if (args.json) {
      const out = {
        model: model.name,
        model_dir: args.model,
        impl,
        backend,
        synthetic_weights: model.syntheticWeights,
        zero_fraction: model.syntheticZeroFraction,
        tokenizer: tokenizer.kind,
        sampling:
          sampling.kind === 'greedy'
            ? { kind: 'greedy' }
            : { kind: 'sample', temperature: sampling.temperature, top_k: sampling.topK, seed: sampling.seed },
        prompt_ids: promptIds,
        ids: result.ids,
        text,
        prompt_last_logits: Array.from(result.promptLastLogits),
        ms_per_token: round3(result.msPerToken),
        forward_steps: result.steps,
      };
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      process.stdout.write(text === null ? result.ids.join(' ') + '\n' : (promptText ?? '') + text + '\n');
      const notes = [
        `model ${model.name}`,
        `impl ${impl}${backend ? ` (tfjs backend ${backend})` : ''}`,
        model.syntheticWeights ? `SYNTHETIC weights (seed ${args.seed}, zero fraction ${model.syntheticZeroFraction})` : 'checkpoint weights',
        `${round3(result.msPerToken)} ms/token over ${result.steps} steps`,
      ];
      if (text === null) notes.push('no tokenizer: printed generated ids');
      process.stderr.write(`note: ${notes.join('; ')}\n`);
    }
    return 0;
  },
});

function samplingPolicy(temperature: number | undefined, topK: number | undefined, seed: number): SamplingPolicy {
  if (temperature === undefined && topK === undefined) return { kind: 'greedy' };
  const t = temperature ?? 1;
  if (!(Number.isFinite(t) && t >= 0)) throw new InputError(`expected a number >= 0, got ${temperature}`, { key: '--temperature' });
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) {
    throw new InputError(`expected a positive integer, got ${topK}`, { key: '--top-k' });
  }
  return { kind: 'sample', temperature: t, topK: topK ?? null, seed };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
