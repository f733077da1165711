import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { delay } from './child';

/**
 * Pid files let a run clean up after an earlier one that was killed hard (SIGKILL, OOM) and left its
 * children running: a second Redis on the same append-only file, or an old API holding the port.
 */

/**
 * Stops the process recorded in `pidFile` if it is still alive and its command line contains `command`
 * (so a recycled pid is never touched). SIGTERM, then SIGKILL after 10 s. Resolves with its pid, if any.
 */
export async function stopStale(pidFile: string, command: string): Promise<number | undefined> {
  const pid = readPid(pidFile);
  if (pid === undefined || !isRunning(pid, command)) return undefined;
  signal(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && isRunning(pid, command); waited += 100) await delay(100);
  if (isRunning(pid, command)) signal(pid, 'SIGKILL');
  for (let waited = 0; waited < 2_000 && isRunning(pid, command); waited += 50) await delay(50);
  return pid;
}

export function writePid(pidFile: string, pid: number | undefined): void {
  if (pid === undefined) return;
  mkdirSync(path.dirname(pidFile), { recursive: true });
  writeFileSync(pidFile, `${pid}\n`);
}

export function removePid(pidFile: string): void {
  rmSync(pidFile, { force: true });
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number, command: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    const state = /^\d+ \(.*\) (\S)/s.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
    return cmdline.includes(command) && state !== 'Z';
  } catch {
    return false; // No such process, or no /proc (not Linux): nothing we can safely do.
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
