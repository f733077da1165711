import type { ParsedEntry } from '../document';

/** A structured body this much shorter than the visible one was cut short for the metadata. */
const TRUNCATED_SHARE = 0.6;
/** Enough opening words to recognise an update's visible box when the headlines differ (a cut text has ~15). */
const OPENING_WORDS = 8;

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function headlineKey(entry: ParsedEntry): string {
  return entry.headline === null ? '' : `h ${words(entry.headline).join(' ')}`;
}

function openingKey(entry: ParsedEntry): string {
  const opening = words(entry.paragraphs.slice(0, 2).join(' ')).slice(0, OPENING_WORDS);
  return opening.length < OPENING_WORDS ? '' : `t ${opening.join(' ')}`;
}

function isTruncated(update: ParsedEntry, visible: ParsedEntry): boolean {
  const last = update.paragraphs[update.paragraphs.length - 1] ?? '';
  if (/(?:…|\.\.\.)$/.test(last)) return true;
  return words(update.paragraphs.join(' ')).length < words(visible.paragraphs.join(' ')).length * TRUNCATED_SHARE;
}

/** An update with its cut-short body replaced by the visible one. */
function completed(update: ParsedEntry, visible: ParsedEntry): ParsedEntry {
  return {
    ...update,
    paragraphs: visible.paragraphs,
    agencies: update.agencies.length > 0 ? update.agencies : visible.agencies,
    markup: visible.markup ?? [],
  };
}

/**
 * The update as the page shows it where the page says more: a cut-short body is completed, and a
 * machine-made headline (an id, a time, the first words of the text) gives way to the longer one the
 * reader sees. Times, authors and the anchor stay the structured data's.
 */
function reconciled(update: ParsedEntry, visible: ParsedEntry, repeated: ReadonlySet<string>): ParsedEntry {
  const body = isTruncated(update, visible) ? completed(update, visible) : update;
  const shown = visible.borrowedHeadline ? null : visible.headline;
  const machineMade = body.headline !== null && isMachineMade(body.headline, update, repeated);
  // A machine-made headline is no headline: the visible one replaces it, or none when the page shows none.
  const headline = shown !== null && (body.headline === null || machineMade || shown.length > body.headline.length) ? shown : machineMade ? null : body.headline;
  return {
    ...body,
    headline,
    pinned: body.pinned === true || visible.pinned === true,
    ...(body.embed === undefined && visible.embed !== undefined ? { embed: visible.embed } : {}),
  };
}

/** A stamp in the headline ("Eintrag 10.03.2025 07:30"), the same headline on several updates, or the text's first words. */
function isMachineMade(headline: string, update: ParsedEntry, repeated: ReadonlySet<string>): boolean {
  if (/\d{1,2}[:.]\d{2}\b|\d{4}-\d{2}-\d{2}/.test(headline) || repeated.has(headline)) return true;
  const own = words(headline).join(' ');
  return own !== '' && words(update.paragraphs.join(' ')).join(' ').startsWith(own);
}

/** The visible section each update shows as, by headline, else by its opening words. */
function matchSections(updates: readonly ParsedEntry[], visible: readonly ParsedEntry[]): (number | undefined)[] {
  const index = new Map<string, number>();
  visible.forEach((section, i) => {
    for (const key of [headlineKey(section), openingKey(section)]) if (key !== '' && !index.has(key)) index.set(key, i);
  });
  const taken = new Set<number>();
  return updates.map((update) => {
    for (const key of [headlineKey(update), openingKey(update)]) {
      const at = key === '' ? undefined : index.get(key);
      if (at !== undefined && !taken.has(at)) {
        taken.add(at);
        return at;
      }
    }
    return undefined;
  });
}

/**
 * The liveblog's entries from its structured updates and the visible page, in page order. An update
 * whose structured body was cut short takes the paragraphs of its visible box. Visible sections that
 * no update accounts for stay: before the first update they are the liveblog's opening text, after it
 * the older entries that the structured data left out. Structured data stays the authority for what
 * it does describe: times, authors, the anchor to key on.
 */
export function mergeUpdates(updates: readonly ParsedEntry[], visible: readonly ParsedEntry[]): ParsedEntry[] {
  const matches = matchSections(updates, visible);
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { headline } of updates) if (headline !== null) (seen.has(headline) ? repeated : seen).add(headline);
  if (matches.every((m) => m === undefined)) return [...updates];
  const byIndex = new Map<number, ParsedEntry>();
  updates.forEach((update, u) => {
    const at = matches[u];
    const section = at === undefined ? undefined : visible[at];
    if (at === undefined || !section) return;
    byIndex.set(at, reconciled(update, section, repeated));
  });
  const merged = visible.map((section, i) => byIndex.get(i) ?? section);
  // An update the page does not show (yet) goes right after the update listed before it.
  const firstShown = byIndex.get(Math.min(...matches.filter((m): m is number => m !== undefined)));
  let previous: ParsedEntry | undefined;
  updates.forEach((update, u) => {
    const at = matches[u];
    if (at !== undefined) {
      previous = byIndex.get(at);
      return;
    }
    const position = previous === undefined ? merged.indexOf(firstShown ?? update) : merged.indexOf(previous) + 1;
    merged.splice(Math.max(position, 0), 0, update);
    previous = update;
  });
  return merged;
}
