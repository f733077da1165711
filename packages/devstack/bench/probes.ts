import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@liveblog/storage';

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

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): [0] is field 3, state. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) a process and all its descendants have used, from /proc, counting children
 * that ended (PostgreSQL runs a process per connection); NaN when it is gone.
 */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const parent = Number(statFields(name)?.[1]);
    if (Number.isFinite(parent)) children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const own = (p: number): number => {
    const f = statFields(p);
    // utime, stime, cutime, cstime: fields 14 to 17.
    const ticks = f ? Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) : NaN;
    return ticks / TICKS_PER_SECOND + (children.get(p) ?? []).reduce((n, c) => n + (own(c) || 0), 0);
  };
  return own(pid);
}

/**
 * CPU seconds each named process used between `start()` and the last `sample()`, summed over the pids a
 * name had (a process killed and started again is one name). Sample often: a process that exits takes
 * what it used since the last sample with it.
 */
export class CpuMeter {
  private readonly last = new Map<string, { pid: number; seconds: number }>();
  private readonly used = new Map<string, number>();

  sample(pids: Record<string, number | undefined>): void {
    for (const [name, pid] of Object.entries(pids)) {
      const seconds = cpuSeconds(pid);
      if (pid === undefined || !Number.isFinite(seconds)) continue;
      const before = this.last.get(name);
      if (before) this.used.set(name, (this.used.get(name) ?? 0) + seconds - (before.pid === pid ? before.seconds : 0));
      else this.used.set(name, 0);
      this.last.set(name, { pid, seconds });
    }
  }

  /** Per name, CPU seconds used since the first sample. */
  seconds(): Record<string, number> {
    return Object.fromEntries(this.used);
  }
}

export interface CollectionSize {
  bytes: number;
  count: number;
}

/** Size (collStats `size`, the documents' bytes) and document count of every collection of `db`. */
export async function collectionSizes(db: Store['database']['db']): Promise<Record<string, CollectionSize>> {
  const sizes: Record<string, CollectionSize> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const stats = await db.command({ collStats: name });
    sizes[name] = { bytes: Number(stats.size ?? 0), count: Number(stats.count ?? 0) };
  }
  return sizes;
}
