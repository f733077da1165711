import type { ManagedProcess } from './child';

/** A database server this stack started. `stop()` is graceful (SIGTERM, then SIGKILL after a timeout). */
export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface ServerHandle extends RunningServer {
  /** The underlying process, for its output and exit. */
  process: ManagedProcess;
  /** The database server behind it, started and stopped with it (FerretDB on PostgreSQL). */
  backendPid?: number;
}

export function serverHandle(url: string, proc: ManagedProcess, stopTimeoutMs: number): ServerHandle {
  return {
    url,
    pid: proc.pid ?? -1,
    process: proc,
    stop: async () => {
      await proc.stop(stopTimeoutMs);
    },
  };
}

/** Stops the process if starting it failed half-way, then rethrows the original error. */
export async function orStop<T>(proc: ManagedProcess, ready: Promise<T>): Promise<T> {
  try {
    return await ready;
  } catch (error) {
    await proc.stop(2000);
    throw error;
  }
}
