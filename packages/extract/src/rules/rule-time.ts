import { zonedTimeToUtc } from '../time/berlin';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;
const DOTTED = /(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(?:um\s+)?(\d{1,2})[:.](\d{2})/;
const CLOCK = /(?:^|[^\d.:])(\d{1,2})[:.](\d{2})(?![\d.:])/;
const EPOCH = /^\d{10}(?:\d{3})?$/;
/** A clock time ahead of the fetch by more than this is yesterday's (a page's clock may run a little fast). */
const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * An entry's time as a rule reads it (an attribute's value or the element's text), as ISO UTC; null
 * when there is none. Understood: ISO 8601 with or without offset, "1.12.2026, 14:32", Unix epoch
 * seconds or milliseconds, and a bare clock time ("14:32 Uhr"), which is taken as the last such time
 * at or before the fetch. Times without an offset are wall-clock times in `timeZone`.
 */
export function ruleTime(value: string, timeZone: string, fetchedAt: Date | undefined): string | null {
  const text = value.trim();
  if (WITH_OFFSET.test(text)) return iso(Date.parse(text.replace(' ', 'T')));
  if (EPOCH.test(text)) return iso(Number(text) * (text.length === 10 ? 1000 : 1));
  const local = ISO_LOCAL.exec(text);
  if (local) return zoned(timeZone, Number(local[1]), Number(local[2]), Number(local[3]), Number(local[4] ?? 0), Number(local[5] ?? 0));
  const dotted = DOTTED.exec(text);
  if (dotted) return zoned(timeZone, Number(dotted[3]), Number(dotted[2]), Number(dotted[1]), Number(dotted[4]), Number(dotted[5]));
  const clock = CLOCK.exec(text);
  if (!clock || !fetchedAt) return null;
  const day = calendarDay(fetchedAt, timeZone);
  const today = zonedTimeToUtc({ ...day, hour: Number(clock[1]), minute: Number(clock[2]) }, timeZone);
  if (!today) return null;
  if (today.getTime() <= fetchedAt.getTime() + CLOCK_SKEW_MS) return today.toISOString();
  const yesterday = calendarDay(new Date(fetchedAt.getTime() - 86_400_000), timeZone);
  return zonedTimeToUtc({ ...yesterday, hour: Number(clock[1]), minute: Number(clock[2]) }, timeZone)?.toISOString() ?? null;
}

function zoned(timeZone: string, year: number, month: number, day: number, hour: number, minute: number): string | null {
  return zonedTimeToUtc({ year, month, day, hour, minute }, timeZone)?.toISOString() ?? null;
}

function iso(ms: number): string | null {
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The calendar day an instant falls on in `timeZone`. */
function calendarDay(at: Date, timeZone: string): { year: number; month: number; day: number } {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}
