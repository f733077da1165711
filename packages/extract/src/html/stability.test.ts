import { decodePage } from '../decode/decode-page';
import { loadFixtures } from '../evaluation/fixtures';
import { extract } from '../extract';

/** Keys must survive a re-fetch in which an entry was corrected: the page's own anchors, else what a correction leaves alone. */
describe('keys are stable across re-fetches with an edited entry', () => {
  const fixtures = loadFixtures();
  const page = (name: string): { body: string; url: string } => {
    const fixture = fixtures.find((f) => f.name === name);
    if (!fixture) throw new Error(`fixture ${name} missing`);
    return { body: decodePage(fixture.html, 'text/html'), url: fixture.truth.url };
  };

  test.each([
    // A liveblog update corrected in its structured data and on the page, headline included.
    ['Express_2024_07_18', [['Doria, 67, is said', 'Doria, 68, is said'], ['Meghan Markle fails to compete', 'Meghan Markle fails again to compete']]],
    // An article section corrected further down its text.
    ['MDR_2023_04_28', [['etwa 45 Schweine geschlachtet', 'etwa 46 Schweine geschlachtet'], ['weniger Fleisch gegessen wird', 'weniger Fleisch verzehrt wird']]],
  ] as const)('%s', (name, edits) => {
    const { body, url } = page(name);
    let edited = body;
    for (const [from, to] of edits) {
      expect(edited).toContain(from);
      edited = edited.replaceAll(from, to);
    }
    const before = extract({ body, url, contentType: 'text/html' }).entries;
    const after = extract({ body: edited, url, contentType: 'text/html' }).entries;
    expect(after.map((e) => e.text)).not.toEqual(before.map((e) => e.text));
    expect(after.map((e) => e.key)).toEqual(before.map((e) => e.key));
  });
});
