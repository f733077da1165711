import { performance } from 'node:perf_hooks';
import { decodePage } from '../src/decode/decode-page';
import { ExtractionError } from '../src/errors';
import { type Fixture, truthHeadlines, truthText } from '../src/evaluation/fixtures';
import { headlineRecall, tokenF1 } from '../src/evaluation/score';
import type { Extractor } from './extractors';

export interface PageScore {
  page: string;
  f1: number;
  /** null when the ground truth has no headlines to find. */
  headlineRecall: number | null;
  sections: number;
  /** Why the extractor produced nothing for this page; such a page scores 0. */
  failure: string | null;
}

/** Scores one extractor on every page. A page it throws on counts as F1 0 rather than ending the run. */
export function score(extractor: Extractor, fixtures: Fixture[]): PageScore[] {
  return fixtures.map((fixture) => {
    const wanted = truthHeadlines(fixture);
    try {
      const output = extractor.run(decodePage(fixture.html), fixture.truth.url);
      return {
        page: fixture.name,
        f1: tokenF1(output.text, truthText(fixture)),
        headlineRecall: wanted.length === 0 ? null : headlineRecall(output.headlines, wanted),
        sections: output.sections,
        failure: null,
      };
    } catch (err) {
      const failure = err instanceof ExtractionError ? err.name : `bug: ${err instanceof Error ? err.name : String(err)}`;
      return { page: fixture.name, f1: 0, headlineRecall: wanted.length === 0 ? null : 0, sections: 0, failure };
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

/**
 * Warm throughput: one untimed pass, then whole passes over the pages until both a minimum time and a
 * minimum number of passes are reached. Decoding is timed too, as the parser service pays for it.
 */
export function throughput(extractor: Extractor, fixtures: Fixture[], budget = { ms: 3000, iterations: 3 }): Throughput {
  const pages = fixtures.map((fixture) => ({ bytes: fixture.html, url: fixture.truth.url }));
  if (pages.length === 0) return { mbPerSecond: null, mbPerCpuSecond: null, pages: 0, iterations: 0 };
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
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const megabytes = (pages.reduce((sum, page) => sum + page.bytes.byteLength, 0) * iterations) / 1e6;
  return { mbPerSecond: megabytes / seconds, mbPerCpuSecond: megabytes / cpuSeconds, pages: pages.length, iterations };
}
