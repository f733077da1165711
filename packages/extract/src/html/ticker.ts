import type { ChildNode, Element } from 'domhandler';
import { Text, isTag } from 'domhandler';
import type { ParsedEntry } from '../document';
import type { Zone } from '../time/zone';
import { toUtc, wallClock, zoneFromAbbreviation } from '../time/zone';
import { isDatedFurniture } from './boilerplate';
import type { Block } from './blocks';
import type { LocalDate } from './dates';
import { MONTHS, addDays, parseDayLine } from './dates';
import { attr, textOf } from './dom';
import { linkCharsOf } from './readings';
import { addParagraph, isContent, isInner, newSection } from './sections';

/** Fewer time-stamped blocks than this are an article that mentions times, not a ticker. */
const MIN_MARKERS = 3;
/** A headline is a line; a longer rest after the time is the entry's first paragraph. */
const MAX_HEADLINE_CHARS = 140;
const MAX_TIME_LINE_CHARS = 40;
/** How deep below an entry's box its author or an embed's link is looked for. */
const MAX_SEARCH_DEPTH = 8;
/** A ticker's entries hold most of its text; an article with a few dated boxes keeps its body outside them. */
const MIN_ENTRY_SHARE = 0.5;

/**
 * The German ticker prefix: "12.31 Uhr: …", "12:31 Uhr – …", "+++ 12.31 Uhr +++ …", "Update vom 14. Mai,
 * 12.31 Uhr: …", "Update, 14.05., 12.31 Uhr: …". Groups: day, month number, month name, year, hour, minute.
 */
const UHR_PREFIX = new RegExp(
  '^(?:\\+{2,}\\s*)?(?:(?:update|aktualisierung|nachtrag)\\b[,:]?\\s*(?:vom|am)?\\s*)?' +
    `(?:(\\d{1,2})\\.\\s*(?:(\\d{1,2})\\.|(${MONTHS.join('|')}))\\s*(\\d{4})?\\s*[,/–-]?\\s*(?:um\\s*)?)?` +
    '(\\d{1,2})[:.](\\d{2})\\s*Uhr\\b\\s*(?:\\+{2,})?\\s*[:|–-]?\\s*',
  'iu',
);
/**
 * "12:31 | …", "12:31" alone, "21:06 (IST)", "14.32 GMT", "2:32pm", "ore 14.32", "godz. 14:32": a clock
 * time set off as a stamp, perhaps with its zone, a 12-hour mark or the word a language puts before a
 * time. Groups: hour, minute, a/p, zone in brackets, zone.
 */
const CLOCK_PREFIX =
  /^(?:(?:[Oo]re|[Gg]odz\.?|[Gg]odzina)\s+)?(\d{1,2})[:.](\d{2})(?:\s*([AaPp])\.?[Mm]\.?)?(?:\s*\(([A-Za-z]{2,5})\)|\s+([A-Z]{2,5})(?=\s*(?:$|[|–-])))?(?:\s*[|–-]\s*|\s*$)/;
/** "22.10.2024, 12:31 Uhr" alone. */
const DATED_STAMP = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$/i;
/** "vor 5 Min.", "vor 2 Std.", "5 mins ago": a relative stamp, alone in its block. */
const RELATIVE = /^(?:vor\s+(\d+)\s*(min\.?|minuten|minute|std\.?|stunden?|sek\.?|sekunden)|(\d+)\s*(mins?|minutes?|hours?|hrs?|h|secs?|seconds?)\s+ago)$/i;
/** Labels editors put on an entry to keep it on top, alone or before the entry's time. */
const PINNED_LABEL = /^(?:key events?|pinned(?: post)?|angepinnt|eilmeldung|breaking(?: news)?|top-meldung|wichtig)(?:$|\s*[:|–-]?\s+)/i;
const PINNED_CLASS = /pinned|sticky|angepinnt|festgepinnt|key-?event/i;

/** Where the entries' dates come from when the entries print only a time. */
export interface TickerClock {
  /** The day and time the page was last updated ("Stand"), the newest entry's day, in the page's zone. */
  anchor: { date: LocalDate; minutes: number } | null;
  /** The instant relative stamps ("vor 5 Min.") count back from: the page's update time. */
  now: number | null;
  /** The zone of times printed without one. */
  zone: Zone;
}

