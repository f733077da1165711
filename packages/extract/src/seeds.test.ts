import { Extraction, type ExtractedEntry } from '@liveblog/contracts';
import { extract } from './index';
import { readSeed } from './testdata/seeds';

const SEEDS = ['000', '001', '002', '003', '004'] as const;
const run = (seed: string) => extract({ body: readSeed(seed), url: `https://example.org/seed/${seed}` });
const headlines = (entries: ExtractedEntry[]) => entries.map((e) => e.headline);
const paragraphCount = (entry: ExtractedEntry | undefined) => entry?.text.split('\n\n').length;

describe.each(SEEDS)('seed %s: invariants', (seed) => {
  const result = run(seed);

  test('matches the output contract', () => {
    expect(() => Extraction.parse(result)).not.toThrow();
    expect(result.liveblog.url).toBe(`https://example.org/seed/${seed}`);
    expect(result.liveblog.language).toBe('de');
  });

  test('keys are unique and the same on every run', () => {
    const keys = result.entries.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(run(seed).entries.map((e) => e.key)).toEqual(keys);
  });

  test('no agency credit is left in any text', () => {
    for (const entry of result.entries) {
      expect(entry.text).not.toMatch(/\((?:afp|dpa|rtr|ap|dts|red|epd|kna)(?:\/[a-z]+)*\)/i);
    }
  });

  test('text is plain paragraphs, html one <p> per paragraph', () => {
    for (const entry of result.entries) {
      const paragraphs = entry.text.split('\n\n');
      expect(paragraphs.every((p) => p !== '' && p === p.trim() && !p.includes('\n'))).toBe(true);
      expect(entry.html.match(/<p>/g)).toHaveLength(paragraphs.length);
      expect(entry.authors).toEqual([]);
      expect(entry.pinned).toBe(false);
    }
  });

  test('editing the last paragraph of an entry keeps its key', () => {
    const body = readSeed(seed);
    for (const [i, entry] of result.entries.entries()) {
      const last = entry.text.split('\n\n').pop() ?? '';
      const edited = extract({ body: body.replace(last, `${last} Das wurde später bestätigt.`), url: result.liveblog.url });
      expect(edited.entries[i]?.text.endsWith('Das wurde später bestätigt.')).toBe(true);
      expect(edited.entries.map((e) => e.key)).toEqual(result.entries.map((e) => e.key));
    }
  });
});

describe('seed 000: public-broadcaster liveblog without entry headlines', () => {
  const { liveblog, entries } = run('000');

  test('header', () => {
    expect(liveblog.title).toBe('Krieg gegen die Ukraine');
    expect(liveblog.modifiedAt).toBe('2024-10-22T00:41:00.000Z');
    expect(liveblog.publishedAt).toBeNull();
    expect(liveblog.summary).toMatch(/^Laut Angaben Moskaus soll UN-Generalsekretär Guterres .* Die Entwicklungen im Liveblog\.$/);
  });

  test('each paragraph is an entry; the top headline goes to the newest', () => {
    expect(entries).toHaveLength(9);
    expect(headlines(entries)).toEqual(['Kreml kündigt Treffen Putins mit Guterres an', ...Array(8).fill(null)]);
    expect(entries[0]?.text).toMatch(/^UN-Generalsekretär António Guterres soll nach Angaben des Kremls/);
    expect(entries[5]?.text).toMatch(/^Großbritannien stellt der Ukraine einen Kredit/);
    expect(entries[8]?.text).toMatch(/^US-Verteidigungsminister Austin hat bei seinem Besuch in Kiew/);
    expect(entries.every((e) => e.agencies.length === 0)).toBe(true);
  });

  test('the summary is not an entry', () => {
    expect(entries.some((e) => e.text.includes('Die Entwicklungen im Liveblog'))).toBe(false);
  });

  test('the newest entry keeps its key when a newer one takes over the top headline', () => {
    const body = readSeed('000')
      .replace('++ Kreml kündigt Treffen Putins mit Guterres an ++', '++ Neue Lage in Kasan ++')
      .replace('\n\nUN-Generalsekretär António', '\n\nIn Kasan hat am Abend ein neues Treffen begonnen.\n\nUN-Generalsekretär António');
    const after = extract({ body, url: liveblog.url }).entries;
    expect(after).toHaveLength(10);
    expect(after[0]?.headline).toBe('Neue Lage in Kasan');
    expect(after.slice(1).map((e) => e.key)).toEqual(entries.map((e) => e.key));
  });
});

