import { cpus, loadavg } from 'node:os';
import { CORPUS_DIR, type Fixture, FIXTURES_DIR, loadFixtures } from '../src/evaluation/fixtures';
import { type Extractor, ours, readabilityJsdom, readabilityLinkedom } from './extractors';
import { type Attempt, type Timing, addTimings, attempts, score, timeInProcess, toThroughput } from './measure';
import { type SetReport, comparison, entryCountTable, pageTable, summaryTable } from './report';
import { TRAFILATURA, buildTrafilatura, timeTrafilatura, trafilaturaAttempts, writePageSet } from './trafilatura';

/**
 * Extraction benchmark: liveblog-ingest's extract() against go-trafilatura and @mozilla/readability (on
 * jsdom and on linkedom), on the dev pages and the wider corpus, in one run, scored the same way.
 * Prints markdown. `--no-speed` scores only.
 */

/** The live pages among the fixtures (the corpus marks its own as articles): their entry counts are a target. */
const LIVE_PAGES = ['Express_2024_07_18', 'NationalPost_2025_05_08'];

interface Contender {
  name: string;
  attempts(set: string, fixtures: readonly Fixture[]): Attempt[];
  time(set: string, fixtures: readonly Fixture[]): Timing;
}

function inProcess(extractor: Extractor): Contender {
  return {
    name: extractor.name,
    attempts: (_set, fixtures) => attempts(extractor, fixtures),
    time: (_set, fixtures) => timeInProcess(extractor, fixtures),
  };
}

const trafilatura: Contender = {
  name: TRAFILATURA,
  attempts: (set, fixtures) => trafilaturaAttempts(writePageSet(set, fixtures)),
  time: (set, fixtures) => timeTrafilatura(writePageSet(set, fixtures), fixtures.length),
};

function main(): void {
  const timed = !process.argv.includes('--no-speed');
  buildTrafilatura();
  const sets = [
    { set: 'dev', fixtures: loadFixtures(FIXTURES_DIR) },
    { set: 'corpus', fixtures: loadFixtures(CORPUS_DIR) },
  ];
  const contenders = [inProcess(ours), trafilatura, inProcess(readabilityJsdom), inProcess(readabilityLinkedom)];
  const load = loadavg();

  const reports: SetReport[] = [];
  for (const contender of contenders) {
    const timings: Timing[] = [];
    const perSet = sets.map(({ set, fixtures }) => {
      const answers = contender.attempts(set, fixtures);
      const handled = fixtures.filter((_, i) => answers[i]?.failure === null);
      const timing = timed ? contender.time(set, handled) : null;
      if (timing) timings.push(timing);
      return { set, extractor: contender.name, scores: score(fixtures, answers), speed: toThroughput(timing) };
    });
    const [first, second] = timings;
    reports.push(...perSet, {
      set: 'both',
      extractor: contender.name,
      scores: perSet.flatMap((report) => report.scores),
      speed: toThroughput(first && second ? addTimings(first, second) : null),
    });
  }

  const cpu = cpus();
  const megabytes = (fixtures: readonly Fixture[]): string => (fixtures.reduce((sum, f) => sum + f.html.byteLength, 0) / 1e6).toFixed(2);
  console.log(`# Extraction benchmark, ${new Date().toISOString()}`);
  console.log(
    `Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), load average ${load.map((l) => l.toFixed(2)).join(' ')} at start; ` +
      sets.map(({ set, fixtures }) => `${set}: ${fixtures.length} pages, ${megabytes(fixtures)} MB`).join('; ') +
      ` decoded HTML. ${TRAFILATURA} runs with GOMAXPROCS=1.\n`,
  );
  const bySet = (set: string): SetReport[] => reports.filter((report) => report.set === set);
  console.log(summaryTable([...bySet('dev'), ...bySet('corpus'), ...bySet('both')]));
  console.log('');
  for (const set of ['dev', 'corpus', 'both']) {
    const [mine, ...others] = bySet(set);
    if (mine) for (const other of others) console.log(`- ${comparison(mine, other)}`);
  }
  const all = bySet('both');
  const truth = new Map(
    sets.flatMap(({ fixtures }) => fixtures.filter((f) => LIVE_PAGES.includes(f.name)).map((f) => [f.name, f.truth.sections.length] as const)),
  );
  console.log('\n## Entries on the live pages\n');
  console.log(entryCountTable(all, truth));
  console.log('\n## Token F1 per page\n');
  console.log(pageTable(all));
}

main();
