import { hasParagraphShape, hasHeadlineShape } from './headline';
import { wordCount } from './lines';

const MONTHS = 'januar|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember';

/** A reader comment's timestamp: "6. September 2023 - 9.10" (also with ":", "," or "um"). */
const COMMENT_TIME = new RegExp(
  `^\\d{1,2}\\.\\s?(?:${MONTHS})\\s+\\d{4}\\s*(?:[-–|,]|um)\\s*\\d{1,2}[.:]\\d{2}(?:\\s*uhr)?$`,
  'i',
);

/** A heading that opens the comment section: "Kommentare", "3 Kommentare", "Leserkommentare (12)". */
const COMMENTS_HEADING = /^(?:\d+\s+)?(?:leser)?kommentare?(?:\s*\(\d+\))?$/i;

/** Comment headings and timestamps are short; longer lines need no regex test. */
const MAX_MARKER_CHARS = 40;

/** A dated line this early is the article's own date, not a comment's. */
const MIN_PARAGRAPHS_BEFORE_COMMENTS = 2;

function isCommenterName(unit: string): boolean {
  return unit.length <= 40 && wordCount(unit) <= 4 && hasHeadlineShape(unit);
}

/**
 * Where the reader comments start, or `units.length` when there are none. Comments run to the end of
 * a page, so everything from there on is cut. A comment opens with the commenter's name on the line
 * before its timestamp.
 */
export function commentsStart(units: readonly string[]): number {
  let paragraphs = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] ?? '';
    if (paragraphs < MIN_PARAGRAPHS_BEFORE_COMMENTS) {
      if (hasParagraphShape(unit)) paragraphs++;
    } else if (unit.length <= MAX_MARKER_CHARS) {
      if (COMMENTS_HEADING.test(unit)) return i;
      if (COMMENT_TIME.test(unit)) return i > 0 && isCommenterName(units[i - 1] ?? '') ? i - 1 : i;
    }
  }
  return units.length;
}
