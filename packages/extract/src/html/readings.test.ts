import { Extraction } from '@liveblog/contracts';
import { explainReading, extract } from '../extract';
import { readTestdata } from '../testdata/seeds';

/** Pages whose first reading is wrong, each on an invented page in testdata/: the checks must catch it. */
function read(file: string): { extraction: Extraction; chosen: string | undefined } {
  const page = { body: readTestdata(file), url: 'https://example.org/story', contentType: 'text/html' };
  return { extraction: Extraction.parse(extract(page)), chosen: explainReading(page)?.chosen.kind };
}

describe('read, then check', () => {
  test('a comments list longer than the short article above it is not taken for the article', () => {
    const { extraction, chosen } = read('reading-comments-below-brief.html');
    const text = extraction.entries.map((e) => e.text).join('\n');
    expect(chosen).toBe('density');
    expect(text).toContain('protected cycle lane along the full length of Harbour Road');
    expect(text).toContain('twelve parking spaces near the ferry terminal will go');
    expect(text).not.toContain('frankly terrifying');
  });

  test('a thread whose posts all sit in a box named for comments is read from that box, not from a dialog', () => {
    const { extraction, chosen } = read('reading-thread-in-comments-box.html');
    const text = extraction.entries.map((e) => e.text).join('\n');
    expect(chosen).toBe('container');
    expect(text).toContain('need a tent that copes with strong wind');
    expect(text).toContain('report back on how it held up');
    expect(text).not.toContain('placed cookies');
  });

  test("an app shell with nothing in its markup is read from the copy it keeps for readers without scripts", () => {
    const page = { body: readTestdata('app-shell-noscript.html'), url: 'https://example.org/t/4411' };
    const text = extract(page).entries.map((e) => e.text).join('\n');
    expect(text).toContain('smelled of nail varnish for three days');
    expect(text).toContain('rose better than any before');
    expect(explainReading(page)?.reason).toContain('<noscript>');
  });

  test('timed cards leading to other pages are no liveblog: the article is the entry, not the summary', () => {
    const { extraction, chosen } = read('reading-timed-teaser-cards.html');
    expect(chosen).toBe('container');
    expect(extraction.entries).toHaveLength(1);
    expect(extraction.entries[0]?.text).toContain('washed away part of the embankment');
    expect(extraction.entries[0]?.text).not.toContain('ferry company');
  });

  test('a liveblog with structured entries keeps them, however short their texts', () => {
    const { extraction, chosen } = read('liveblog-microdata.html');
    expect(chosen).toBe('structured');
    expect(extraction.entries.length).toBeGreaterThan(1);
  });

  test('a text dump has no readings to choose among', () => {
    expect(explainReading({ body: readTestdata('sturmtief.txt'), url: 'https://example.org/x' })).toBeNull();
  });
});
