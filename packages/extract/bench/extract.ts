import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { SharedPage } from '../src/evaluation/fixtures';
import { HALVES, type Half, halfOf } from '../src/evaluation/halves';
import { type Extractor, ours, readabilityJsdom, readabilityLinkedom } from './extractors';
import { type Attempt, type Timing, attempts, timeInProcess, toThroughput } from './measure';
import { type ContenderScores, type Slice, type SpeedReport, entryCountTable, setTable, speedLine } from './report';
import { BENCH_SETS, type LoadedSet, type PageScore, type SetName } from './sets';
import { TRAFILATURA, buildTrafilatura, timeTrafilatura, trafilaturaAttempts, writePageSet } from './trafilatura';

/**
 * Extraction benchmark: liveblog-ingest's extract() against go-trafilatura and @mozilla/readability, on
 * the four shared sets (pages, corpus, wcxb, snippets), each scored by its own metric, in one run. Every
 * set is reported per half (tuning, check) and whole. Prints markdown.
 *
 *   --set NAME          only this set (repeatable): pages, corpus, wcxb, snippets
 *   --half tuning|check only this half of every set
 *   --no-speed          scores only
 *   --pages FILE.json   per-page scores of the tuning half, to study failures on (never the check half):
 *                       F1 with its recall and precision, ours and go-trafilatura's
 *   --jsdom             readability on jsdom too (slow: minutes per set)
 */

interface Contender {
  name: string;
  /** The column label in the tables. */
  short: string;
  attempts(set: string, pages: readonly SharedPage[]): Attempt[];
  time(set: string, pages: readonly SharedPage[]): Timing;
}

function inProcess(extractor: Extractor, short: string): Contender {
  return {
    name: extractor.name,
    short,
    attempts: (_set, pages) => attempts(extractor, pages),
    time: (_set, pages) => timeInProcess(extractor, pages),
  };
}

const trafilatura: Contender = {
  name: TRAFILATURA,
  short: 'trafilatura',
  attempts: (set, pages) => trafilaturaAttempts(writePageSet(set, pages)),
  time: (set, pages) => timeTrafilatura(writePageSet(`${set}-timed`, pages), pages.length),
};

/**
 * Throughput is timed on a sample of at most this many decoded bytes per set, every k-th page by name,
 * so that warm passes of three extractors over 1,500 pages fit in the run's few minutes.
 */
const SPEED_SAMPLE_BYTES = 10e6;

function speedSample(pages: readonly SharedPage[]): SharedPage[] {
  const bytes = pages.reduce((sum, page) => sum + page.html.byteLength, 0);
  const step = Math.max(1, Math.ceil(bytes / SPEED_SAMPLE_BYTES));
  return pages.filter((_, i) => i % step === 0);
}

interface PageRecord {
  name: string;
  set: SetName;
  half: Half;
  group: string | null;
  ours: number;
  trafilatura: number | null;
  readability: number | null;
  /** Recall and precision behind ours and go-trafilatura's F1: where ours misses text the peer finds. */
  recallOurs: number;
  recallTrafilatura: number | null;
  precisionOurs: number;
  precisionTrafilatura: number | null;
  entriesOurs: number;
  timedEntriesOurs: number;
  failureOurs: string | null;
}

function options() {
  const { values } = parseArgs({
    options: {
      set: { type: 'string', multiple: true },
      half: { type: 'string' },
      'no-speed': { type: 'boolean', default: false },
      pages: { type: 'string' },
      jsdom: { type: 'boolean', default: false },
    },
  });
  const known = BENCH_SETS.map((set) => set.name);
  const sets = (values.set ?? known).flatMap((names) => names.split(','));
  for (const name of sets) if (!(known as string[]).includes(name)) throw new Error(`--set ${name}: not one of ${known.join(', ')}`);
  if (values.half !== undefined && !(HALVES as string[]).includes(values.half)) throw new Error(`--half ${values.half}: not one of ${HALVES.join(', ')}`);
  return {
    sets: BENCH_SETS.filter((set) => sets.includes(set.name)),
    halves: values.half === undefined ? HALVES : HALVES.filter((half) => half === values.half),
    timed: !values['no-speed'],
    pagesFile: values.pages ?? null,
    jsdom: values.jsdom,
  };
}

