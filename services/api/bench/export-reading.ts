import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const RSS_EVERY_MS = 100;

/** The resident set of a process in MB, from /proc (Linux). */
export const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

export interface Measured {
  entries: number;
  bytes: number;
  seconds: number;
  rssStart: number;
  rssPeak: number;
  /** At a tenth of the entries: the warm-up (buffers, connections, compiled code) is behind. */
  rssAtTenth: number | null;
  /** The peak after that: what the stream itself grows by as it goes on. */
  rssPeakAfterTenth: number | null;
}

/** Runs `read` while sampling the API's RSS; `read` says when a tenth of its entries have passed. */
export async function measured(pid: number, read: (atTenth: () => void) => Promise<{ entries: number; bytes: number }>): Promise<Measured> {
  const rssStart = rssMb(pid);
  let rssPeak = rssStart;
  let rssAtTenth: number | null = null;
  let rssPeakAfterTenth: number | null = null;
  const sample = () => {
    const rss = rssMb(pid);
    rssPeak = Math.max(rssPeak, rss);
    if (rssAtTenth !== null) rssPeakAfterTenth = Math.max(rssPeakAfterTenth ?? rss, rss);
  };
  const sampler = setInterval(sample, RSS_EVERY_MS);
  const started = performance.now();
  try {
    const { entries, bytes } = await read(() => (rssAtTenth ??= rssMb(pid)));
    const seconds = (performance.now() - started) / 1000;
    sample();
    return { entries, bytes, seconds, rssStart, rssPeak, rssAtTenth, rssPeakAfterTenth };
  } finally {
    clearInterval(sampler);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads an export, counting its records by line ends (the seeded texts have no line breaks); with a
 * pace, no faster than that many bytes a second, and only for `forSeconds`.
 */
export async function readExport(url: string, header: number, tenth: { entries: number; passed: () => void }, pace?: { bytesPerSecond: number; forSeconds: number }): Promise<{ entries: number; bytes: number }> {
  const res = await fetch(url);
  if (res.status !== 200 || !res.body) throw new Error(`${url}: ${res.status}`);
  const reader = res.body.getReader();
  const started = performance.now();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (const byte of value) if (byte === 0x0a) lines++;
    if (lines - header >= tenth.entries) tenth.passed();
    if (!pace) continue;
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= pace.forSeconds) {
      await reader.cancel();
      break;
    }
    const due = bytes / pace.bytesPerSecond;
    if (due > elapsed) await sleep((due - elapsed) * 1000);
  }
  return { entries: lines - header, bytes };
}

