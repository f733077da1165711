import { parseHeader, parseStand } from './header';

describe('parseHeader', () => {
  test('liveblog header: title, top headline and "Stand" in Berlin time', () => {
    expect(
      parseHeader(' date 2024-10 liveblog Krieg gegen die Ukraine ++ Kreml kündigt Treffen an ++ Stand: 22.10.2024 02:41 Uhr'),
    ).toEqual({
      liveblog: true,
      title: 'Krieg gegen die Ukraine',
      topHeadline: 'Kreml kündigt Treffen an',
      modifiedAt: '2024-10-22T00:41:00.000Z',
      bodyLine: null,
    });
  });

  test('liveblog header in winter time and without top headline', () => {
    expect(parseHeader(' date 2025-01 liveblog Sturmtief Xaver ++ Stand: 14.01.2025 18:05 Uhr')).toMatchObject({
      title: 'Sturmtief Xaver',
      topHeadline: null,
      modifiedAt: '2025-01-14T17:05:00.000Z',
    });
  });

  test('plain date line: the rest is body', () => {
    expect(parseHeader(' date 2024-11 Blinken kündigt „harte Antwort“ an')).toEqual({
      liveblog: false,
      title: null,
      topHeadline: null,
      modifiedAt: null,
      bodyLine: 'Blinken kündigt „harte Antwort“ an',
    });
  });

  test.each(['Headlines', 'date of birth', ' date 2024 text', ''])('no header in %j', (line) => {
    expect(parseHeader(line)).toBeNull();
  });
});

describe('parseStand', () => {
  test.each([
    ['Stand: 22.10.2024 02:41 Uhr', '2024-10-22T00:41:00.000Z'],
    ['Stand: 1.2.2025, 9.05 Uhr', '2025-02-01T08:05:00.000Z'],
    ['Stand 14.01.2025 18:05', '2025-01-14T17:05:00.000Z'],
    ['Stand: 31.02.2025 18:05 Uhr', null],
    ['Stand: gestern', null],
  ])('%j → %j', (input, expected) => {
    expect(parseStand(input)).toBe(expected);
  });
});
