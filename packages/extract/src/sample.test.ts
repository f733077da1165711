import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Extraction } from '@liveblog/contracts';
import { extract } from './index';
import { readTestdata, repoRoot } from './testdata/seeds';

const SAMPLE = readTestdata('sturmtief.txt');

describe('own sample: Sturmtief Xaver liveblog', () => {
  const result = extract({ body: SAMPLE, url: 'https://example.org/sturmtief-xaver' });

  test('liveblog', () => {
    expect(Extraction.parse(result).liveblog).toEqual({
      title: 'Sturmtief Xaver',
      url: 'https://example.org/sturmtief-xaver',
      language: 'de',
      summary:
        'Orkanböen, Sturmflut und gesperrte Strecken: Sturmtief Xaver zieht mit voller Wucht über Norddeutschland. Die Entwicklungen im Liveblog.',
      publishedAt: null,
      modifiedAt: '2025-01-14T17:05:00.000Z',
    });
  });

  test('entries, headlines and agencies', () => {
    expect(result.entries.map((e) => [e.headline, e.agencies, e.text.split('\n\n').length])).toEqual([
      ['Bahn stellt Fernverkehr im Norden ein', ['dpa'], 2],
      ['Reicht der Deich in Husum?', ['dpa'], 2],
      [null, ['afp'], 1],
      ['Schulen in Bremen bleiben geschlossen', ['epd'], 2],
      ['Fähren zu den Inseln fallen aus', ['rtr'], 2],
    ]);
  });

  test('the headline-less entry is the one after a credit', () => {
    expect(result.entries[2]?.text).toBe(
      'Auf dem Brocken im Harz hat der Wetterdienst am Mittag eine Spitzenböe von 178 Kilometern pro Stunde gemessen. Das ist der höchste Wert, der an dieser Station bislang in einem Januar aufgezeichnet wurde.',
    );
  });

  test('html is escaped', () => {
    expect(result.entries[3]?.html).toContain('unter dem Stichwort &quot;Sturm &amp; Schule&quot; auf der Seite');
    expect(result.entries[3]?.text).toContain('unter dem Stichwort "Sturm & Schule" auf der Seite');
  });

  test('the copy in config/samples is the same text', () => {
    const copy = path.join(repoRoot(__dirname), 'config/samples/sturmtief.txt');
    expect(readFileSync(copy, 'utf8')).toBe(SAMPLE);
  });
});
