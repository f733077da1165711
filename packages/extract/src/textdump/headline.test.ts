import { hasHeadlineShape, isHeadline } from './headline';

const PARAGRAPH =
  'Russlands Präsident Wladimir Putin empfing im Kreml erneut Nordkoreas Außenministerin. Gesprächsinhalte drangen nicht nach außen.';

describe('isHeadline', () => {
  test.each([
    ['plain headline', 'Putin empfängt Nordkoreas Außenministerin', PARAGRAPH, true],
    ['headline with a colon inside', 'Trump: Nato-Beitritt der Ukraine ausgeschlossen', PARAGRAPH, true],
    ['headline ending in a quoted phrase', 'Blinken kündigt „harte Antwort“ an', PARAGRAPH, true],
    ['question headline', 'Reicht der Deich in Husum?', PARAGRAPH, true],
    ['headline before a credited paragraph', 'Kyjiw mit Raketen beschossen', 'Raketen trafen die Stadt. (rtr)', true],
    ['one-sentence paragraph', 'Details nannte er nicht.', PARAGRAPH, false],
    ['quoted sentence', '„Wir bleiben hier.“', PARAGRAPH, false],
    ['exclamation', 'Bleiben Sie in den Schutzräumen!', PARAGRAPH, false],
    ['lead-in ending in a colon', 'Dazu sagte der Minister:', PARAGRAPH, false],
    ['nothing follows', 'Putin empfängt Nordkoreas Außenministerin', undefined, false],
    ['a short line follows', 'Ukraine-KriegUSA: Kim will mit Putin sprechen', 'Ukraine-Krieg / USA: Kim will mit Putin sprechen', false],
    ['followed by a headline-shaped line', 'Headlines', 'Kreml kündigt Treffen an', false],
    ['a credit', '(dpa)', PARAGRAPH, false],
    ['too long', 'Ein sehr langer Satz ohne Punkt '.repeat(5).trim(), PARAGRAPH.repeat(2), false],
    ['no letters', '12:45', PARAGRAPH, false],
  ])('%s', (_name, unit, next, expected) => {
    expect(isHeadline(unit, next)).toBe(expected);
  });

  test('word limit', () => {
    expect(hasHeadlineShape('ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf')).toBe(true);
    expect(hasHeadlineShape('a b c d e f g h i j k l m n o p q r')).toBe(false);
  });
});
