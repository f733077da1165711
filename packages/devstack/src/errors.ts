/** Every failure the dev stack reports is one of these, so callers can tell them apart by type. */
export class DevstackError extends Error {
  override readonly name: string = 'DevstackError';
}

/** A binary or build output the stack needs is not there. */
export class MissingBinaryError extends DevstackError {
  override readonly name = 'MissingBinaryError';
  constructor(
    readonly what: string,
    readonly path: string,
    hint: string,
  ) {
    super(`${what} not found at ${path}: ${hint}`);
  }
}

/** A child process ended before it became ready (or could not be spawned at all). */
export class ProcessExitedError extends DevstackError {
  override readonly name = 'ProcessExitedError';
  constructor(
    readonly label: string,
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly tail: readonly string[],
    cause?: Error,
  ) {
    super(
      `${label} exited before it was ready (${describeExit(code, signal, cause)})` + formatTail(tail),
      cause ? { cause } : undefined,
    );
  }
}

/** A child process is running but did not become ready in time. */
export class StartTimeoutError extends DevstackError {
  override readonly name = 'StartTimeoutError';
  constructor(
    readonly label: string,
    readonly timeoutMs: number,
    readonly tail: readonly string[],
  ) {
    super(`${label} was not ready after ${timeoutMs} ms` + formatTail(tail));
  }
}

/** A TCP port the stack wants for itself is taken. */
export class PortInUseError extends DevstackError {
  override readonly name = 'PortInUseError';
  constructor(readonly port: number, hint: string) {
    super(`port ${port} is already in use: ${hint}`);
  }
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null, error?: Error): string {
  if (error) return error.message;
  if (signal) return `killed by ${signal}`;
  return `exit code ${code}`;
}

function formatTail(tail: readonly string[]): string {
  return tail.length === 0 ? '; it printed nothing' : `; last output:\n  ${tail.join('\n  ')}`;
}
