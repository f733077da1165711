import { isBoilerplate } from './boilerplate';
import { commentsStart } from './comments';
import { dropPullQuotes } from './pullquote';
import { findDoubledTitle } from './title';

const P1 = 'Kirbys Kollegin sagte am Montag, Moskau erwäge gemeinsame Übungen. „Warum nicht? Sie sind unsere Nachbarn“, zitierte ihn eine Agentur.';
const P2 = 'Moskau und Pjöngjang hatten im August angekündigt, ihre Zusammenarbeit auszubauen und enger zu kooperieren.';

describe('isBoilerplate', () => {
  test.each([
    ['Headlines', true],
    ['Jetzt weiterlesen! !', true],
    ['Für 0.99 € können Sie diesen Artikel erwerben.', true],
    ['Sie sind bereits Kunde?', true],
    ['Mehr zum Thema:', true],
    ['Kim und Putin beim Treffen in Wladiwostok Fotos: Pool/KCNA/AP/dpa', true],
    ['Der Deich bei Husum am Dienstagmorgen Foto: Erika Muster/dpa', true],
    ['Grafik: So verläuft die Front', false],
    ['Video zeigt Explosion in Kyjiw', false],
    ['Auf einem Foto: Putin und Kim lächeln. Das Bild ging um die Welt.', false],
    ['Sie sind bereits in Kursk, sagte der Sprecher.', false],
    [P1, false],
  ])('%j → %s', (unit, expected) => {
    expect(isBoilerplate(unit)).toBe(expected);
  });
});

describe('commentsStart', () => {
  test('cuts from the commenter name before a comment timestamp', () => {
    const units = [P1, P2, 'Ende des Artikels. (AFP)', 'fraulein muster', '6. September 2023 - 9.10', 'Ein Kommentar.'];
    expect(commentsStart(units)).toBe(3);
  });

  test('cuts at a comments heading', () => {
    expect(commentsStart([P1, P2, '3 Kommentare', 'name', 'Text.'])).toBe(2);
  });

  test('a dated line at the top is the article date, not a comment', () => {
    const units = ['Max Muster', '6. September 2023 - 9.10', P1, P2];
    expect(commentsStart(units)).toBe(units.length);
  });
});

describe('dropPullQuotes', () => {
  test('drops a quote repeated nearby together with its attribution', () => {
    const units = [P2, 'Warum nicht? Sie sind unsere Nachbarn.', 'Sergej Schoigu, russischer Verteidigungsminister', P2, P1];
    expect(dropPullQuotes(units)).toEqual([P2, P2, P1]);
  });

  test('keeps a one-sentence paragraph followed by a headline', () => {
    const units = [P1, 'Details zu den Gesprächen nannte er nicht.', 'Neue Angriffe auf Charkiw', P2];
    expect(dropPullQuotes(units)).toEqual(units);
  });
});

describe('findDoubledTitle', () => {
  test('takes the later copy of a title repeated with other separators', () => {
    const units = ['Headlines', 'Ukraine-KriegUSA: Kim will mit Putin sprechen', 'Ukraine-Krieg / USA: Kim will mit Putin sprechen', P1];
    expect(findDoubledTitle(units)).toEqual({ title: 'Ukraine-Krieg / USA: Kim will mit Putin sprechen', index: 2 });
  });

  test('none when nothing repeats near the top', () => {
    expect(findDoubledTitle([P1, P2])).toBeNull();
  });
});
