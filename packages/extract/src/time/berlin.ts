/** A wall-clock time as a German page prints it ("Stand: 22.10.2024 02:41 Uhr"). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const BERLIN = 'Europe/Berlin';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `utcMs`, in ms. */
function offsetAt(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  // The formatter has no milliseconds; compare against the instant truncated to the second.
  return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

function isValid(t: LocalDateTime): boolean {
  if (![t.year, t.month, t.day, t.hour, t.minute].every(Number.isInteger)) return false;
  // Date.UTC maps years 0-99 to the 1900s; pages never date that early anyway.
  if (t.year < 1000 || t.month < 1 || t.month > 12) return false;
  if (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59) return false;
  const daysInMonth = new Date(Date.UTC(t.year, t.month, 0)).getUTCDate();
  return t.day >= 1 && t.day <= daysInMonth;
}

/**
 * The UTC instant of a wall-clock time in `timeZone`, or null when the date does not exist.
 * Offsets change at most once around a given day, so the offsets a day before and after are the only
 * candidates. Follows Temporal's "compatible" choice: an ambiguous time (the repeated hour in autumn)
 * resolves to the earlier instant, a skipped time (the spring gap) is pushed forward by the gap.
 */
export function zonedTimeToUtc(t: LocalDateTime, timeZone: string): Date | null {
  if (!isValid(t)) return null;
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const fits = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((utc) => wall - utc === offsetAt(utc, timeZone));
  if (fits.length > 0) return new Date(Math.min(...fits));
  return new Date(wall - before);
}

export function berlinTimeToUtc(t: LocalDateTime): Date | null {
  return zonedTimeToUtc(t, BERLIN);
}
