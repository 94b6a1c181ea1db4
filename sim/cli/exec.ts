import { InputError } from '../input-error.ts';
import { parseSymbolList } from '../isa/assembler.ts';
import type { ExecOutcome } from '../hw/exec-program.ts';
import type { MemoryFill } from '../compiler/memory-image.ts';
import { simulateProgram } from '../run/simulate-program.ts';
import { formatPowerReport } from '../power/power-text.ts';
import { defineCommand } from './command.ts';

export const execCommand = defineCommand({
  name: 'exec',
  describe: 'Run a raw core program (.tmi) on a paper core (core.kind: paper) and report its cycles',
  builder: (y) =>
    y
      .option('arch', { type: 'string', demandOption: true, describe: 'Architecture YAML' })
      .option('program', { type: 'string', demandOption: true, describe: 'Program (.tmi assembly)' })
      .option('d', { type: 'number', describe: 'Override core.d (vector length)' })
      .option('symbols', { type: 'string', describe: 'Symbol addresses, e.g. X=0x0,WK=0x40000 (override the arch)' })
      .option('init', {
        choices: ['zero', 'random'] as const,
        default: 'random' as const,
        describe: 'Initial DDR contents: zero, or pseudo-random bytes from --seed',
      })
      .option('seed', { type: 'number', default: 1, describe: 'Seed for --init random' })
      .option('fast-forward', { type: 'boolean', default: true, describe: 'Serve provable memory requests without events (--no-fast-forward: every request as events; the same results)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object on stdout' }),
  run: (args) => {
    if (args.d !== undefined && (!Number.isInteger(args.d) || args.d < 1)) {
      throw new InputError(`expected a positive integer, got ${args.d}`, { key: '--d' });
    }
    if (!Number.isInteger(args.seed)) throw new InputError(`expected an integer, got ${args.seed}`, { key: '--seed' });
    const fill: MemoryFill = args.init === 'random' ? { kind: 'random', seed: args.seed } : { kind: 'zero' };
    const { result, outcome } = simulateProgram({
      arch: args.arch,
      program: args.program,
      d: args.d,
      symbols: args.symbols === undefined ? undefined : parseSymbolList(args.symbols),
      fill,
      fastForward: args['fast-forward'],
    });
    for (const p of outcome.placed) {
      process.stderr.write(`mmfsim exec: symbol ${p.name} not bound by the arch; placed at 0x${p.addr.toString(16)} (${p.bytes} bytes)\n`);
    }
    if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
    else process.stdout.write(execTable(outcome, result.arch, args.program) + formatPowerReport(result.power));
    return 0;
  },
});

function execTable(o: ExecOutcome, archName: string, programFile: string): string {
  const { run } = o;
  const rows = run.instructions.map((t) => [
    String(t.pc),
    o.program.source[t.pc]!.text,
    t.unit,
    String(t.issueCycle),
    String(t.doneCycle),
    String(t.unit === 'none' ? 0 : t.doneCycle - t.issueCycle),
  ]);
  const head = ['pc', 'instruction', 'unit', 'issue', 'done', 'busy'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i <= 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const lines = [
    `${programFile} on ${archName} (d = ${o.config.d}, ${run.clockHz / 1e6} MHz)`,
    '',
    fmt(head),
    fmt(widths.map((w) => '-'.repeat(w))),
    ...rows.map(fmt),
    '',
    `cycles         ${run.cycles}`,
    `time           ${(run.timeS * 1e3).toPrecision(6)} ms`,
    `unit busy      ${Object.entries(run.unitBusyCycles).map(([u, c]) => `${u} ${c}`).join(', ')}`,
    `memory         ${run.memory.reads} reads (${run.memory.bytesRead} B), ${run.memory.writes} writes (${run.memory.bytesWritten} B)`,
    '',
  ];
  return lines.join('\n');
}
