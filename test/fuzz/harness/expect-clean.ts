import { expect } from 'vitest';
import type { CliSandbox, SandboxLimits, SandboxOutcome } from './cli-sandbox.ts';
import { uncleanOutcome } from './clean-outcome.ts';

/** Runs argv in the sandbox and fails (printing the argv and `context`) unless the outcome is clean. */
export async function expectClean(sandbox: CliSandbox, argv: string[], context: string, limits?: SandboxLimits): Promise<SandboxOutcome> {
  const o = await sandbox.run(argv, limits);
  expect(uncleanOutcome(o), `mmfsim ${argv.map((a) => JSON.stringify(a)).join(' ')}\n${context}`).toBeNull();
  return o;
}

/** The exit code of a clean outcome (-1 for a hang, memory or crash). */
export function exitCode(o: SandboxOutcome): number {
  return o.kind === 'exit' ? o.code : -1;
}
