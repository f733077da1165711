import { Extraction } from '@liveblog/contracts';
import { extract } from '../extract';
import { readTestdata } from '../testdata/seeds';

/** Liveblog structures beyond JSON-LD, each on an invented page in testdata/. */
function parsePage(file: string, url: string): Extraction {
  const result = extract({ body: readTestdata(file), url, contentType: 'text/html' });
  // Every structure must still produce the output contract, pinned flag and embeds included.
  return Extraction.parse(result);
}

describe('microdata: itemprop="liveBlogUpdate" items of a LiveBlogPosting', () => {
  const { entries } = parsePage('liveblog-microdata.html', 'https://sportblatt.example/pokalfinale');

  test('one entry per update, with its headline, body and time', () => {
    expect(entries.map((e) => e.headline)).toEqual([
      'Abpfiff: Der Aufsteiger holt den Pokal',
      'Tor! Der Kopfball sitzt',
      "Weiter geht's",
      'Halbzeit ohne Tore',
      'Anpfiff im ausverkauften Stadion',
    ]);
    expect(entries[0]?.text).toBe(
      'Der Schiedsrichter beendet die Partie, die Gäste liegen sich in den Armen und feiern vor ihrer Kurve.\n\n' +
        'Es ist der erste Titel in der Geschichte des Vereins, der vor drei Jahren noch in der dritten Liga spielte.',
    );
    expect(entries.map((e) => e.publishedAt)).toEqual([
      '2025-05-24T20:01:00.000Z',
      '2025-05-24T19:40:00.000Z',
      '2025-05-24T19:05:00.000Z',
      '2025-05-24T18:47:00.000Z',
      '2025-05-24T18:00:00.000Z',
    ]);
  });

  test('the minute marks and the intro stay out of the entries', () => {
    const all = entries.map((e) => e.text).join('\n');
    expect(all).not.toContain('90.+4');
    expect(all).not.toContain('Wir berichten ab dem Anpfiff');
  });
});

describe('timed boxes without structured data, times in the page zone (IST)', () => {
  const { entries, liveblog } = parsePage('liveblog-timed-ist.html', 'https://example-times.example/monsoon-live');

  test('the lead above the first entry is the summary, not an entry', () => {
    expect(liveblog.summary).toBe('Heavy rain has flooded low-lying roads in several coastal towns. Follow the latest updates here.');
    expect(entries.map((e) => e.text).join('\n')).not.toContain('Follow the latest updates');
  });

  test('a key event is flagged pinned and listed once', () => {
    expect(entries.map((e) => [e.headline, e.pinned])).toEqual([
      ['Schools to stay closed on Thursday', true],
      [null, false],
      [null, false],
      ['Fishermen told not to venture out', false],
    ]);
  });

  test('"21:06 (IST)" is +05:30 on the day the page gives', () => {
    expect(entries.map((e) => e.publishedAt)).toEqual([
      '2025-07-02T15:36:00.000Z',
      '2025-07-02T15:11:00.000Z',
      '2025-07-02T13:45:00.000Z',
      '2025-07-02T12:32:00.000Z',
    ]);
  });

  test('an entry that is only an embed keeps its link and gets no invented text', () => {
    expect(entries[1]?.text).toBe('');
    expect(entries[1]?.html).toBe('<p><a href="https://video.example/watch/harbour-waves">https://video.example/watch/harbour-waves</a></p>');
  });

  test('an entry without headline keeps its text', () => {
    expect(entries[2]?.text).toMatch(/^Local trains on the harbour line/);
  });
});

