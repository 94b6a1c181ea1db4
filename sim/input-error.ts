/**
 * Expected failures (bad input here; a failing simulation in `SimulationError` below).
 * Bad input is a value with context, not a bare `Error('invalid')`: every file mmfsim
 * reads (arch YAML, sweep YAML, config.json, safetensors, .tmi, traces) reports problems
 * through this class so the CLI can print one line naming the file, position and key, and
 * exit with code 2.
 */
export interface InputErrorContext {
  /** The file the bad input came from (as the user named it). */
  file?: string;
  /** 1-based line and column, when the format has them. */
  line?: number;
  column?: number;
  /** Dotted key path inside a structured file (`core.tmatmul.fifo_bytes`), or a tensor name. */
  key?: string;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly key?: string;
  /** What is wrong, without the location prefix. */
  readonly reason: string;

  constructor(reason: string, context: InputErrorContext = {}) {
    super(formatLocation(context) + reason);
    this.reason = reason;
    this.file = context.file;
    this.line = context.line;
    this.column = context.column;
    this.key = context.key;
  }
}

/** `file:line:col: key: ` — each part only when known. */
function formatLocation({ file, line, column, key }: InputErrorContext): string {
  let where = '';
  if (file !== undefined) {
    where += file;
    if (line !== undefined) where += `:${line}`;
    if (line !== undefined && column !== undefined) where += `:${column}`;
  }
  if (key !== undefined && key !== '') where += (where ? ': ' : '') + key;
  return where ? `${where}: ` : '';
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/**
 * A run that was started from valid input but cannot finish the way the hardware would: a
 * proven deadlock (naming the cycle and the units that wait), simulated time past the
 * engine's exact-integer horizon. Not a bug in mmfsim and not bad input in the sense of a
 * file that breaks a rule, so the CLI prints it as one line and exits with code 1.
 */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';
}

export function isSimulationError(e: unknown): e is SimulationError {
  return e instanceof SimulationError;
}
