import type { ChildNode, Element } from 'domhandler';
import { Text, isTag } from 'domhandler';
import type { ParsedEntry } from '../document';
import { berlinTimeToUtc } from '../time/berlin';
import type { Block } from './blocks';
import type { LocalDate } from './dates';
import { addDays, parseDayLine } from './dates';
import { attr, textOf } from './dom';
import { isDatedFurniture } from './boilerplate';
import { addParagraph, isContent, isInner, newSection } from './sections';

/** Fewer time-stamped blocks than this are an article that mentions times, not a ticker. */
const MIN_MARKERS = 3;
/** A headline is a line; a longer rest after the time is the entry's first paragraph. */
const MAX_HEADLINE_CHARS = 140;
const MAX_TIME_LINE_CHARS = 40;

/** "12.31 Uhr: …", "12:31 Uhr – …": the German ticker prefix. */
const UHR_PREFIX = /^(\d{1,2})[:.](\d{2})\s*Uhr\b\s*[:|–-]?\s*/i;
/** "12:31 | …", "12:31" alone: a clock time set off as a stamp. */
const CLOCK_PREFIX = /^(\d{1,2}):(\d{2})(?:\s*[|–-]\s*|\s*$)/;
/** "22.10.2024, 12:31 Uhr" alone. */
const DATED_STAMP = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$/i;

/** Where the entries' dates come from when the entries print only a time. */
export interface TickerClock {
  /** The day and time the page was last updated ("Stand"), the newest entry's day. */
  anchor: { date: LocalDate; minutes: number } | null;
}

interface Stamp {
  /** An exact instant from a `<time datetime>` attribute. */
  iso: string | null;
  minutes: number;
  date: LocalDate | null;
  /** What follows the time in the same block. */
  rest: string;
}

interface Draft {
  entry: ParsedEntry;
  stamp: Stamp;
  /** A day heading that preceded the entry. */
  day: LocalDate | null;
}

/**
 * A liveblog without structured data: blocks that open with a time ("12.31 Uhr: …", `<time>`) each
 * start an entry, the rest of the line or the heading after the time is its headline (or, when it
 * reads like prose, its first paragraph). Returns null when the page is not a ticker.
 */
export interface Ticker {
  entries: ParsedEntry[];
  /** The text above the first entry: the liveblog's summary, not an entry. */
  opening: string | null;
}

