import { CORPUS_DIR, FIXTURES_DIR, type Fixture, type PageFilter, type SharedPage, loadFixtures, truthHeadlines, truthText } from '../src/evaluation/fixtures';
import { type Half, halfOf } from '../src/evaluation/halves';
import { type SnippetCounts, headlineRecall, snippetCounts, snippetScores, tokenOverlap, wcxbWordOverlap } from '../src/evaluation/score';
import { type SnippetPage, type WcxbPage, loadSnippets, loadWcxb } from '../src/evaluation/sets';
import type { Output } from './extractors';
import type { Attempt } from './measure';

/** One extractor's result on one page, scored by the page's set's own metric. */
export interface PageScore {
  page: string;
  half: Half;
  /** A part of the set reported on its own too (WCXB's articles and forum threads), or null. */
  group: string | null;
  /** The set's metric for this page; for snippets, F1 over the page's own counts. */
  f1: number;
  /** The precision and recall behind f1: a low recall is text missed, a low precision text let in. */
  precision: number;
  recall: number;
  /** null when the set has no headlines to find, or this page's truth has none. */
  headlineRecall: number | null;
  /** Snippet counts, for the snippet set only: its F1 is taken over the counts of all pages. */
  counts: SnippetCounts | null;
  sections: number;
  timedEntries: number;
  /** No entry came out (ours may still give a summary): the extractor failed, or gave nothing. */
  empty: boolean;
  failure: string | null;
  /** The truth has no timed entries, so reading the page as a liveblog misreads it. */
  untimed: boolean;
}

export type SetName = 'pages' | 'corpus' | 'wcxb' | 'snippets';

/** A set's pages, read into memory, and how to score an answer for the i-th of them. */
export interface LoadedSet {
  name: SetName;
  pages: readonly SharedPage[];
  score(index: number, answer: Attempt | undefined): PageScore;
  /** The truth's entry count of each live page in the set: a target for how a liveblog is split. */
  liveEntries: ReadonlyMap<string, number>;
}

export interface BenchSet {
  name: SetName;
  metric: string;
  /** Reads the pages that `keep` lets through; sets are loaded one at a time to bound memory. */
  load(keep: PageFilter): LoadedSet;
}

/** Live pages whose truth says `liveblog: false` all the same (see ../shared/README.md). */
const LIVE_PAGES: ReadonlySet<string> = new Set(['Express_2024_07_18', 'NationalPost_2025_05_08']);

/** Whether a fixture page's truth is a liveblog, so that its sections are timed entries. */
function isLivePage(fixture: Fixture): boolean {
  return fixture.truth.liveblog || LIVE_PAGES.has(fixture.name);
}

function scored(
  page: SharedPage,
  answer: Attempt | undefined,
  untimed: boolean,
  group: string | null,
  measure: (output: Output | null) => Pick<PageScore, 'f1' | 'precision' | 'recall' | 'headlineRecall' | 'counts'>,
): PageScore {
  const output = answer?.output ?? null;
  return {
    page: page.name,
    half: halfOf(page.name),
    group,
    ...measure(output),
    sections: output?.sections ?? 0,
    timedEntries: output?.timedEntries ?? 0,
    empty: output === null || output.sections === 0 || output.mainText.trim() === '',
    failure: answer === undefined ? 'no answer' : answer.failure,
    untimed,
  };
}

/** What an extractor that gave no answer scores. */
const NOTHING = { precision: 0, recall: 0, f1: 0 };

/** The fixture sets: token F1 of the body against the truth's paragraphs, and headline recall. */
function fixtureSet(name: 'pages' | 'corpus', dir: string): BenchSet {
  return {
    name,
    metric: 'token F1 of the body against the truth sections; headline recall',
    load(keep) {
      const pages = loadFixtures(dir, keep);
      return {
        name,
        pages,
        liveEntries: new Map(pages.filter(isLivePage).map((fixture) => [fixture.name, fixture.truth.sections.length])),
        score: (i, answer) => {
          const fixture = pages[i] as Fixture;
          const wanted = truthHeadlines(fixture);
          return scored(fixture, answer, !isLivePage(fixture), null, (output) => ({
            ...(output ? tokenOverlap(output.text, truthText(fixture)) : NOTHING),
            headlineRecall: wanted.length === 0 ? null : output ? headlineRecall(output.headlines, wanted) : 0,
            counts: null,
          }));
        },
      };
    },
  };
}

const wcxb: BenchSet = {
  name: 'wcxb',
  metric: 'WCXB word F1 (lower-cased \\w+ tokens, multiset overlap) against main_content, averaged over pages',
  load(keep) {
    const pages: WcxbPage[] = loadWcxb(keep);
    return {
      name: 'wcxb',
      pages,
      liveEntries: new Map(),
      score: (i, answer) => {
        const page = pages[i] as WcxbPage;
        // Forum threads are posts with their authors and times; an article is no liveblog.
        return scored(page, answer, page.truth.page_type === 'article', page.truth.page_type, (output) => ({
          ...(output ? wcxbWordOverlap(output.mainText, page.truth.main_content) : NOTHING),
          headlineRecall: null,
          counts: null,
        }));
      },
    };
  },
};

const snippets: BenchSet = {
  name: 'snippets',
  metric: "trafilatura's: with found = TP, with missed = FN, without found = FP, pooled over pages",
  load(keep) {
    const pages: SnippetPage[] = loadSnippets(keep);
    return {
      name: 'snippets',
      pages,
      liveEntries: new Map(),
      score: (i, answer) => {
        const page = pages[i] as SnippetPage;
        return scored(page, answer, true, null, (output) => {
          const counts = snippetCounts(output?.mainText ?? '', page.truth.with, page.truth.without);
          return { ...snippetScores(counts), headlineRecall: null, counts };
        });
      },
    };
  },
};

export const BENCH_SETS: readonly BenchSet[] = [fixtureSet('pages', FIXTURES_DIR), fixtureSet('corpus', CORPUS_DIR), wcxb, snippets];
