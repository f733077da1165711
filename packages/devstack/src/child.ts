import { spawn, type ChildProcess } from 'node:child_process';
import { ProcessExitedError, StartTimeoutError } from './errors';

export type OutputStream = 'stdout' | 'stderr';
export type LineListener = (line: string, stream: OutputStream) => void;

export interface SpawnOptions {
  /** Name used in messages and errors, e.g. "redis" or "parser". */
  label: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  /** The child's complete environment (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  /** How many recent output lines to keep for error messages (default 50). */
  tailLines?: number;
  onLine?: LineListener;
  /**
   * Put the child in its own process group, so a terminal Ctrl-C reaches only us and we can stop children
   * in order (services before their databases). Children are still killed if this process exits.
   */
  isolate?: boolean;
}

export interface WaitOptions {
  timeoutMs: number;
  /** Delay between checks (default 50 ms). */
  intervalMs?: number;
}

const MAX_LINE = 16 * 1024;
const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

/**
 * A spawned child whose output is split into lines (kept as a short tail and passed to listeners), and
 * which can be stopped gracefully: SIGTERM, then SIGKILL if it has not exited in time.
 */
export class ManagedProcess {
  readonly label: string;
  /** Resolves with the exit code once the child is gone and its output is read (null: killed by a signal). */
  readonly exited: Promise<number | null>;

  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private readonly tailLimit: number;
  private readonly listeners = new Set<LineListener>();
  private exitCodeValue: number | null | undefined;
  private exitSignalValue: NodeJS.Signals | null = null;
  private spawnErrorValue: Error | undefined;
  private stopping: Promise<number | null> | undefined;

  constructor(options: SpawnOptions) {
    this.label = options.label;
    this.tailLimit = options.tailLines ?? 50;
    if (options.onLine) this.listeners.add(options.onLine);

    this.child = spawn(options.command, options.args ?? [], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.isolate ?? false,
    });
    live.add(this);
    installExitHook();

    const flushers = [this.readLines(this.child.stdout, 'stdout'), this.readLines(this.child.stderr, 'stderr')];
    this.exited = new Promise((resolve) => {
      const done = (): void => {
        live.delete(this);
        for (const flush of flushers) flush();
        resolve(this.exitCodeValue ?? null);
      };
      this.child.on('error', (error) => {
        // Spawn failures (ENOENT, EACCES) end here; errors from kill() on a live child do not.
        if (this.child.pid !== undefined && this.exitCodeValue === undefined) return;
        this.spawnErrorValue = error;
        this.exitCodeValue ??= null;
        done();
      });
      this.child.once('exit', (code, signal) => {
        this.exitCodeValue = code;
        this.exitSignalValue = signal;
        // 'close' follows once stdout/stderr are drained; don't hang if a grandchild keeps them open.
        const timer = setTimeout(done, 1000);
        timer.unref();
        this.child.once('close', () => {
          clearTimeout(timer);
          done();
        });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True until the child has exited (or failed to spawn). */
  get running(): boolean {
    return this.exitCodeValue === undefined && this.spawnErrorValue === undefined;
  }

  get exitCode(): number | null | undefined {
    return this.exitCodeValue;
  }

  get exitSignal(): NodeJS.Signals | null {
    return this.exitSignalValue;
  }

  get spawnError(): Error | undefined {
    return this.spawnErrorValue;
  }

  /** The most recent output lines, oldest first (stdout and stderr interleaved as they arrived). */
  recentLines(): string[] {
    return [...this.tail];
  }

  onLine(listener: LineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The error to report when this process ended while something was waiting for it. */
  exitedError(): ProcessExitedError {
    return new ProcessExitedError(
      this.label,
      this.exitCodeValue ?? null,
      this.exitSignalValue,
      this.recentLines(),
      this.spawnErrorValue,
    );
  }

  /**
   * Polls `check` until it returns true. Rejects with ProcessExitedError as soon as the child exits and with
   * StartTimeoutError after `timeoutMs`. A check that throws counts as "not yet".
   */
  async waitUntil(check: () => boolean | Promise<boolean>, options: WaitOptions): Promise<void> {
    const deadline = Date.now() + options.timeoutMs;
    const interval = options.intervalMs ?? 50;
    let gone = false;
    void this.exited.then(() => (gone = true));
    for (;;) {
      if (gone || !this.running) throw this.exitedError();
      const ok = await Promise.resolve()
        .then(check)
        .catch(() => false);
      if (ok) return;
      if (!this.running) throw this.exitedError();
      if (Date.now() >= deadline) throw new StartTimeoutError(this.label, options.timeoutMs, this.recentLines());
      await Promise.race([delay(interval), this.exited]);
    }
  }

  /** Resolves with the first output line matching `pattern` (lines already in the tail count). */
  waitForLine(pattern: RegExp, options: WaitOptions): Promise<string> {
    let found: string | undefined = this.tail.find((line) => pattern.test(line));
    const unsubscribe = this.onLine((line) => {
      if (found === undefined && pattern.test(line)) found = line;
    });
    return this.waitUntil(() => found !== undefined, options)
      .then(() => found as string)
      .finally(unsubscribe);
  }

  /** SIGTERM, wait up to `timeoutMs` (default 10 s), then SIGKILL. Resolves with the exit code. */
  stop(timeoutMs = 10_000): Promise<number | null> {
    if (!this.running) return this.exited;
    this.stopping ??= (async () => {
      this.signal('SIGTERM');
      if ((await raceTimeout(this.exited, timeoutMs)) === TIMED_OUT) this.signal('SIGKILL');
      return this.exited;
    })();
    return this.stopping;
  }

  /** SIGKILL now; resolves once the child is gone. */
  kill(): Promise<number | null> {
    this.signal('SIGKILL');
    return this.exited;
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      this.child.kill(signal);
    } catch {
      // Already gone: 'exit' is on its way.
    }
  }

  /** Splits a stream into lines; returns a function that emits a final unterminated line. */
  private readLines(stream: NodeJS.ReadableStream | null, name: OutputStream): () => void {
    if (!stream) return () => undefined;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      if (partial.length > MAX_LINE) {
        parts.push(partial);
        partial = '';
      }
      for (const line of parts) this.emitLine(line, name);
    });
    return () => {
      if (partial !== '') this.emitLine(partial, name);
      partial = '';
    };
  }

  private emitLine(raw: string, stream: OutputStream): void {
    const line = raw.length > MAX_LINE ? `${raw.slice(0, MAX_LINE)}… (${raw.length} chars)` : raw;
    this.tail.push(line);
    if (this.tail.length > this.tailLimit) this.tail.shift();
    for (const listener of this.listeners) {
      try {
        listener(line, stream);
      } catch {
        // A broken listener must not break output capture.
      }
    }
  }
}

/** Never leave children behind when this process exits without stopping them (crash, process.exit). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const proc of live) {
      if (proc.pid !== undefined && proc.running) {
        try {
          process.kill(proc.pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    }
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const TIMED_OUT = Symbol('timed out');

/** `promise`'s value, or TIMED_OUT after `ms` (the timer is cleared either way, so it holds nothing open). */
export async function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
