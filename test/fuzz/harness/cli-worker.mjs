// A worker thread that runs `mmfsim` commands in-process for the fuzzing suite: each message
// is an argv; the reply is the exit code and everything written to stdout and stderr. The
// parent (cli-sandbox.ts) watches time and memory and terminates this worker when a case
// hangs or grows without bound: a hang in synchronous simulation code cannot be interrupted
// from inside the same thread, and a runaway allocation must not take the test process.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../../../sim/cli/main.ts');

parentPort.on('message', async ({ id, argv }) => {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = (s) => ((stdout += String(s)), true);
  process.stderr.write = (s) => ((stderr += String(s)), true);
  let code;
  try {
    code = await main(argv);
  } catch (e) {
    // main() never throws; if it does, that is the finding.
    code = -1;
    stderr += `main() threw: ${e && e.stack ? e.stack : String(e)}\n`;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  parentPort.postMessage({ id, code, stdout: stdout.length > 65536 ? stdout.slice(0, 65536) : stdout, stderr });
});
parentPort.postMessage({ ready: true });
