import { extract } from '../extract';
import { readTestdata } from '../testdata/seeds';

const URL = 'https://beispielblatt.example/ticker/sturmflut';

describe('a German ticker without structured data (invented page)', () => {
  const result = extract({ body: readTestdata('ticker-sturmflut.html'), url: URL, contentType: 'text/html' });
  const { entries, liveblog } = result;

  test('one entry per time stamp; the opening text is the summary, not an entry', () => {
    expect(entries.map((e) => e.headline)).toEqual([
      'Pegel sinkt wieder',
      null,
      'Höchststand erreicht',
      'Fähren bleiben im Hafen',
      'Warnung vor schwerer Sturmflut',
    ]);
    expect(entries[1]?.text).toBe('Die Feuerwehr meldet mehr als zweihundert Einsätze seit Mitternacht, verletzt wurde nach ersten Angaben niemand.');
    expect(entries[2]?.html).toBe('<p>Mit 3,10 Metern über dem mittleren Hochwasser hat die Flut ihren Höchststand erreicht, etwas weniger als vorhergesagt.</p>');
  });

  test('times are Berlin wall-clock times across midnight, the end of summer time and a day heading', () => {
    expect(entries.map((e) => e.publishedAt)).toEqual([
      '2024-10-27T09:15:00.000Z', // 10:15 CET, from the "Stand" line's day
      '2024-10-27T07:02:00.000Z', // 08:02 CET
      '2024-10-26T23:30:00.000Z', // 01:30 CEST, before the clocks went back
      '2024-10-26T21:45:00.000Z', // 23:45 the day before
      '2024-10-25T16:00:00.000Z', // 18:00 under the heading "Freitag, 25. Oktober 2024"
    ]);
  });

  test('agency credits are split off into agencies', () => {
    expect(entries[0]?.agencies).toEqual(['dpa']);
    expect(entries[0]?.text.endsWith('frei.')).toBe(true);
    expect(entries[3]?.agencies).toEqual(['afp']);
    expect(entries[0]?.html).toBe('<p>Der Pegel in St. Pauli ist seit dem Morgen um mehr als einen Meter gefallen. Die Hafenbehörde gibt die Elbstraßen schrittweise frei.</p>');
  });

  test('no furniture reaches an entry', () => {
    const all = entries.map((e) => `${e.headline ?? ''}\n${e.text}`).join('\n');
    for (const phrase of ['Cookies', 'Newsletter', 'Teilen', 'Mehr zum Thema', 'Foto:', 'Startseite', 'Datenschutz', 'Stand:']) {
      expect(all).not.toContain(phrase);
    }
  });

  test('page metadata: title, language, and the lead above the first entry as summary', () => {
    expect(liveblog.title).toBe('Sturmflut an der Küste: Der Liveticker | Beispielblatt');
    expect(liveblog.language).toBe('de');
    expect(liveblog.summary).toBe(
      'Sturmtief Yvette hat in der Nacht Wasser weit in die Elbe gedrückt. In Hamburg wurde der Fischmarkt überflutet, an der Nordseeküste blieben die Fähren im Hafen.',
    );
  });
});