describe('German timed boxes without headlines: "12.31 Uhr", "vor 5 Min.", Eilmeldung', () => {
  const { entries, liveblog } = parsePage('liveblog-timed-de.html', 'https://beispielbote.example/hitze-newsblog');

  test('one entry per box, no headlines invented, the lead as summary', () => {
    expect(entries).toHaveLength(4);
    expect(entries.every((e) => e.headline === null)).toBe(true);
    expect(liveblog.summary).toBe('Seit Tagen liegen die Temperaturen im Süden über dreißig Grad. Hier lesen Sie alle Entwicklungen.');
  });

  test('Berlin time on the "Stand" day, the day before after midnight, relative stamps from the "Stand" time', () => {
    expect(entries.map((e) => e.publishedAt)).toEqual([
      '2025-08-14T11:00:00.000Z', // vor 5 Min. before 13:05 CEST
      '2025-08-14T10:31:00.000Z',
      '2025-08-14T07:10:00.000Z',
      '2025-08-13T21:40:00.000Z',
    ]);
  });

  test('"Eilmeldung" flags the entry pinned and is not part of its text', () => {
    expect(entries.map((e) => e.pinned)).toEqual([false, true, false, false]);
    expect(entries[1]?.text).toBe('Der Wetterdienst hat die Hitzewarnung für den ganzen Regierungsbezirk auf die höchste Stufe angehoben.');
  });
});

describe('JSON-LD worse than the page: texts cut short, machine-made headlines, more updates than shown', () => {
  const { entries } = parsePage('liveblog-jsonld-cut.html', 'https://nachrichtenblatt.example/bahnstreik');

  test('the visible headline and full text replace the machine-made and cut ones', () => {
    expect(entries.map((e) => e.headline)).toEqual([
      'Streik im Güterverkehr geht bis Mittwoch weiter',
      'Lange Staus rund um die Großstädte',
      'Nur jeder fünfte Fernzug fährt',
      'Streik hat begonnen',
    ]);
    expect(entries[0]?.text).toBe(
      'Die Gewerkschaft hat angekündigt, den Streik im Güterverkehr bis Mittwochmorgen fortzusetzen. Ein Angebot der Bahn vom Wochenende reiche nicht aus, sagte ein Sprecher.\n\n' +
        'Die Bahn kritisierte die Ankündigung als unverhältnismäßig und forderte eine Rückkehr an den Verhandlungstisch.',
    );
  });

  test('times stay the structured data’s, and an update the page does not show is kept', () => {
    expect(entries.map((e) => e.publishedAt)).toEqual([
      '2025-03-10T10:20:00.000Z',
      '2025-03-10T08:45:00.000Z',
      '2025-03-10T06:30:00.000Z',
      '2025-03-10T04:00:00.000Z',
    ]);
    expect(entries[3]?.text).toMatch(/^Seit fünf Uhr stehen/);
  });

  test('a machine-made headline is dropped when the page shows the entry without one', () => {
    const html = readTestdata('liveblog-jsonld-cut.html').replace('<h2>Lange Staus rund um die Großstädte</h2>', '');
    const shown = extract({ body: html, url: 'https://nachrichtenblatt.example/bahnstreik' }).entries;
    expect(shown.map((e) => e.headline)).toEqual(['Streik im Güterverkehr geht bis Mittwoch weiter', null, 'Nur jeder fünfte Fernzug fährt', 'Streik hat begonnen']);
  });
});

describe('a flat German ticker with dated update prefixes in bold', () => {
  const paragraph = (stamp: string, text: string): string => `<p><strong>${stamp}</strong> ${text}</p>`;
  const html = `<html lang="de"><head><title>Unwetter im Ticker</title></head><body><main><h1>Unwetter im Ticker</h1>
    <p>Gewitter ziehen über das Land, wir halten Sie auf dem Laufenden über alle Entwicklungen des Tages.</p>
    ${paragraph('Update vom 3. Juni, 18.20 Uhr:', 'Der Deutsche Wetterdienst hebt die Unwetterwarnung für die Küste am Abend wieder auf.')}
    ${paragraph('+++ 16.05 Uhr +++', 'Auf der Autobahn zwischen den beiden Städten ist ein Lastwagen umgekippt, die Strecke ist gesperrt.')}
    ${paragraph('Update vom 2. Juni, 22.45 Uhr:', 'In mehreren Orten sind Keller vollgelaufen, die Feuerwehr rückte über hundertmal aus.')}
    </main></body></html>`;
  const { entries } = extract({ body: html, url: 'https://beispielbote.example/unwetter' });

  test('each prefix starts an entry whose text is the rest of the paragraph', () => {
    expect(entries.map((e) => e.text)).toEqual([
      'Der Deutsche Wetterdienst hebt die Unwetterwarnung für die Küste am Abend wieder auf.',
      'Auf der Autobahn zwischen den beiden Städten ist ein Lastwagen umgekippt, die Strecke ist gesperrt.',
      'In mehreren Orten sind Keller vollgelaufen, die Feuerwehr rückte über hundertmal aus.',
    ]);
  });

  test('the printed day dates its entry and the ones after it; without a year, none is invented', () => {
    // No year on the page and no page time: the entries keep no time rather than a guessed one.
    expect(entries.map((e) => e.publishedAt)).toEqual([null, null, null]);
    const dated = extract({ body: html.replace('<title>', '<meta property="article:modified_time" content="2025-06-03T18:30:00+02:00"><title>'), url: 'https://beispielbote.example/unwetter' });
    expect(dated.entries.map((e) => e.publishedAt)).toEqual(['2025-06-03T16:20:00.000Z', '2025-06-03T14:05:00.000Z', '2025-06-02T20:45:00.000Z']);
  });
});

