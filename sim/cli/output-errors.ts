/**
 * Writing the output can fail after the simulation succeeded: stdout redirected to a full
 * disk (ENOSPC), or a pipe whose reader has gone (EPIPE). Node reports these as an 'error'
 * event on the stream a tick after the write, which, unhandled, crashes the process with a
 * stack trace. We listen once for the life of the process, remember the first failure, and
 * let `main` turn it into one line and exit code 1.
 */
let watching = false;
let failure: NodeJS.ErrnoException | null = null;

export function watchOutput(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    failure ??= e;
  });
  // Nothing sensible is left to do when stderr itself cannot be written; never crash on it.
  process.stderr.on('error', () => {});
}

/** Waits until what was written to stdout has been handed to the system (or failed). */
export async function flushOutput(): Promise<void> {
  const out = process.stdout;
  if (out.writableLength > 0 && !out.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('error', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('error', done);
      out.on('close', done);
    });
  }
  // A failed synchronous write (files, pipes on Linux) emits its error on the next tick.
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The write failure since the last call, if any (and forget it). */
export function takeOutputError(): NodeJS.ErrnoException | null {
  const e = failure;
  failure = null;
  return e;
}
