import type { LocalDateTime } from '../time/berlin';

/** A calendar day as a German page prints it, without a time. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export const MONTHS = ['januar', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'];

/** "22.10.2024 02:41", "22.10.2024, 2.41 Uhr": a date with a time anywhere in a short text. */
const DATE_TIME = /(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(?:um\s+)?(\d{1,2})[:.](\d{2})/;
/** A line that is only a day: "22.10.2024", "Dienstag, 22. Oktober 2024", "22. Oktober". */
const DAY_LINE = /^(?:\p{L}+,?\s+(?:den\s+)?)?(\d{1,2})\.\s*(?:(\d{1,2})\.|(\p{L}+))\s*(\d{4})?$/u;

/** The date and time of a "Stand: 22.10.2024 02:41 Uhr" line, or null. */
export function findDateTime(text: string): LocalDateTime | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  return { day: Number(m[1]), month: Number(m[2]), year: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) };
}

/** The day a day heading names; the year comes from `fallbackYear` when the heading omits it. */
export function parseDayLine(text: string, fallbackYear: number): LocalDate | null {
  const m = DAY_LINE.exec(text.trim());
  if (!m) return null;
  const month = m[2] !== undefined ? Number(m[2]) : MONTHS.indexOf((m[3] ?? '').toLowerCase()) + 1;
  const day = Number(m[1]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year: m[4] !== undefined ? Number(m[4]) : fallbackYear, month, day };
}

/** The day `days` days later (negative: earlier), in the calendar alone (no time zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
