import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Resident memory of a process in MB, from /proc; NaN when it is gone. */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, ' ').trim().split(' ')[0]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Bytes under a directory (files only). */
export function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? diskBytes(path) : entry.isFile() ? statSync(path).size : 0;
  }
  return total;
}

export type QueueDepths = Record<string, Record<string, number>>;

/** `liveblog_queue_jobs{queue,state}` from the API's /metrics; empty while the API is down. */
export async function queueDepths(apiUrl: string): Promise<QueueDepths> {
  const depths: QueueDepths = {};
  try {
    const text = await (await fetch(`${apiUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    for (const m of text.matchAll(/^liveblog_queue_jobs\{queue="(\w+)",state="(\w+)"[^}]*\} (\d+)/gm)) {
      (depths[m[1]!] ??= {})[m[2]!] = Number(m[3]);
    }
  } catch {
    // Down for a moment (a fault): the next sample will tell.
  }
  return depths;
}

/** Jobs waiting or running per queue (delayed ones are scheduled polls), compactly: `fetch 3 parse 0 …`. */
export function backlog(depths: QueueDepths): string {
  return Object.entries(depths)
    .map(([queue, states]) => `${queue} ${(states.waiting ?? 0) + (states.active ?? 0)}`)
    .join(' ');
}
