import { SingleBar, Presets } from 'cli-progress';
import { formatPowerReport } from '../power/power-text.ts';
import { DEFAULT_PROMPT_TEXT, parseIdList } from '../run/prompts.ts';
import type { RunResult } from '../run/run-result.ts';
import { BUNDLED_MODEL_DIR, simulate } from '../run/simulate.ts';
import { defineCommand } from './command.ts';
import { ProgressLines } from './progress-lines.ts';
import { runSummary } from './run-summary.ts';

/** `mmfsim run`: run a model's tokens through the simulated accelerator. */
export const runCommand = defineCommand({
  name: 'run',
  describe: 'Run a model on a simulated accelerator: tokens, cycles, DDR traffic, power',
  builder: (y) =>
    y
      .option('arch', { type: 'string', demandOption: true, describe: 'Architecture YAML' })
      .option('model', { type: 'string', default: BUNDLED_MODEL_DIR, defaultDescription: 'the bundled models/pycode-tiny', describe: 'Model directory (config.json [+ safetensors])' })
      .option('prompt', { type: 'string', array: true, nargs: 1, describe: `Prompt text (needs a tokenizer); repeat for several sequences decoded together. Without --prompt and --prompt-ids: ${JSON.stringify(DEFAULT_PROMPT_TEXT)}, or the BOS id for a model without a tokenizer` })
      .option('prompt-ids', { type: 'string', array: true, nargs: 1, describe: 'Prompt as comma-separated token ids, e.g. 1,2,3; repeat for several sequences' })
      .option('sequences', { type: 'number', describe: 'Decode N sequences together (≤ core.batch): the one prompt replicated N times' })
      .option('tokens', { type: 'number', default: 16, describe: 'Tokens to generate greedily after the prompt' })
      .option('timing-only', { type: 'boolean', default: false, describe: 'Skip the datapath values (no ids, no fidelity): timing only' })
      .option('sampled', { type: 'boolean', default: false, describe: 'Estimate instead of simulating every layer: the model cut to 1 and 2 layers is simulated and every counter carried linearly to all layers (implies --timing-only; the error measured on the shipped configs is printed with the result)' })
      .option('fast-forward', { type: 'boolean', default: true, describe: 'Serve provable weight-stream memory round trips without events (identical results; --no-fast-forward runs event by event)' })
      .option('seed', { type: 'number', default: 0, describe: 'Seed of synthetic weights' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object on stdout' })
      .option('report', { type: 'string', describe: 'Also write the HTML run report to FILE.html (without a value: reports/run-<arch>.html); its path is printed (stderr with --json)' }),
  run: async (args) => {
    const bar = !args.json && process.stderr.isTTY ? new SingleBar({ format: 'simulating {bar} {value}/{total} passes, {tokens} tokens', stream: process.stderr }, Presets.shades_classic) : null;
    let barStarted = false;
    const lines = new ProgressLines((line) => process.stderr.write(line));
    let out: RunResult;
    try {
      out = simulate({
        arch: args.arch,
        model: args.model,
        prompt: args.prompt,
        promptIds: args['prompt-ids']?.map((list, i) => parseIdList(list, i)),
        sequences: args.sequences,
        tokens: args.tokens,
        timingOnly: args['timing-only'],
        sampled: args.sampled,
        fastForward: args['fast-forward'],
        seed: args.seed,
        // Tokens: prompt + generated over all sequences (a pass advances every sequence).
        onPass: (done, all, processed) => {
          if (bar) {
            if (!barStarted) bar.start(all, 0, { tokens: 0 });
            barStarted = true;
            bar.update(done, { tokens: processed });
          }
          // Without a terminal: a plain line every few seconds (long runs still show life).
          else lines.update(done, all, `mmfsim run: pass ${done}/${all}, ${processed} tokens\n`);
        },
      });
    } finally {
      bar?.stop();
    }
    if (args.json) process.stdout.write(JSON.stringify(out) + '\n');
    else process.stdout.write(runSummary(out) + formatPowerReport(out.power));
    if (args.report !== undefined) {
      // Loaded only when asked for: d3 and linkedom are not every run's business.
      const { defaultReportPath, runDoc, runReport, writeReport } = await import('../report/index.ts');
      const path = writeReport(runReport([{ doc: runDoc(out, 'simulate()'), source: args.arch }]), args.report.trim() === '' ? defaultReportPath('run', [out.arch]) : args.report);
      // stdout holds exactly the JSON object with --json: the path goes to stderr then.
      (args.json ? process.stderr : process.stdout).write(`report written: ${path}\n`);
    }
    return 0;
  },
});
