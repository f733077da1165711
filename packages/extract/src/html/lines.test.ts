import { isFurnitureLine, isLabel } from './lines';

describe('isFurnitureLine', () => {
  test.each([
    'Stand: 28.04.2023 16:11 Uhr',
    'von Oliver Beispiel',
    'By Jane Example',
    'Foto: Beispielagentur',
    'Bildrechte: Beispielsender',
    'Hochwasser am Fischmarkt (Image: Beispielagentur)',
    '28.04.2023, 19:09 3 Min.',
    'Video02:53 21.01.2023',
    '21 mins ago11:48 Jon Example',
    'vor 2 Std.',
    'Dieses Thema im Programm: Beispielradio | 28. April 2023',
    'Dieser Artikel ist zuerst bei "Beispielmagazin" erschienen.',
    'Beispielsender (abc)',
    '3 Kommentare',
    'Kommentare (12)',
    'IN-Redaktion',
    'Anzeige',
    'Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns bitte mit einer Spende, damit wir weiter unabhängig über alles berichten können.',
    'Von Beispielredaktion am 21/02/2021. Abgelegt unter Politik. Sie können alle Antworten zu diesem Eintrag über den Feed verfolgen.',
  ])('furniture: %s', (line) => {
    expect(isFurnitureLine(line)).toBe(true);
  });

  test.each([
    'Von der Leyen sagte am Abend, die Kommission werde handeln.',
    'Von den 340 Mitarbeitern arbeiten die meisten in der Produktion.',
    '3 Minuten später war die Feuerwehr vor Ort und begann mit dem Abpumpen des Wassers aus den Kellern.',
    'Der Pegel lag am Morgen bei 3,10 Metern.',
    'Die Polizei (Bundespolizei) sperrte die Brücke.',
    '3 Kommentare zu dem Gesetz gingen im Ministerium ein, alle ablehnend.',
    'Die Redaktion hat den Text am Abend ergänzt.',
    'Von der Leyen sagte am Montag, die Regeln würden abgelegt unter dem Druck der Mitgliedstaaten nicht geändert.',
  ])('prose: %s', (line) => {
    expect(isFurnitureLine(line)).toBe(false);
  });
});

describe('isLabel', () => {
  test('short lines ending in a colon introduce a box', () => {
    expect(isLabel('Auf dieser Seite:')).toBe(true);
    expect(isLabel('Die Feuerwehr meldete am Abend drei Einsätze und nannte die Gründe dafür in einer Mitteilung:')).toBe(false);
  });
});
