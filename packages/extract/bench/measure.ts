import { performance } from 'node:perf_hooks';
import { decodePage } from '../src/decode/decode-page';
import { ExtractionError } from '../src/errors';
import type { SharedPage } from '../src/evaluation/fixtures';
import type { Extractor, Output } from './extractors';

/** One extractor's answer for one page: its output, or why it gave none. */
export type Attempt = { output: Output; failure: null } | { output: null; failure: string };

/** Runs an in-process extractor on every page. A page it throws on is a failure rather than the end of the run. */
export function attempts(extractor: Extractor, fixtures: readonly SharedPage[]): Attempt[] {
  return fixtures.map((fixture) => {
    try {
      return { output: extractor.run(decodePage(fixture.html), fixture.truth.url), failure: null };
    } catch (err) {
      return { output: null, failure: err instanceof ExtractionError ? err.name : `bug: ${err instanceof Error ? err.name : String(err)}` };
    }
  });
}

export interface Throughput {
  /** Decoded page bytes per second, in MB (10^6 bytes), over the pages the extractor handled. */
  mbPerSecond: number | null;
  /** The same per second of this process's CPU time, which a busy shared machine disturbs far less. */
  mbPerCpuSecond: number | null;
  pages: number;
  iterations: number;
}

/** Bytes and time of a measurement, so that the figures of two page sets can be added up. */
export interface Timing {
  bytes: number;
  seconds: number;
  cpuSeconds: number;
  pages: number;
  iterations: number;
}

export function toThroughput(timing: Timing | null): Throughput {
  if (timing === null || timing.pages === 0) return { mbPerSecond: null, mbPerCpuSecond: null, pages: 0, iterations: 0 };
  const megabytes = (timing.bytes * timing.iterations) / 1e6;
  return { mbPerSecond: megabytes / timing.seconds, mbPerCpuSecond: megabytes / timing.cpuSeconds, pages: timing.pages, iterations: timing.iterations };
}

/** Two measurements as one: all the bytes over all the time. */
export function addTimings(a: Timing, b: Timing): Timing {
  return {
    bytes: a.bytes * a.iterations + b.bytes * b.iterations,
    seconds: a.seconds + b.seconds,
    cpuSeconds: a.cpuSeconds + b.cpuSeconds,
    pages: a.pages + b.pages,
    iterations: 1,
  };
}

/** At least 3 s and one timed pass: one pass over the corpus takes readability on jsdom a minute already. */
export const BUDGET = { ms: 3000, iterations: 1 };

/**
 * Warm throughput: one untimed pass, then whole passes over the pages until both a minimum time and a
 * minimum number of passes (BUDGET) are reached. Decoding is timed too, as the parser service pays for it.
 */
export function timeInProcess(extractor: Extractor, fixtures: readonly SharedPage[], budget = BUDGET): Timing {
  const pages = fixtures.map((fixture) => ({ bytes: fixture.html, url: fixture.truth.url }));
  const bytes = pages.reduce((sum, page) => sum + page.bytes.byteLength, 0);
  if (pages.length === 0) return { bytes: 0, seconds: 0, cpuSeconds: 0, pages: 0, iterations: 0 };
  const pass = (): void => {
    for (const page of pages) extractor.run(decodePage(page.bytes), page.url);
  };
  pass();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let iterations = 0;
  while (iterations < budget.iterations || performance.now() - start < budget.ms) {
    pass();
    iterations += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { bytes, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, pages: pages.length, iterations };
}