export function tickerEntries(inRoot: readonly Block[], root: Element, clock: TickerClock): Ticker | null {
  // Time stamps in comments and teasers date those, not entries.
  const stamps = inRoot.map((block) => (block.hint && isInner(block.hint, root) && isDatedFurniture(block.hint) ? null : stampOf(block)));
  if (stamps.filter((s) => s !== null).length < MIN_MARKERS) return null;

  const opening = newSection(null);
  const drafts: Draft[] = [];
  let day: LocalDate | null = null;
  inRoot.forEach((block, i) => {
    const stamp = stamps[i];
    const current = drafts[drafts.length - 1];
    if (stamp) {
      const entry = newSection(null);
      const id = entryId(block.el, root, drafts.length > 0 ? inRoot[i - 1]?.el : undefined);
      if (id) entry.id = id;
      entry.pinned = isPinned(block.el, root);
      drafts.push({ entry, stamp, day });
      if (stamp.rest !== '') {
        if (block.kind === 'heading' || (stamp.rest.length <= MAX_HEADLINE_CHARS && !/[.!?"“”]$/.test(stamp.rest))) entry.headline = stamp.rest;
        else {
          entry.paragraphs.push(stamp.rest);
          entry.markup?.push({ tag: 'p', nodes: [new Text(stamp.rest)] });
        }
      }
      return;
    }
    const dayLine = block.text.length <= MAX_TIME_LINE_CHARS ? parseDayLine(block.text, day?.year ?? clock.anchor?.date.year ?? 0) : null;
    if (dayLine) {
      day = dayLine;
      return;
    }
    if (!isContent(block, root)) return;
    const target = current?.entry ?? opening;
    if (block.kind === 'heading' && target.headline === null && target.paragraphs.length === 0) target.headline = block.text;
    else if (block.kind === 'para') addParagraph(target, block);
  });
  resolveTimes(drafts, clock);
  const opened = [opening.headline, ...opening.paragraphs].filter((t): t is string => t !== null).join(' ');
  return { entries: drafts.map((d) => d.entry).filter((e) => e.paragraphs.length > 0 || e.headline !== null), opening: opened === '' ? null : opened };
}

function stampOf(block: Block): Stamp | null {
  const time = findTimeElement(block.nodes, 0);
  const iso = time ? attr(time, 'datetime') : '';
  const text = block.text;
  const dated = text.length <= MAX_TIME_LINE_CHARS ? DATED_STAMP.exec(text) : null;
  if (dated) {
    const date = { day: Number(dated[1]), month: Number(dated[2]), year: Number(dated[3]) };
    return { iso: iso || null, minutes: Number(dated[4]) * 60 + Number(dated[5]), date, rest: '' };
  }
  const m = UHR_PREFIX.exec(text) ?? CLOCK_PREFIX.exec(text);
  if (m) return { iso: iso || null, minutes: Number(m[1]) * 60 + Number(m[2]), date: null, rest: text.slice(m[0].length).trim() };
  // A <time> stamps an entry when it opens its block or is the block; one inside a sentence or a byline
  // ("Published 22.11.2024 at 10:28") dates the page, not an entry.
  if (time && /^\d{4}-\d{2}-\d{2}T/.test(iso)) {
    const timeText = textOf(time);
    if (timeText !== '' && text.startsWith(timeText)) return { iso, minutes: 0, date: null, rest: text.slice(timeText.length).trim() };
    if (text.length <= MAX_TIME_LINE_CHARS) return { iso, minutes: 0, date: null, rest: '' };
  }
  return null;
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

/** The id of the entry's own box: the nearest ancestor with an id that does not also hold the previous entry. */
function entryId(el: Element, root: Element, previous: Element | undefined): string | null {
  for (let at: Element | null = el; at && at !== root; at = at.parent && isTag(at.parent) ? at.parent : null) {
    const id = attr(at, 'id');
    if (id === '') continue;
    return previous && contains(at, previous) ? null : id;
  }
  return null;
}

function contains(ancestor: Element, el: Element): boolean {
  for (let at: Element | null = el; at; at = at.parent && isTag(at.parent) ? at.parent : null) if (at === ancestor) return true;
  return false;
}

const PINNED = /pinned|sticky|angepinnt|festgepinnt/i;

function isPinned(el: Element, root: Element): boolean {
  for (let at: Element | null = el; at && at !== root; at = at.parent && isTag(at.parent) ? at.parent : null) {
    if (PINNED.test(attr(at, 'class'))) return true;
  }
  return false;
}

/**
 * Gives each entry its instant. An exact `datetime` wins; else the entry's own date, the day heading
 * above it, or the day counted back from the page's update time: the page lists the newest entry
 * first, so a time later than the one above it belongs to the day before.
 */
function resolveTimes(drafts: readonly Draft[], clock: TickerClock): void {
  let date = clock.anchor?.date ?? null;
  let previous = clock.anchor?.minutes ?? Number.POSITIVE_INFINITY;
  let lastDay: LocalDate | null = null;
  for (const { entry, stamp, day } of drafts) {
    if (stamp.iso && !Number.isNaN(Date.parse(stamp.iso))) {
      entry.publishedAt = new Date(Date.parse(stamp.iso)).toISOString();
      continue;
    }
    if (stamp.date) date = stamp.date;
    else if (day && day !== lastDay) date = day;
    else if (date && stamp.minutes > previous) date = addDays(date, -1);
    lastDay = day;
    previous = stamp.minutes;
    if (!date) continue;
    const utc = berlinTimeToUtc({ ...date, hour: Math.floor(stamp.minutes / 60), minute: stamp.minutes % 60 });
    entry.publishedAt = utc ? utc.toISOString() : null;
  }
}
