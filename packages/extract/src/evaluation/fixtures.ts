import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from '../testdata/seeds';

/** Ground truth of one fixture page, as the shared fixtures give it (see ../shared/README.md). */
export interface FixtureTruth {
  url: string;
  crawl_date: string;
  title: string;
  summary: string[];
  sections: { headline: string | null; paragraphs: string[] }[];
  liveblog: boolean;
}

/** A page of a shared set with its ground truth, whatever form the set gives the truth in. */
export interface SharedPage<Truth extends { url: string } = { url: string }> {
  /** File name without extension, e.g. "Express_2024_07_18". */
  name: string;
  /** The page as crawled, already gunzipped: still bytes, because decoding is part of what is measured. */
  html: Buffer;
  truth: Truth;
}

export type Fixture = SharedPage<FixtureTruth>;

/** A page name filter, such as one half of a set (see halves.ts): pages left out are not even read. */
export type PageFilter = (name: string) => boolean;

const everyPage: PageFilter = () => true;

/** The fixtures are third-party pages, so they are read beside the checkout at run time, never copied in. */
export const FIXTURES_DIR = path.resolve(repoRoot(__dirname), '../shared/fixtures/pages');

/** The wider corpus: pages of many outlets and languages, for judging how the extractor generalizes. */
export const CORPUS_DIR = path.resolve(repoRoot(__dirname), '../shared/fixtures/corpus');

/** Every fixture page, sorted by name so that runs and reports are in a stable order. */
export function loadFixtures(dir: string = FIXTURES_DIR, keep: PageFilter = everyPage): Fixture[] {
  return loadPages(dir, keep, (name) => JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as FixtureTruth);
}

/**
 * The gzipped pages of a set directory that pass `keep`, sorted by name, each with the truth `truthOf`
 * gives for it (null leaves the page out: a page without truth cannot be scored).
 */
export function loadPages<Truth extends { url: string }>(dir: string, keep: PageFilter, truthOf: (name: string) => Truth | null): SharedPage<Truth>[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.html.gz'))
    .sort()
    .flatMap((file) => {
      const name = file.slice(0, -'.html.gz'.length);
      if (!keep(name)) return [];
      const truth = truthOf(name);
      return truth === null ? [] : [{ name, html: gunzipSync(readFileSync(path.join(dir, file))), truth }];
    });
}

/** The body text the ground truth expects: every section's paragraphs, one per line. */
export function truthText(fixture: Fixture): string {
  return fixture.truth.sections.flatMap((section) => section.paragraphs).join('\n');
}

/** The section headlines the ground truth expects (the untitled first section has none). */
export function truthHeadlines(fixture: Fixture): string[] {
  return fixture.truth.sections.flatMap((section) => (section.headline ? [section.headline] : []));
}