describe('a liveblog of repeated entry boxes with <time datetime> (invented page)', () => {
  const entry = (id: string, iso: string, clock: string, headline: string, text: string): string =>
    `<div class="lb-entry" id="${id}"><div class="lb-meta"><time datetime="${iso}">${clock}</time></div><h2>${headline}</h2><p>${text}</p></div>`;
  const page = (entries: string[]): string =>
    `<html lang="de"><body><main><h1>Wahlabend im Liveblog</h1><div class="lb-list">${entries.join('')}</div></main></body></html>`;
  const third = entry('e-1', '2024-09-01T18:00:00+02:00', '18:00', 'Die Wahllokale schließen', 'Um 18 Uhr haben die Wahllokale geschlossen, die Auszählung beginnt in allen Kreisen.');
  const second = entry('e-2', '2024-09-01T18:05:00+02:00', '18:05', 'Erste Prognose', 'Die erste Prognose sieht ein enges Rennen zwischen den beiden großen Parteien voraus.');
  const first = entry('e-3', '2024-09-01T18:30:00+02:00', '18:30', 'Hochrechnung', 'Nach der ersten Hochrechnung liegt die Regierungspartei knapp vorn, die Beteiligung ist hoch.');

  test('entries, exact times and the boxes’ ids as keys', () => {
    const { entries } = extract({ body: page([first, second, third]), url: URL });
    expect(entries.map((e) => e.headline)).toEqual(['Hochrechnung', 'Erste Prognose', 'Die Wahllokale schließen']);
    expect(entries.map((e) => e.publishedAt)).toEqual(['2024-09-01T16:30:00.000Z', '2024-09-01T16:05:00.000Z', '2024-09-01T16:00:00.000Z']);
  });

  test('keys survive a new entry on top and an edited headline and text', () => {
    const before = extract({ body: page([first, second, third]), url: URL }).entries;
    const edited = second.replace('Erste Prognose', 'Erste Prognose: enges Rennen').replace('beiden großen', 'zwei großen');
    const newest = entry('e-4', '2024-09-01T19:00:00+02:00', '19:00', 'Zweite Hochrechnung', 'Die zweite Hochrechnung bestätigt den knappen Vorsprung der Regierungspartei am Abend.');
    const after = extract({ body: page([newest, first, edited, third]), url: URL }).entries;
    expect(after.slice(1).map((e) => e.key)).toEqual(before.map((e) => e.key));
    expect(new Set(after.map((e) => e.key)).size).toBe(4);
  });
});

describe('repeated timed blocks without liveblog markup (invented pages)', () => {
  const read = (file: string): ReturnType<typeof extract> => extract({ body: readTestdata(file), url: 'https://example.org/t/1', contentType: 'text/html' });

  test('a forum thread, its posts classed as comments, gives one entry per post with its own time', () => {
    const { entries } = read('thread-posts.html');
    expect(entries.map((e) => e.publishedAt)).toEqual(['2024-05-22T19:19:46.000Z', '2024-05-22T20:02:11.000Z', '2024-05-23T07:45:30.000Z', '2024-05-23T18:30:05.000Z']);
    expect(entries[1]?.text).toContain('screw them through the crown of each ridge');
    // Each post prints its time twice (beside the author, above the text) and names its author.
    expect(entries.map((e) => e.authors)).toEqual([['GreenThumbGail'], ['OldOakTony'], ['Marigold_K'], ['GreenThumbGail']]);
    const all = entries.map((e) => e.text).join('\n');
    for (const furniture of ['Share on other sites', 'Similar topics', 'Leaderboard', '412 posts', 'Quote']) expect(all).not.toContain(furniture);
  });

  test('comments below an article stay out of it: the article wins', () => {
    const text = read('reading-comments-below-brief.html').entries.map((e) => e.text).join('\n');
    expect(text).toContain('protected cycle lane');
    expect(text).not.toContain('frankly terrifying');
  });

  test('plain timed blocks (a time in a span above a paragraph) are entries', () => {
    const { entries } = read('liveblog-plain-timed.html');
    expect(entries).toHaveLength(5);
    expect(entries[2]?.publishedAt).toBe('2024-05-02T13:32:00.000Z');
    expect(entries[2]?.text).toMatch(/^A queue of about forty voters/);
  });
});

describe('numbers that look like dotted clock times but are none', () => {
  // Boxes opened by "31.12" or "14.75": dates and scores, not times of day, so no ticker.
  const box = (label: string, text: string): string => `<div class="row"><span>${label}</span><p>${text}</p></div>`;
  const html = `<html lang="en"><head><title>Results</title><meta property="article:modified_time" content="2025-01-02T10:00:00+01:00"></head><body><main><h1>Results of the season</h1>
    ${box('31.12', 'The last match of the year ended in a draw after both sides missed penalties late in the second half.')}
    ${box('24.75', 'A cup tie with extra time that the visitors won thanks to a header from a defender in the last minute.')}
    ${box('30.11', 'An away win in heavy rain with the only goal coming from a deflected free kick just after half time.')}
    </main></body></html>`;

  test('each is read as an article section, not a timed entry', () => {
    const { entries } = extract({ body: html, url: 'https://results.example/season' });
    expect(entries.every((e) => e.publishedAt === null)).toBe(true);
  });
});
