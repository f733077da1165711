import type { ParsedEntry } from '../document';
import { mergeUpdates } from './merge';

const entry = (headline: string | null, text: string, id?: string): ParsedEntry => ({
  headline,
  borrowedHeadline: false,
  paragraphs: [text],
  agencies: [],
  ...(id === undefined ? {} : { id }),
});

const opening = entry(null, 'Der Sturm zieht über Norddeutschland, hier die Entwicklungen des Tages im Überblick für alle Leser.');
const shown = [
  entry('Deich hält', 'Der Deich bei Hamburg hält dem Wasser stand, sagt die Feuerwehr am frühen Morgen den Reportern.'),
  entry('Fähren fallen aus', 'Alle Fähren zu den Inseln fallen heute aus, die Reedereien erstatten den Fahrpreis ihren Gästen.'),
  entry('Schulen geschlossen', 'In drei Landkreisen bleiben die Schulen geschlossen, der Unterricht fällt bis Mittwoch ganz aus.'),
];

describe('mergeUpdates', () => {
  test('structured updates replace their visible boxes; the opening text and older boxes the data left out stay', () => {
    const updates = [entry('Deich hält', shown[0]?.paragraphs[0] ?? '', 'u1'), entry('Fähren fallen aus', shown[1]?.paragraphs[0] ?? '', 'u2')];
    const merged = mergeUpdates(updates, [opening, ...shown]);
    expect(merged.map((e) => [e.headline, e.id])).toEqual([
      [null, undefined],
      ['Deich hält', 'u1'],
      ['Fähren fallen aus', 'u2'],
      ['Schulen geschlossen', undefined],
    ]);
  });

  test('an update is recognised by its opening words when the page prints another headline', () => {
    const updates = [entry('+++ Deich hält +++', shown[0]?.paragraphs[0] ?? '', 'u1')];
    expect(mergeUpdates(updates, [opening, ...shown]).map((e) => e.id ?? e.headline)).toEqual([null, 'u1', 'Fähren fallen aus', 'Schulen geschlossen']);
  });

  test('an update the page does not show yet goes after the update listed before it', () => {
    const fresh = entry('Pegel sinkt', 'Der Pegel sinkt seit dem Mittag wieder, die Stadt hebt die Sperrungen am Abend schrittweise auf.', 'u0');
    const updates = [fresh, entry('Deich hält', shown[0]?.paragraphs[0] ?? '', 'u1')];
    expect(mergeUpdates(updates, [opening, ...shown]).map((e) => e.id ?? e.headline)).toEqual([null, 'u0', 'u1', 'Fähren fallen aus', 'Schulen geschlossen']);
  });

  test('without any visible match the structured updates stand alone', () => {
    const updates = [entry('Anderes', 'Ganz andere Meldung ohne sichtbares Gegenstück auf der Seite, nur in den Daten enthalten.', 'x')];
    expect(mergeUpdates(updates, [opening, ...shown])).toEqual(updates);
  });

  test('a truncated structured body takes the visible paragraphs', () => {
    const updates = [entry('Deich hält', 'Der Deich bei Hamburg …', 'u1')];
    expect(mergeUpdates(updates, [opening, ...shown])[1]?.paragraphs).toEqual(shown[0]?.paragraphs);
  });
});