function slicesOf(set: LoadedSet, halves: readonly Half[]): Slice[] {
  const whole: Slice[] = halves.length > 1 ? [{ label: 'all', keep: () => true }] : [];
  const byHalf: Slice[] = [...halves.map((half) => ({ label: half, keep: (score: PageScore) => score.half === half })), ...whole];
  if (set.name !== 'wcxb') return byHalf;
  const groups = ['article', 'forum'];
  return [...byHalf, ...groups.flatMap((group) => byHalf.map((slice) => ({ label: `${group}s, ${slice.label}`, keep: (score: PageScore) => score.group === group && slice.keep(score) })))];
}

function main(): void {
  const opts = options();
  buildTrafilatura();
  const contenders = [inProcess(ours, 'ours'), trafilatura, inProcess(readabilityLinkedom, 'readability'), ...(opts.jsdom ? [inProcess(readabilityJsdom, 'readability-jsdom')] : [])];
  const cpu = cpus();
  console.log(`# Extraction benchmark, ${new Date().toISOString()}`);
  console.log(
    `Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start; ` +
      `halves: ${opts.halves.join(', ')}. ${TRAFILATURA} runs with GOMAXPROCS=1. Columns: ${contenders.map((c) => `${c.short} = ${c.name}`).join(', ')}.\n`,
  );
  const records: PageRecord[] = [];
  for (const benchSet of opts.sets) {
    const started = Date.now();
    const set = benchSet.load((name) => opts.halves.includes(halfOf(name)));
    const results: ContenderScores[] = [];
    const handledByAll = new Set(set.pages.map((page) => page.name));
    for (const contender of contenders) {
      const begun = Date.now();
      const answers = contender.attempts(set.name, set.pages);
      process.stderr.write(`bench: ${set.name}: ${contender.short} scored in ${((Date.now() - begun) / 1000).toFixed(0)} s\n`);
      set.pages.forEach((page, i) => {
        if (answers[i]?.failure !== null) handledByAll.delete(page.name);
      });
      results.push({ extractor: contender.short, scores: set.pages.map((_, i) => set.score(i, answers[i])) });
    }
    const megabytes = set.pages.reduce((sum, page) => sum + page.html.byteLength, 0) / 1e6;
    console.log(`## ${set.name}: ${set.pages.length} pages, ${megabytes.toFixed(1)} MB\n\nMetric: ${benchSet.metric}.\n`);
    console.log(setTable(set.name, results, slicesOf(set, opts.halves)));
    if (opts.timed) {
      const sample = speedSample(set.pages.filter((page) => handledByAll.has(page.name)));
      const sampleMb = sample.reduce((sum, page) => sum + page.html.byteLength, 0) / 1e6;
      const speeds: SpeedReport[] = contenders.map((contender) => ({ extractor: contender.short, speed: toThroughput(contender.time(set.name, sample)) }));
      console.log(`\n${speedLine(speeds, `${sample.length} pages (${sampleMb.toFixed(1)} MB) every one handled by all, load average ${loadavg()[0]?.toFixed(2)}`)}`);
    }
    if (set.liveEntries.size > 0) console.log(`\nEntries on the live pages:\n\n${entryCountTable(results, set.liveEntries)}`);
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    if (opts.pagesFile !== null) records.push(...pageRecords(set.name, results));
  }
  if (opts.pagesFile !== null) {
    writeFileSync(opts.pagesFile, `${JSON.stringify(records, null, 1)}\n`);
    console.log(`Per-page scores of the tuning half (${records.length} pages) written to ${opts.pagesFile}.`);
  }
}

/** The tuning half's pages only: the check half is for judging a change, never for looking at. */
function pageRecords(set: SetName, results: readonly ContenderScores[]): PageRecord[] {
  const [mine, peer, readability] = results;
  if (!mine) return [];
  return mine.scores.flatMap((score, i) =>
    score.half !== 'tuning'
      ? []
      : [
          {
            name: score.page,
            set,
            half: score.half,
            group: score.group,
            ours: score.f1,
            trafilatura: peer?.scores[i]?.f1 ?? null,
            readability: readability?.scores[i]?.f1 ?? null,
            recallOurs: score.recall,
            recallTrafilatura: peer?.scores[i]?.recall ?? null,
            precisionOurs: score.precision,
            precisionTrafilatura: peer?.scores[i]?.precision ?? null,
            entriesOurs: score.sections,
            timedEntriesOurs: score.timedEntries,
            failureOurs: score.failure,
          },
        ],
  );
}

main();
