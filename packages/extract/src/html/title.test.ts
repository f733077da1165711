import { stripSiteSuffix } from './title';

describe('stripSiteSuffix', () => {
  test.each([
    ['Sturmflut: Deiche halten | Beispielblatt | 28.04.2023', 'Beispielblatt.de', 'Sturmflut: Deiche halten'],
    ['Sturmflut: Deiche halten - BLATT', 'Das Blatt', 'Sturmflut: Deiche halten'],
    ['Sturmflut: Deiche halten | BEISPIEL.DE', '', 'Sturmflut: Deiche halten'],
    ['Zwei Rücktritte - und viele offene Fragen', 'Beispielblatt', 'Zwei Rücktritte - und viele offene Fragen'],
    ['Deiche halten', 'Beispielblatt', 'Deiche halten'],
    ['BEISPIELBLATT', 'Beispielblatt', 'BEISPIELBLATT'],
  ])('%s', (title, site, expected) => {
    expect(stripSiteSuffix(title, site)).toBe(expected);
  });
});
