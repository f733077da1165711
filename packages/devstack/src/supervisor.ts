import type { ManagedProcess } from './child';

export interface ExitReport {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why it could not even start (spawn failure, missing build), if that is what happened. */
  error?: Error;
  /** Its last output lines. */
  tail: string[];
  /** How long it ran. */
  uptimeMs: number;
  /** When it will be started again. */
  restartInMs: number;
}

export interface SupervisorOptions {
  /** First restart delay (default 1 s); doubles with each quick failure. */
  minBackoffMs?: number;
  /** Longest restart delay (default 30 s). */
  maxBackoffMs?: number;
  /** A process that ran this long before dying is restarted at the minimum delay again (default 30 s). */
  stableAfterMs?: number;
  /** Called when a process ends without having been asked to. */
  onExit?: (report: ExitReport) => void;
  /** Called after a replacement was started. */
  onRestart?: (name: string, proc: ManagedProcess, attempt: number) => void;
}

interface Child {
  name: string;
  start: () => ManagedProcess;
  proc?: ManagedProcess;
  startedAt: number;
  failures: number;
  timer?: NodeJS.Timeout;
}

/** Keeps named processes running: restarts any that exits unexpectedly, with exponential backoff. */
export class Supervisor {
  private readonly children = new Map<string, Child>();
  private stopping = false;

  constructor(private readonly options: SupervisorOptions = {}) {}

  /** Starts a process now and keeps it running. `start` may throw; that counts as a failed start. */
  add(name: string, start: () => ManagedProcess): ManagedProcess {
    if (this.children.has(name)) throw new Error(`${name} is already supervised`);
    const child: Child = { name, start, startedAt: Date.now(), failures: 0 };
    this.children.set(name, child);
    const proc = start(); // The first start's errors go to the caller.
    this.watch(child, proc);
    return proc;
  }

  /** The current process for `name` (undefined while waiting to restart it). */
  current(name: string): ManagedProcess | undefined {
    const proc = this.children.get(name)?.proc;
    return proc?.running ? proc : undefined;
  }

  names(): string[] {
    return [...this.children.keys()];
  }

  /** Cancels pending restarts and stops every process (SIGTERM, SIGKILL after `timeoutMs`), in parallel. */
  async stopAll(timeoutMs = 15_000): Promise<void> {
    this.stopping = true;
    const stops: Promise<unknown>[] = [];
    for (const child of this.children.values()) {
      clearTimeout(child.timer);
      if (child.proc) stops.push(child.proc.stop(timeoutMs));
    }
    await Promise.all(stops);
  }

  private watch(child: Child, proc: ManagedProcess): void {
    child.proc = proc;
    child.startedAt = Date.now();
    void proc.exited.then(() => {
      if (this.stopping || child.proc !== proc) return;
      const uptimeMs = Date.now() - child.startedAt;
      this.scheduleRestart(child, {
        code: proc.exitCode ?? null,
        signal: proc.exitSignal,
        error: proc.spawnError,
        tail: proc.recentLines(),
        uptimeMs,
      });
    });
  }

  private scheduleRestart(child: Child, exit: Omit<ExitReport, 'name' | 'restartInMs'>): void {
    const { minBackoffMs = 1000, maxBackoffMs = 30_000, stableAfterMs = 30_000 } = this.options;
    if (exit.uptimeMs >= stableAfterMs) child.failures = 0;
    const restartInMs = Math.min(maxBackoffMs, minBackoffMs * 2 ** child.failures);
    child.failures++;
    child.proc = undefined;
    this.options.onExit?.({ name: child.name, ...exit, restartInMs });
    child.timer = setTimeout(() => {
      if (this.stopping) return;
      let proc: ManagedProcess;
      try {
        proc = child.start();
      } catch (error) {
        const startError = error instanceof Error ? error : new Error(String(error));
        this.scheduleRestart(child, { code: null, signal: null, error: startError, tail: [], uptimeMs: 0 });
        return;
      }
      this.watch(child, proc);
      this.options.onRestart?.(child.name, proc, child.failures);
    }, restartInMs);
  }
}
