import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of a process and all its descendants, in MiB, read from /proc (Linux): Chromium
 * spreads itself over a browser, a GPU, a network and one renderer process per site. 0 where /proc is
 * not readable, so the memory bound then never triggers a restart.
 */
export function treeRssMiB(rootPid: number): number {
  return processTree(rootPid).reduce((kib, pid) => kib + rssKiB(pid), 0) / 1024;
}

/** A process and all its descendants (just the process where /proc is not readable). */
export function processTree(rootPid: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [rootPid];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  for (const stack = [rootPid]; stack.length > 0; ) {
    const pid = stack.pop()!;
    tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function parentOf(pid: number): number | null {
  try {
    // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function rssKiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
