import type { Block } from './blocks';
import type { LocalDate } from './dates';
import { findDateTime } from './dates';
import type { Zone } from '../time/zone';
import { wallClock } from '../time/zone';

/** "Stand: …", "Aktualisiert: …": the page's own statement of its last update. */
const UPDATE_LINE = /^(?:stand|aktualisiert|zuletzt aktualisiert|letzte aktualisierung|update)\b/i;
const MAX_UPDATE_LINE_CHARS = 80;

/**
 * The day and minute (in the page's zone) of the page's last update, which a ticker's newest entry shares: the
 * printed "Stand: 22.10.2024 02:41 Uhr" line, else the page's machine-readable time.
 */
export function pageClock(blocks: readonly Block[], isoTime: string | null, zone: Zone): { date: LocalDate; minutes: number } | null {
  for (const block of blocks) {
    if (block.text.length > MAX_UPDATE_LINE_CHARS || !UPDATE_LINE.test(block.text)) continue;
    const t = findDateTime(block.text);
    if (t) return { date: { year: t.year, month: t.month, day: t.day }, minutes: t.hour * 60 + t.minute };
  }
  const ms = isoTime === null ? Number.NaN : Date.parse(isoTime);
  const wall = Number.isNaN(ms) ? null : wallClock(ms, zone);
  return wall ? { date: { year: wall.year, month: wall.month, day: wall.day }, minutes: wall.hour * 60 + wall.minute } : null;
}