interface Stamp {
  /** An exact instant from a `<time datetime>` attribute. */
  iso: string | null;
  /** Minutes since midnight, or, for a relative stamp, minutes before the page's update time (negative). */
  minutes: number;
  relative: boolean;
  date: LocalDate | null;
  /** The zone printed with the time, if any. */
  zone: Zone | null;
  /** What follows the time in the same block. */
  rest: string;
  /** A pinned label stood before the time. */
  pinned: boolean;
}

interface Draft {
  entry: ParsedEntry;
  stamp: Stamp;
  /** A day heading that preceded the entry. */
  day: LocalDate | null;
  /** The entry's own box: the largest element around its stamp that holds no other stamp. */
  box: Element;
  /** Headed by a link: a teaser of another page. */
  teaser?: boolean;
}

export interface Ticker {
  entries: ParsedEntry[];
  /** The text above the first entry: the liveblog's summary, not an entry. */
  opening: string | null;
}

/**
 * A liveblog without structured data: blocks that open with a time ("12.31 Uhr: …", "21:06 (IST)",
 * "vor 5 Min.", `<time>`) each start an entry. Where each stamp sits in a box of its own (repeated
 * sibling boxes), the box is the entry, headline above the time included; otherwise the entry runs to
 * the next stamp. The rest of the line or the heading after the time is its headline (or, when it reads
 * like prose, its first paragraph). Returns null when the page is not a ticker.
 */
