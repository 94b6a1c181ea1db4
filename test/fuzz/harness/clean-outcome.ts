import type { SandboxOutcome } from './cli-sandbox.ts';

/**
 * The contract every input must meet (issue 17): the command either runs (exit 0), or exits
 * 2 (bad input) or 1 (a genuine simulation failure) with exactly ONE line on stderr and no
 * stack trace, within the sandbox's time and memory limits. Returns what is wrong, or null.
 */
export function uncleanOutcome(o: SandboxOutcome): string | null {
  if (o.kind === 'timeout') return `hang: no exit within ${Math.round(o.ms)} ms`;
  if (o.kind === 'memory') return `memory grew by ${Math.round(o.rssGrowthMb)} MB`;
  if (o.kind === 'crash') return `worker crashed: ${o.message}`;
  if (/^\s+at .+[:(]/m.test(o.stderr) || /internal error/.test(o.stderr)) return `stack trace or internal error on stderr:\n${o.stderr}`;
  if (o.code === 0) return null;
  if (o.code !== 1 && o.code !== 2) return `exit code ${o.code}:\n${o.stderr}`;
  if (!o.stderr.endsWith('\n')) return `stderr does not end with a newline: ${JSON.stringify(o.stderr)}`;
  // Progress and notes (`mmfsim run: pass 3/19`, `mmfsim exec: symbol X placed …`) may come
  // first; the failure itself is the one `mmfsim: ` line, and the last.
  const lines = o.stderr.slice(0, -1).split('\n');
  const failures = lines.filter((l) => l.startsWith('mmfsim: '));
  if (failures.length !== 1 || lines[lines.length - 1] !== failures[0]) return `exit ${o.code} without exactly one final 'mmfsim: ' line on stderr:\n${o.stderr}`;
  if (o.code === 1 && !/^mmfsim: (simulation error|error: cannot write the output)/.test(failures[0]!)) return `exit 1 that is not a simulation error: ${failures[0]}`;
  return null;
}