describe('a flat ticker whose stamps sit in wrappers of their own', () => {
  const entry = (time: string, headline: string, text: string): string =>
    `<div class="meta"><p class="zeit">${time}</p></div><h2>${headline}</h2><p>${text}</p>`;
  const html = `<html lang="de"><head><title>Wahlticker</title><meta property="article:modified_time" content="2025-02-23T19:00:00+01:00"></head><body><main><h1>Wahlticker</h1>
    ${entry('18.45 Uhr', 'Erste Hochrechnung', 'Die Union liegt nach der ersten Hochrechnung deutlich vorn, die Beteiligung ist so hoch wie lange nicht.')}
    ${entry('18.00 Uhr', 'Prognose', 'Die Wahllokale haben geschlossen, die erste Prognose sieht vier Parteien sicher im Parlament.')}
    ${entry('17.30 Uhr', 'Hohe Beteiligung', 'Bis zum Nachmittag hatten schon mehr Menschen gewählt als zur gleichen Zeit vor vier Jahren.')}
    </main></body></html>`;

  test('headline and text after each wrapper belong to its entry', () => {
    const { entries } = extract({ body: html, url: 'https://beispielbote.example/wahl' });
    expect(entries.map((e) => e.headline)).toEqual(['Erste Hochrechnung', 'Prognose', 'Hohe Beteiligung']);
    expect(entries.map((e) => e.publishedAt)).toEqual(['2025-02-23T17:45:00.000Z', '2025-02-23T17:00:00.000Z', '2025-02-23T16:30:00.000Z']);
    expect(entries[2]?.text).toMatch(/^Bis zum Nachmittag/);
  });
});

describe('microdata updates whose marked body is empty show their text beside the marked item', () => {
  const { entries } = parsePage('liveblog-microdata-bodyless.html', 'https://gazette.example/budget-live');

  test('every update takes its text from the box the page shows it in', () => {
    expect(entries.map((e) => [e.headline, e.publishedAt])).toEqual([
      ['Budget passes by two votes', '2025-02-20T19:42:00.000Z'],
      ['Amendment on bus fares rejected', '2025-02-20T18:15:00.000Z'],
      ['Debate opens', '2025-02-20T17:05:00.000Z'],
    ]);
    expect(entries[0]?.text).toBe(
      'The budget passed with twenty-six votes to twenty-four after the independents sided with the ruling group at the last minute.\n\n' +
        'The opposition leader said the cuts to library hours would be reversed if her group won the May election.',
    );
    expect(entries[1]?.text).toBe('An amendment to freeze bus fares for pensioners was voted down after the finance chair said it left a gap of two million pounds.');
    expect(entries[2]?.text).toContain('The mayor opened the meeting');
  });

  test('no update takes the text of another', () => {
    expect(entries[2]?.text).not.toContain('Northern Gazette');
    expect(entries.map((e) => e.text).join('\n').match(/bus fares for pensioners/g)).toHaveLength(1);
  });
});