describe('seed 001: newspaper liveblog with a page credit', () => {
  const { liveblog, entries } = run('001');

  test('liveblog', () => {
    expect(liveblog.title).toBe('');
    expect(liveblog.summary).toBeNull();
    expect(liveblog.modifiedAt).toBeNull();
  });

  test('the lead paragraph opens the first, headline-less entry', () => {
    expect(entries).toHaveLength(4);
    expect(headlines(entries)).toEqual([
      null,
      'Putin empfängt Nordkoreas Außenministerin',
      'Dank für Außenministerin Baerbock in Kiew',
      'Verhandlungen über Verzicht auf Angriffe der Energieinfrastruktur',
    ]);
    expect(entries[0]?.text).toMatch(/^Die Zahl der nordkoreanischen Soldaten, die in der russischen Grenzregion Kursk/);
    expect(paragraphCount(entries[0])).toBe(3);
  });

  test('entry "Putin empfängt Nordkoreas Außenministerin"', () => {
    const entry = entries.find((e) => e.headline === 'Putin empfängt Nordkoreas Außenministerin');
    expect(entry?.text.startsWith('Russlands Präsident Wladimir Putin empfing im Kreml erneut')).toBe(true);
    expect(paragraphCount(entry)).toBe(2);
  });

  test('the closing (dts/dpa/red) credits every entry, without the newsroom', () => {
    expect(entries.map((e) => e.agencies)).toEqual(Array(4).fill(['dts', 'dpa']));
    expect(entries[3]?.text.endsWith('Später platzte das Getreideabkommen.')).toBe(true);
    expect(paragraphCount(entries[3])).toBe(5);
  });
});

describe('seed 002: ticker with a credit per entry', () => {
  const { entries } = run('002');

  test('entries, headlines and agencies', () => {
    expect(entries.map((e) => [e.headline, e.agencies, paragraphCount(e)])).toEqual([
      ['Südkoreas Geheimdienst: Zuwachs für Russlands Armee', ['afp'], 2],
      ['Keir Starmer trifft Donald Trump', ['afp'], 2],
      ['Trump: Nato-Beitritt der Ukraine ausgeschlossen', ['dpa'], 5],
      ['Dronenangriff auf Belgorod', ['rtr'], 3],
    ]);
  });

  test('the first line after the date is the first headline', () => {
    expect(entries[0]?.text).toMatch(/^Nordkorea hat nach südkoreanischen Angaben weitere Soldaten nach Russland entsandt\./);
    expect(entries[0]?.text.endsWith('genannt.')).toBe(true);
  });
});

describe('seed 003: ticker with a headline-less entry', () => {
  const { entries } = run('003');

  test('entries, headlines and agencies', () => {
    expect(entries.map((e) => [e.headline, e.agencies, paragraphCount(e)])).toEqual([
      ['Blinken kündigt „harte Antwort“ an', ['afp'], 3],
      ['Rutte fordert mehr Hilfen für die Ukraine', ['dpa'], 2],
      [null, ['dpa'], 2],
      ['Kyjiw mit Raketen beschossen', ['rtr'], 3],
      ['Russland bereitet wohl umfassenden Angriff an Südfront vor', ['afp'], 3],
      ['Ukraine wirbt bei Kallas um Solidarität', ['rtr'], 4],
    ]);
  });

  test('the entry after a credit starts at the next paragraph', () => {
    expect(entries[2]?.text).toMatch(/^Tausende nordkoreanische Soldaten sind nach US-Angaben/);
    expect(entries[1]?.text.endsWith('dass Trump die Militärhilfe für Kyjiw einstellen könnte.')).toBe(true);
  });
});

describe('seed 004: paywalled article with furniture and a reader comment', () => {
  const { liveblog, entries } = run('004');

  test('the heading copy of the doubled title is the title', () => {
    expect(liveblog.title).toBe('Ukraine-Krieg / USA: Kim will mit Putin in Russland über Waffenlieferungen sprechen');
    expect(liveblog.summary).toBeNull();
  });

  test('sections become entries, credited by the closing (AFP)', () => {
    expect(entries.map((e) => [e.headline, e.agencies, paragraphCount(e)])).toEqual([
      [null, ['afp'], 5],
      ['Drohnen-Abschüsse in Russland', ['afp'], 3],
      ['Warnungen der Vereinten Nationen', ['afp'], 4],
    ]);
    expect(entries[0]?.text).toMatch(/^Nordkoreas Machthaber Kim Jong-un will nach US-Angaben/);
    expect(entries[2]?.text.endsWith('zu weiteren Gesprächen nach Nordkorea.')).toBe(true);
  });

  test.each([
    'Headlines',
    'Ukraine-KriegUSA',
    'Fotos:',
    'Jetzt weiterlesen',
    'Artikel erwerben',
    'bereits Kunde',
    'Sergej Schoigu, russischer Verteidigungsminister',
    'fraulein smilla',
    '6. September 2023',
    'Patriarch Kyrill',
    'Jesus',
  ])('no entry contains %j', (fragment) => {
    for (const entry of entries) {
      expect(`${entry.headline ?? ''}\n${entry.text}`).not.toContain(fragment);
    }
  });

  test('the pull quote is dropped but the paragraph quoting it stays', () => {
    const all = entries.map((e) => e.text).join('\n\n');
    expect(all.split('Warum nicht? Sie sind unsere Nachbarn')).toHaveLength(2);
    expect(all).toContain('„Warum nicht? Sie sind unsere Nachbarn“, zitierte ihn die staatliche Nachrichtenagentur Tass.');
  });
});
