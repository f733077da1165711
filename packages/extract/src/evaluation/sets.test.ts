import { readdirSync } from 'node:fs';
import { CORPUS_DIR, loadFixtures } from './fixtures';
import { halfOf } from './halves';
import { SNIPPETS_DIR, WCXB_DIR, loadSnippets, loadWcxb } from './sets';

const pageNames = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.html.gz')).map((f) => f.slice(0, -'.html.gz'.length));

describe('the shared sets load lazily, page by page', () => {
  test('a filter leaves pages unread', () => {
    const first = pageNames(WCXB_DIR).sort().slice(0, 5);
    const pages = loadWcxb((name) => first.includes(name));
    expect(pages.map((p) => p.name)).toEqual(first.filter((name) => pages.some((p) => p.name === name)));
    for (const page of pages) {
      expect(page.html.toString('latin1')).toMatch(/<html/i);
      expect(['article', 'forum']).toContain(page.truth.page_type);
      expect(page.truth.main_content.trim()).not.toBe('');
    }
  });

  test('snippet pages take their truth from truth.json', () => {
    const some = pageNames(SNIPPETS_DIR).sort().slice(0, 3);
    const pages = loadSnippets((name) => some.includes(name));
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expect(page.truth.url).toMatch(/^https?:\/\//);
      expect(page.truth.with.length + page.truth.without.length).toBeGreaterThan(0);
    }
  });

  test('a half of a set is the pages of that half', () => {
    const check = loadFixtures(CORPUS_DIR, (name) => halfOf(name) === 'check');
    expect(check.length).toBe(pageNames(CORPUS_DIR).filter((name) => halfOf(name) === 'check').length);
    expect(check.every((page) => halfOf(page.name) === 'check')).toBe(true);
  });
});
