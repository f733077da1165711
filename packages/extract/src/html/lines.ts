/**
 * Paragraph-sized furniture that markup does not always label: bylines, time stamps, photo credits,
 * desk credits. Each test looks only at short paragraphs, so body text that merely starts with "Von"
 * or mentions a date is never dropped.
 */

/** Longer paragraphs are prose, whatever they start with. */
const MAX_LINE_CHARS = 120;
const MAX_BYLINE_WORDS = 8;
/** A time stamp with a byline fits in this; "3 Minuten später …" prose runs longer. */
const MAX_STAMP_CHARS = 60;

/** "Stand: 28.04.2023 16:11 Uhr", "Aktualisiert am …": the page's update time, not body text. */
const UPDATE_STAMP = /^(?:stand|aktualisiert|updated|zuletzt aktualisiert|veröffentlicht|published)(?:\s+am)?\s*:?\s+\d/i;
/** "von Oliver Kring", "By Jane Doe", "Ein Kommentar von …". */
const BYLINE = /^(?:von|by|text|ein kommentar von|eine analyse von|ein gastbeitrag von|eine kolumne von)\s+\p{Lu}/iu;
/** "Foto: …", "Bildrechte: …", "Quelle: …": credits of pictures and graphics. */
const PICTURE_CREDIT = /^(?:foto|fotos|bild|bildrechte|bildquelle|quelle|grafik|video|image|photo|copyright|©)\s*:/i;
/** Public broadcasters' note on which programme covered the story ("Dieses Thema im Programm: …"). */
const PROGRAMME_NOTE = /^(?:dieses thema im programm|mehr zum thema|lesen sie auch|auch interessant|weitere informationen)\b/i;
/** Syndication notes ("Dieser Artikel ist zuerst bei … erschienen."). */
const SYNDICATION = /^(?:dieser|der) (?:artikel|beitrag|text) (?:ist|wurde|erschien) (?:zuerst|ursprünglich|erstmals)\b/i;
/** A caption closed by its picture credit: "… (Image: Getty)", "… (Foto: dpa)". */
const CAPTION_CREDIT = /\((?:image|images|photo|picture|foto|fotos|bild|bildrechte|quelle)\s*:[^)]*\)$/i;
/** "21 mins ago11:48 Jon King", "vor 2 Std.": an entry's relative time stamp with its byline. */
const RELATIVE_TIME = /^(?:vor\s+)?\d+\s*(?:secs?|seconds?|mins?|minutes?|hours?|hrs?|days?|sek\.?|min\.?|minuten|std\.?|stunden?|tagen?)(?:\s|$)/i;
/** "MDR (dst)": a newsroom with its editor's initials, closing an article. */
const DESK_CREDIT = /^[\p{L}.&\- ]{2,30}\s\([\p{Ll}/ ]{2,15}\)$/u;

/** "3 Kommentare", "12 comments", "Kommentare (3)": a counter of reader reactions. */
const REACTION_COUNT = /^(?:\d+\s+(?:kommentare?|comments?|antworten|replies|reaktionen|shares?|likes?)|(?:kommentare|comments)\s*\(\d+\))$/i;

/** "IN-Redaktion", "dpa-Redaktion": the desk as a byline. */
const DESK_BYLINE = /^[\p{L}.]{1,20}[- ]?redaktion$/iu;
/** Ad labels and jump links standing alone. */
const LONE_LABEL = /^(?:anzeige|werbung|advertisement|publicité|sponsored|zur startseite|nach oben|seitenanfang)$/i;

const FURNITURE_PATTERNS: readonly RegExp[] = [
  UPDATE_STAMP, PICTURE_CREDIT, PROGRAMME_NOTE, SYNDICATION, CAPTION_CREDIT, DESK_CREDIT, REACTION_COUNT, DESK_BYLINE, LONE_LABEL,
];

/**
 * Appeals for support and blog-engine footers ("Von … am …. Abgelegt unter …"), which run longer than
 * a line but are never the article.
 */
const APPEAL = /^(?:hat ihnen (?:dieser|der) (?:artikel|beitrag) gefallen|unterstützen sie (?:uns|unsere arbeit|unseren journalismus)|did you (?:like|enjoy) this (?:article|story)|support (?:our|independent) journalism)\b/i;
const POST_FOOTER = /^(?:von|by|posted by)\s.{1,60}\s(?:am|on)\s\d{1,2}[./]\d{1,2}[./]\d{2,4}\b.{0,40}\b(?:abgelegt unter|filed under|posted in)\b/i;

export function isFurnitureLine(text: string): boolean {
  if (APPEAL.test(text) || POST_FOOTER.test(text)) return true;
  if (text.length > MAX_LINE_CHARS) return false;
  if (FURNITURE_PATTERNS.some((pattern) => pattern.test(text))) return true;
  if (text.length <= MAX_STAMP_CHARS && RELATIVE_TIME.test(text)) return true;
  if (BYLINE.test(text) && !/[.!?]$/.test(text) && text.split(' ').length <= MAX_BYLINE_WORDS) return true;
  return isMostlyDigits(text);
}

/** "28.04.2023, 19:09 3 Min.", "Video02:53 21.01.2023": dates and durations without prose. */
function isMostlyDigits(text: string): boolean {
  const digits = text.match(/\d/g)?.length ?? 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return digits >= 4 && digits >= letters;
}

/** Short labels that introduce a box ("Auf dieser Seite:", "Dieses Thema im Programm:"). */
const MAX_LABEL_CHARS = 60;

export function isLabel(text: string): boolean {
  return text.length <= MAX_LABEL_CHARS && text.endsWith(':');
}
