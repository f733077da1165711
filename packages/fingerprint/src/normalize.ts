/**
 * Folds the differences that do not make an edit: case, Unicode form, typographic quotes and dashes,
 * and whitespace. Used for entry keys and content fingerprints alike, so both ignore the same noise.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb"]/g, '"')
    .replace(/[\u2018\u2019\u201a\u2039\u203a']/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