export function tickerEntries(inRoot: readonly Block[], root: Element, clock: TickerClock): Ticker | null {
  // Time stamps in comments and teasers date those, not entries; unless the comments are the page's body
  // (a thread's posts, whose texts kept their place as content; see dropMisnamedHints).
  const bodyBoxes = boxesOfContent(inRoot, root);
  const stamps = inRoot.map((block) => (block.hint && isInner(block.hint, root) && isDatedFurniture(block.hint) && !bodyBoxes.has(outermostDated(block.hint, root)) ? null : stampOf(block)));
  // Blocks that are neither an entry's stamp nor its text.
  const skipped = reprintedStamps(inRoot, stamps, root);
  for (const i of skipped) stamps[i] = null;
  const repeated = repeatedBoxes(inRoot, stamps, root);
  // Among repeated entry boxes, a stamp outside every box dates a teaser or a key-events link, and a box's
  // later stamps (an "updated" line, an embedded post's time) fall inside the entry its first one opened.
  if (repeated) {
    const opened = new Set<Element>();
    inRoot.forEach((block, i) => {
      const stamp = stamps[i];
      if (!stamp) return;
      const box = boxAround(block.el, repeated, root);
      if (box && !opened.has(box)) {
        opened.add(box);
        return;
      }
      // A later stamp with text after it is a paragraph of its entry; a bare one is left out like a reprint.
      stamps[i] = null;
      if (!box || stamp.rest === '') skipped.add(i);
    });
  }
  const stamped = inRoot.filter((_, i) => stamps[i] !== null);
  if (stamped.length < MIN_MARKERS) return null;

  const boxes = repeated ? stamped.map((b) => boxAround(b.el, repeated, root) ?? b.el) : entryBoxes(stamped.map((b) => b.el), root);
  const boxed = repeated !== null || holdingContent(boxes, inRoot, stamps, root) * 2 > boxes.length;
  const nextStamps = stamps.filter((st): st is Stamp => st !== null);
  let drafts: Draft[] = [];
  const byBox = new Map<Element, Draft>();
  const draftFor = (box: Element, stamp: Stamp, day: LocalDate | null): Draft => {
    let draft = byBox.get(box);
    if (!draft) {
      draft = { entry: newSection(null), stamp, day, box };
      const id = box === root ? '' : attr(box, 'id');
      if (id !== '') draft.entry.id = id;
      draft.entry.pinned = box !== root && isPinned(box);
      drafts.push(draft);
      byBox.set(box, draft);
    }
    return draft;
  };
  const opening = newSection(null);
  let day: LocalDate | null = null;
  let s = 0;
  let contentChars = 0;
  /** The entry a block belongs to: the box it is in, else (a headline above the time) the next stamp's box. */
  const ownerOf = (el: Element): Draft | null => {
    for (let at: Element | null = el; at && at !== root; at = parentOf(at)) {
      const draft = byBox.get(at);
      if (draft) return draft;
    }
    const next = boxes[s];
    const stamp = nextStamps[s];
    return next && stamp && next !== stamped[s]?.el && contains(next, el) ? draftFor(next, stamp, day) : null;
  };
  inRoot.forEach((block, i) => {
    const stamp = stamps[i];
    if (skipped.has(i)) return;
    if (stamp) {
      const draft = draftFor(boxes[s] ?? block.el, stamp, day);
      s += 1;
      draft.stamp = stamp;
      draft.day = day;
      if (stamp.pinned) draft.entry.pinned = true;
      takeRest(draft.entry, block, stamp);
      return;
    }
    const dayLine = block.text.length <= MAX_TIME_LINE_CHARS ? parseDayLine(block.text, day?.year ?? clock.anchor?.date.year ?? 0) : null;
    if (dayLine) {
      day = dayLine;
      return;
    }
    const owner = ownerOf(block.el);
    if (block.text.length <= MAX_TIME_LINE_CHARS && PINNED_LABEL.exec(block.text)?.[0].length === block.text.length) {
      if (owner) owner.entry.pinned = true;
      return;
    }
    if (!isContent(block, root)) return;
    contentChars += block.text.length;
    if (owner && block.kind === 'heading' && block.linkChars * 2 > block.text.length) owner.teaser = true;
    // Between boxed entries, what lies outside every box is furniture; in a flat ticker it is the entry.
    const target = owner?.entry ?? (drafts.length === 0 ? opening : boxed ? null : (drafts[drafts.length - 1]?.entry ?? null));
    if (!target) return;
    if (block.kind === 'heading' && target.headline === null && target.paragraphs.length === 0) target.headline = block.text;
    else addParagraph(target, block);
  });
  // Boxes headed by links, or made mostly of link text, are teasers of other pages: a ticker made mostly
  // of them is a "more from us" row, and among real entries they are no entries. Entries holding little
  // of the text are an article's dated asides (a timeline, a list of updates), not a ticker.
  for (const draft of drafts) if (draft.box !== root && draft.entry.paragraphs.length > 0 && isLinkCard(draft.box)) draft.teaser = true;
  if (drafts.filter((d) => d.teaser).length * 2 >= drafts.length) return null;
  drafts = drafts.filter((d) => !d.teaser);
  const entryChars = drafts.reduce((sum, d) => sum + d.entry.paragraphs.reduce((n, p) => n + p.length, 0), 0);
  if (entryChars < contentChars * MIN_ENTRY_SHARE) return null;
  // Stamps that head no text (a dateline, an "updated" line above the article) make no ticker either.
  if (drafts.filter((d) => d.entry.paragraphs.length > 0).length < MIN_MARKERS) return null;
  for (const draft of drafts) if (draft.entry.paragraphs.length === 0 && draft.box !== root) addEmbed(draft);
  for (const draft of drafts) if (draft.box !== root) addAuthor(draft);
  resolveTimes(drafts, clock);
  const entries = withoutRepeats(drafts.map((d) => d.entry).filter((e) => e.paragraphs.length > 0 || e.headline !== null || e.embed !== undefined));
  const opened = [opening.headline, ...opening.paragraphs].filter((t): t is string => t !== null).join(' ');
  return { entries, opening: opened === '' ? null : opened };
}

