import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../testdata/seeds';
import { type PageFilter, type SharedPage, loadPages } from './fixtures';

/**
 * The two larger shared sets (see ../shared/README.md): WCXB's article pages and forum threads, scored by
 * word F1 against their whole main text, and trafilatura's evaluation pages, scored by snippets that a
 * correct extraction must hold or must not.
 */

const SHARED = path.resolve(repoRoot(__dirname), '../shared/fixtures');
export const WCXB_DIR = path.join(SHARED, 'wcxb');
export const SNIPPETS_DIR = path.join(SHARED, 'snippets');

export interface WcxbTruth {
  url: string;
  page_type: 'article' | 'forum';
  /** The whole main text; headings on their own lines, paragraphs split by blank lines. */
  main_content: string;
  with: string[];
  without: string[];
}

export type WcxbPage = SharedPage<WcxbTruth>;

interface WcxbFile extends Omit<WcxbTruth, 'main_content'> {
  main_content: string | null;
}

/** WCXB's pages with a main text; the few whose main text is missing cannot be scored and are left out. */
export function loadWcxb(keep: PageFilter = () => true, dir: string = WCXB_DIR): WcxbPage[] {
  return loadPages(dir, keep, (name) => {
    const file = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as WcxbFile;
    return file.main_content === null || file.main_content.trim() === '' ? null : { ...file, main_content: file.main_content };
  });
}

export interface SnippetTruth {
  url: string;
  /** Passages of the main text a correct extraction contains. */
  with: string[];
  /** Passages of furniture a correct extraction leaves out. */
  without: string[];
}

export type SnippetPage = SharedPage<SnippetTruth>;

/** trafilatura's evaluation pages; their truth is one file, truth.json, keyed by page name. */
export function loadSnippets(keep: PageFilter = () => true, dir: string = SNIPPETS_DIR): SnippetPage[] {
  const truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as Record<string, SnippetTruth>;
  return loadPages(dir, keep, (name) => {
    const page = truth[name];
    return page ? { url: page.url, with: page.with, without: page.without } : null;
  });
}
