/**
 * Page furniture that scrapers keep in text dumps: navigation words, paywall prompts, image captions.
 * Each test looks at one line alone and only at short lines, so body text that merely mentions
 * "weiterlesen" or "Foto" is never dropped.
 */

/** Lines that are a navigation or toolbar label and nothing else. */
const NAVIGATION = new RegExp(
  `^(?:${[
    'headlines',
    'startseite',
    'home',
    'menü',
    'menu',
    'navigation',
    'suche',
    'anmelden',
    'abmelden',
    'login',
    'teilen',
    'drucken',
    'merken',
    'zurück',
    'weiter',
    'schließen',
    'anzeige',
    'werbung',
    'newsletter',
    'mehr zum thema',
    'lesen sie auch',
    'auch interessant',
    'artikel anhören',
    'artikel teilen',
  ].join('|')})[\\s:!.»›>|-]*$`,
  'i',
);

const PAYWALL: readonly RegExp[] = [
  /^jetzt (?:weiterlesen|weiter lesen|abonnieren|abonnent werden|testen|freischalten|registrieren)\b/i,
  /\bdiesen (?:artikel|beitrag) (?:erwerben|kaufen|freischalten|weiterlesen|lesen)\b/i,
  /^sie sind bereits (?:kunde|kundin|abonnent|abonnentin|registriert)\b/i,
  /^(?:sie haben bereits ein abo|bereits abonniert|hier anmelden|zum login)\b/i,
];

/**
 * An image caption is a description that ends in its photo credit ("… Rüstungsgeschäfte Fotos:
 * Pool/KCNA/AP/dpa"). The credit has no sentence punctuation, which body text quoting "Foto:" would
 * have, and it never opens the line, which a headline like "Grafik: So verläuft die Front" does.
 */
const CAPTION_CREDIT = /\S\s+(?:(?:Fotos?|Bilder?|Grafik|Quelle)\s*:|©)\s*[^\s.!?][^.!?]{0,150}$/;

const MAX_FURNITURE_CHARS = 400;

export function isBoilerplate(unit: string): boolean {
  if (unit.length > MAX_FURNITURE_CHARS) return false;
  if (NAVIGATION.test(unit) || PAYWALL.some((re) => re.test(unit))) return true;
  return (unit.includes(':') || unit.includes('©')) && CAPTION_CREDIT.test(unit);
}
