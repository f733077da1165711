import type { LocalDateTime } from './berlin';
import { zonedTimeToUtc } from './berlin';

/**
 * The zone a page's bare clock times are in: a named zone with its daylight-saving rules, or a fixed
 * offset from UTC in minutes.
 */
export type Zone = { timeZone: string } | { offsetMinutes: number };

export const BERLIN: Zone = { timeZone: 'Europe/Berlin' };

/**
 * Zone abbreviations pages print after a time ("21:06 (IST)"), as fixed offsets. Only unambiguous ones
 * in news use: IST is India here, as on the live pages that print it.
 */
const ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, WET: 0, BST: 60, CET: 60, MEZ: 60, CEST: 120, MESZ: 120, EET: 120, EEST: 180, MSK: 180,
  IST: 330, PKT: 300, JST: 540, KST: 540, HKT: 480, SGT: 480, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

export function zoneFromAbbreviation(abbreviation: string): Zone | null {
  const offset = ABBREVIATIONS[abbreviation.toUpperCase()];
  return offset === undefined ? null : { offsetMinutes: offset };
}

/**
 * The zone a page writes its own times in. A German-language page is read in Europe/Berlin, whatever
 * offset its CMS prints (many print UTC). Other pages: the offset of their machine-readable time
 * ("2025-05-08T21:06:00+05:30"); without one, the German default.
 */
export function pageZone(language: string | null, rawTimes: readonly (string | null | undefined)[]): Zone {
  if (language === 'de') return BERLIN;
  for (const raw of rawTimes) {
    const m = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-])(\d{2}):?(\d{2})$/.exec(raw?.trim() ?? '');
    if (m) return { offsetMinutes: (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) };
  }
  return BERLIN;
}

/** The UTC instant of a wall-clock time in a zone, or null when the date does not exist. */
export function toUtc(t: LocalDateTime, zone: Zone): Date | null {
  if ('timeZone' in zone) return zonedTimeToUtc(t, zone.timeZone);
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - zone.offsetMinutes * 60_000;
  return Number.isNaN(ms) ? null : new Date(ms);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of an instant in a zone. */
export function wallClock(ms: number, zone: Zone): LocalDateTime {
  if (!('timeZone' in zone)) {
    const d = new Date(ms + zone.offsetMinutes * 60_000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
  }
  let f = formatters.get(zone.timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(zone.timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0, hour: parts.hour ?? 0, minute: parts.minute ?? 0 };
}