function takeRest(entry: ParsedEntry, block: Block, stamp: Stamp): void {
  if (stamp.rest === '') return;
  if (entry.headline === null && entry.paragraphs.length === 0 && (block.kind === 'heading' || (stamp.rest.length <= MAX_HEADLINE_CHARS && !/[.!?"“”]$/.test(stamp.rest)))) {
    entry.headline = stamp.rest;
    return;
  }
  entry.paragraphs.push(stamp.rest);
  entry.markup?.push({ tag: 'p', nodes: [new Text(stamp.rest)] });
}

/**
 * Each stamp's box: climbing from the stamp, the last element below the root that contains no other
 * stamp. Flat tickers (stamps as sibling paragraphs) get the stamp's own element.
 */
function entryBoxes(stampEls: readonly Element[], root: Element): Element[] {
  const count = new Map<Element, number>();
  for (const el of stampEls) for (let at: Element | null = el; at && at !== root; at = parentOf(at)) count.set(at, (count.get(at) ?? 0) + 1);
  return stampEls.map((el) => {
    let box = el;
    for (let at = parentOf(el); at && at !== root && count.get(at) === 1; at = parentOf(at)) box = at;
    return box;
  });
}

/**
 * The page's entry boxes when its entries are repeated containers: of the elements around the stamps,
 * those of one kind (the same tag and first class, in parents of one kind too) that hold the most
 * stamps one per element, the outermost of equals, provided most of them hold text besides their stamp.
 * A liveblog's entries are one kind of box however many times an entry prints (an "updated" line, an
 * embedded post's time), and teaser cards or a key-events list beside them are boxes of another kind.
 * Null when the stamps sit in no such boxes (a flat ticker: stamps as paragraphs between the text).
 */
function repeatedBoxes(inRoot: readonly Block[], stamps: readonly (Stamp | null)[], root: Element): Set<Element> | null {
  const kinds = new Map<string, { boxes: Set<Element>; depth: number }>();
  inRoot.forEach((block, i) => {
    if (!stamps[i]) return;
    const chain: Element[] = [];
    for (let at: Element | null = block.el; at && at !== root; at = parentOf(at)) chain.push(at);
    chain.forEach((el, up) => {
      const parent = parentOf(el);
      if (!parent) return;
      const key = `${signature(parent)}>${signature(el)}`;
      let kind = kinds.get(key);
      if (!kind) kinds.set(key, (kind = { boxes: new Set(), depth: chain.length - up }));
      kind.boxes.add(el);
    });
  });
  let best: { boxes: Set<Element>; depth: number } | null = null;
  for (const kind of kinds.values()) {
    if (!best || kind.boxes.size > best.boxes.size || (kind.boxes.size === best.boxes.size && kind.depth < best.depth)) best = kind;
  }
  if (!best || best.boxes.size < MIN_MARKERS) return null;
  return holdingContent([...best.boxes], inRoot, stamps, root) * 2 > best.boxes.size ? best.boxes : null;
}

/** An element's kind: its tag and first class; later classes modify it ("live-post pinned-post"). */
function signature(el: Element): string {
  return `${el.name}.${attr(el, 'class').trim().split(/\s+/)[0] ?? ''}`;
}

/** The repeated box holding `el`, if any. */
function boxAround(el: Element, boxes: ReadonlySet<Element>, root: Element): Element | null {
  for (let at: Element | null = el; at && at !== root; at = parentOf(at)) if (boxes.has(at)) return at;
  return null;
}

/**
 * How many boxes hold content besides their stamp. Only then are the boxes the entries; a box that is
 * just the stamp's wrapper (`<div class="meta"><p>12:31</p></div>`) leaves a flat ticker.
 */
function holdingContent(boxes: readonly Element[], inRoot: readonly Block[], stamps: readonly (Stamp | null)[], root: Element): number {
  const unique = new Set(boxes);
  const filled = new Set<Element>();
  inRoot.forEach((block, i) => {
    if (stamps[i] || !isContent(block, root)) return;
    for (let at: Element | null = block.el; at && at !== root; at = parentOf(at)) {
      if (unique.has(at)) {
        filled.add(at);
        return;
      }
    }
  });
  return filled.size;
}

/**
 * Stamps repeating the exact instant of the stamp before them with no content between: one entry's time
 * printed twice (beside its author and above its text), not two entries.
 */
function reprintedStamps(inRoot: readonly Block[], stamps: readonly (Stamp | null)[], root: Element): Set<number> {
  const reprinted = new Set<number>();
  let last: string | null = null;
  inRoot.forEach((block, i) => {
    const stamp = stamps[i];
    if (stamp && stamp.iso !== null && stamp.iso === last) reprinted.add(i);
    else if (stamp) last = stamp.iso;
    else if (isContent(block, root)) last = null;
  });
  return reprinted;
}

/** Every element below the root that holds a content block. */
function boxesOfContent(inRoot: readonly Block[], root: Element): Set<Element> {
  const boxes = new Set<Element>();
  for (const block of inRoot) {
    if (!isContent(block, root)) continue;
    for (let at: Element | null = block.el; at && at !== root && !boxes.has(at); at = parentOf(at)) boxes.add(at);
  }
  return boxes;
}

/** The widest box below the root, around `el`, named as dated furniture: the whole comments list, not one comment. */
function outermostDated(el: Element, root: Element): Element {
  let widest = el;
  for (let at = parentOf(el); at && at !== root; at = parentOf(at)) if (isDatedFurniture(at)) widest = at;
  return widest;
}

function parentOf(el: Element): Element | null {
  return el.parent && isTag(el.parent) ? el.parent : null;
}

function stampOf(block: Block): Stamp | null {
  const time = findTimeElement(block.nodes, 0);
  const iso = time ? attr(time, 'datetime') : '';
  const label = PINNED_LABEL.exec(block.text);
  const text = label ? block.text.slice(label[0].length) : block.text;
  const short = text.length <= MAX_TIME_LINE_CHARS;
  const dated = short ? DATED_STAMP.exec(text) : null;
  const base = { iso: /^\d{4}-\d{2}-\d{2}T/.test(iso) ? iso : null, relative: false, date: null, zone: null, pinned: label !== null };
  if (dated) {
    const date = { day: Number(dated[1]), month: Number(dated[2]), year: Number(dated[3]) };
    return { ...base, minutes: Number(dated[4]) * 60 + Number(dated[5]), date, rest: '' };
  }
  const uhr = UHR_PREFIX.exec(text);
  if (uhr) {
    const month = uhr[2] !== undefined ? Number(uhr[2]) : MONTHS.indexOf((uhr[3] ?? '').toLowerCase()) + 1;
    // A year the prefix leaves out is the page's (0 until the clock fills it in).
    const date = uhr[1] === undefined ? null : { day: Number(uhr[1]), month, year: uhr[4] === undefined ? 0 : Number(uhr[4]) };
    return { ...base, minutes: Number(uhr[5]) * 60 + Number(uhr[6]), date, rest: text.slice(uhr[0].length).trim() };
  }
  const clockTime = CLOCK_PREFIX.exec(text);
  const minutes = clockTime ? clockMinutes(Number(clockTime[1]), Number(clockTime[2]), clockTime[3]) : null;
  if (clockTime && minutes !== null) {
    const abbreviation = clockTime[4] ?? clockTime[5];
    const zone = abbreviation === undefined ? null : zoneFromAbbreviation(abbreviation);
    if (abbreviation === undefined || zone) return { ...base, minutes, zone, rest: text.slice(clockTime[0].length).trim() };
  }
  const relative = short ? RELATIVE.exec(text) : null;
  if (relative) {
    const amount = Number(relative[1] ?? relative[3]);
    const unit = (relative[2] ?? relative[4] ?? '').toLowerCase();
    const minutes = unit.startsWith('s') ? 0 : /^(?:std|stunde|hour|hr|h)/.test(unit) ? amount * 60 : amount;
    return { ...base, minutes: -minutes, relative: true, rest: '' };
  }
  // A <time> stamps an entry when it opens its block or is the block; one inside a sentence or a byline
  // ("Published 22.11.2024 at 10:28") dates the page, not an entry.
  if (time && base.iso) {
    const timeText = textOf(time);
    if (timeText !== '' && text.startsWith(timeText)) return { ...base, minutes: 0, rest: text.slice(timeText.length).trim() };
    if (short) return { ...base, minutes: 0, rest: '' };
  }
  return null;
}

/** Minutes since midnight of a printed clock time, or null when it is no time of day ("31.12", "14:75"). */
function clockMinutes(hour: number, minute: number, half: string | undefined): number | null {
  if (minute > 59) return null;
  if (half === undefined) return hour <= 23 ? hour * 60 + minute : null;
  if (hour < 1 || hour > 12) return null;
  return ((hour % 12) + (/p/i.test(half) ? 12 : 0)) * 60 + minute;
}

function findTimeElement(nodes: readonly ChildNode[], depth: number): Element | null {
  if (depth > 3) return null;
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (node.name === 'time') return node;
    const inner = findTimeElement(node.children, depth + 1);
    if (inner) return inner;
  }
  return null;
}

/** A box whose text is mostly link text, or that sits inside a link: a card leading to another page. */
function isLinkCard(box: Element): boolean {
  return linkCharsOf([box]) * 2 > textOf(box).length;
}

function contains(ancestor: Element, el: Element): boolean {
  for (let at: Element | null = el; at; at = parentOf(at)) if (at === ancestor) return true;
  return false;
}

/** The box's own class says so; a class further up would mark the whole list, not one entry. */
function isPinned(box: Element): boolean {
  return PINNED_CLASS.test(attr(box, 'class'));
}

/** An author's name is a line; a longer "author" box is a profile or a signature. */
const MAX_AUTHOR_CHARS = 60;
/** "author", "post-author", "author_name": the word as a whole part of a class name, not "authorize". */
const AUTHOR_NAME = /(?:^|[\s_-])author(?:$|[\s_-])/i;

/**
 * The name the entry's own box gives as its author (a post's poster, an entry's reporter), if any. In an
 * author box (name, rank, post count), the link to the author's profile names the author.
 */
function addAuthor(draft: Draft): void {
  const box = findElement(draft.box, (el) => attr(el, 'itemprop') === 'author' || attr(el, 'rel') === 'author' || AUTHOR_NAME.test(attr(el, 'class')));
  const el = box ? (findElement(box, (inner) => inner.name === 'a' && textOf(inner) !== '') ?? box) : null;
  const name = el ? textOf(el) : '';
  if (name !== '' && name.length <= MAX_AUTHOR_CHARS) draft.entry.authors = [name];
}

/** The first element below `el`, in document order, that passes `test`. */
function findElement(el: Element, test: (el: Element) => boolean, depth = 0): Element | null {
  if (depth > MAX_SEARCH_DEPTH) return null;
  for (const child of el.children) {
    if (!isTag(child)) continue;
    if (test(child)) return child;
    const inner = findElement(child, test, depth + 1);
    if (inner) return inner;
  }
  return null;
}

/** An entry that is only an embed (a post, a video, a picture): its link, without invented text. */
function addEmbed(draft: Draft): void {
  const url = embedUrl(draft.box, 0);
  if (url) draft.entry.embed = url;
}

function embedUrl(el: Element, depth: number): string | null {
  if (depth > 12) return null;
  for (const child of el.children) {
    if (!isTag(child)) continue;
    if (child.name === 'iframe' || child.name === 'video' || child.name === 'img' || child.name === 'source') {
      const src = attr(child, 'src') || attr(child, 'data-src');
      if (src !== '') return src;
    }
    if (child.name === 'blockquote') {
      const link = findElement(child, (el) => el.name === 'a' && attr(el, 'href') !== '');
      if (link) return attr(link, 'href');
    }
    const inner = embedUrl(child, depth + 1);
    if (inner) return inner;
  }
  return null;
}

/** A pinned entry also listed in its place on the timeline is listed once, as the pinned one. */
function withoutRepeats(entries: ParsedEntry[]): ParsedEntry[] {
  const pinned = new Set(entries.filter((e) => e.pinned).map(sameness));
  return entries.filter((e) => e.pinned || !pinned.has(sameness(e)));
}

function sameness(entry: ParsedEntry): string {
  return `${entry.headline ?? ''}\n${entry.paragraphs.join('\n')}\n${entry.embed ?? ''}`;
}

/**
 * Gives each entry its instant. An exact `datetime` wins (and dates the entries after it); else the
 * entry's own date, the day heading above it, or the day counted back from the page's update time: the
 * page lists the newest entry first, so a time later than the one above it belongs to the day before.
 * Relative stamps count back from the page's update time.
 */
function resolveTimes(drafts: readonly Draft[], clock: TickerClock): void {
  let date = clock.anchor?.date ?? null;
  let previous = clock.anchor?.minutes ?? Number.POSITIVE_INFINITY;
  let lastDay: LocalDate | null = null;
  for (const { entry, stamp, day } of drafts) {
    const exact = stamp.iso === null ? Number.NaN : Date.parse(stamp.iso);
    if (!Number.isNaN(exact)) {
      entry.publishedAt = new Date(exact).toISOString();
      const wall = wallClock(exact, clock.zone);
      date = { year: wall.year, month: wall.month, day: wall.day };
      previous = wall.hour * 60 + wall.minute;
      continue;
    }
    if (stamp.relative) {
      entry.publishedAt = clock.now === null ? null : new Date(clock.now + stamp.minutes * 60_000).toISOString();
      continue;
    }
    if (stamp.date) date = stamp.date.year === 0 ? { ...stamp.date, year: date?.year ?? clock.anchor?.date.year ?? 0 } : stamp.date;
    else if (day && day !== lastDay) date = day;
    else if (date && stamp.minutes > previous) date = addDays(date, -1);
    lastDay = day;
    previous = stamp.minutes;
    if (!date) continue;
    const utc = toUtc({ ...date, hour: Math.floor(stamp.minutes / 60), minute: stamp.minutes % 60 }, stamp.zone ?? clock.zone);
    entry.publishedAt = utc ? utc.toISOString() : null;
  }
}
