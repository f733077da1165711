import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExtractRules } from '@liveblog/contracts';
import { extractWithRules } from './extract-with-rules';
import { LARGE_PAGE_HINT, operatorHint, RULES_MISSED_HINT } from './hint';
import { ruleTime } from './rule-time';

const page = {
  body: readFileSync(join(__dirname, 'testdata', 'deichblog.html'), 'utf8'),
  url: 'https://kreisbote.example/deich',
  contentType: 'text/html',
  fetchedAt: new Date('2026-12-01T14:40:00Z'),
};
const rules = ExtractRules.parse({
  entry: '#stream > .tick',
  headline: '.kopf',
  body: '.txt',
  time: '.stamp@data-ts',
  exclude: ['.share'],
  timezone: 'Europe/Berlin',
});

describe('extractWithRules', () => {
  test('reads each matched entry with its headline, body, time and page id', () => {
    const { extraction, readBy } = extractWithRules(page, rules);
    expect(readBy).toBe('rules');
    expect(extraction.liveblog.title).toBe('Deichbruch an der Weser – alle Entwicklungen');
    expect(extraction.entries.map((e) => [e.headline, e.publishedAt, e.agencies])).toEqual([
      ['Pegel sinkt erstmals seit Sonntag', '2026-12-01T13:32:00.000Z', []],
      ['Zweite Notunterkunft öffnet', '2026-12-01T12:05:00.000Z', ['dpa']],
      ['Bundesstraße gesperrt', '2026-12-01T10:48:00.000Z', []],
    ]);
    expect(extraction.entries[1]!.text).toBe('In der Turnhalle am Marktplatz stehen jetzt weitere 120 Betten bereit.');
    expect(new Set(extraction.entries.map((e) => e.key)).size).toBe(3);
  });

  test('without body and exclude an entry is its element less headline and time', () => {
    const { extraction } = extractWithRules(page, { entry: '.tick', headline: '.kopf', time: '.stamp' });
    expect(extraction.entries[0]!.text).toBe('Am Messpunkt Hoya fällt das Wasser um vier Zentimeter pro Stunde. Die Einsatzleitung bleibt dennoch vorsichtig. Teilen · Drucken');
    // A bare clock time is the last such time before the fetch; without a zone it is UTC.
    expect(extraction.entries[0]!.publishedAt).toBe('2026-12-01T14:32:00.000Z');
  });

  test('an entry selector that matches nothing falls back to generic extraction and says so', () => {
    const { extraction, readBy } = extractWithRules(page, { entry: 'article.update' });
    expect(readBy).toBe('generic-fallback');
    expect(extraction.entries.length).toBeGreaterThan(0);
  });

  test('no rules: generic extraction', () => {
    expect(extractWithRules(page, null).readBy).toBe('generic');
  });

  test('the same page and rules give byte-identical JSON', () => {
    expect(JSON.stringify(extractWithRules(page, rules))).toBe(JSON.stringify(extractWithRules({ ...page }, rules)));
  });
});

describe('ruleTime', () => {
  const fetchedAt = new Date('2026-12-01T00:20:00Z');
  test.each([
    ['2026-12-01T01:05:00+01:00', 'UTC', '2026-12-01T00:05:00.000Z'],
    ['2026-12-01 01:05', 'Europe/Berlin', '2026-12-01T00:05:00.000Z'],
    ['1.12.2026, 01:05 Uhr', 'Europe/Berlin', '2026-12-01T00:05:00.000Z'],
    ['1796083500', 'UTC', '2026-12-01T00:05:00.000Z'],
    // 23:50 Berlin is after the fetch today, so it was yesterday.
    ['23:50 Uhr', 'Europe/Berlin', '2026-11-30T22:50:00.000Z'],
    ['Update 01:05', 'Europe/Berlin', '2026-12-01T00:05:00.000Z'],
    ['gestern', 'UTC', null],
  ])('%s in %s', (value, zone, expected) => {
    expect(ruleTime(value, zone, fetchedAt)).toBe(expected);
  });
});

describe('operatorHint', () => {
  const large = `<html><body><div>${'<p>Viel Text in einem Block. </p>'.repeat(2000)}</div><script>${'x'.repeat(100_000)}</script></body></html>`;
  test.each([
    ['one entry from a large page', { body: large, entries: 1, readBy: 'generic' as const }, LARGE_PAGE_HINT],
    ['many entries from a large page', { body: large, entries: 12, readBy: 'generic' as const }, null],
    ['one entry from a page that is large only by its scripts', { body: `<p>kurz</p><script>${'x'.repeat(100_000)}</script>`, entries: 1, readBy: 'generic' as const }, null],
    ['rules that matched nothing', { body: '<p>x</p>', entries: 3, readBy: 'generic-fallback' as const }, RULES_MISSED_HINT],
  ])('%s', (_name, parsed, expected) => {
    expect(operatorHint(parsed)).toBe(expected);
  });
});

describe('ExtractRules validation', () => {
  test.each([
    [{ entry: 'div:nosuch' }, 'entry'],
    [{ entry: '.tick', headline: 'h2[' }, 'headline'],
    [{ entry: '.tick', time: 'time@' }, 'time'],
    [{ entry: '.tick', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ entry: '.tick', timezone: '+01:00' }, 'timezone'],
    [{ entry: '.tick', exclude: ['::before'] }, 'exclude'],
    [{ entry: '.tick', color: 'red' }, ''],
  ])('%j is refused, naming %s', (value, field) => {
    const result = ExtractRules.safeParse(value);
    expect(result.success).toBe(false);
    if (!result.success && field) expect(String(result.error.issues[0]!.path[0])).toBe(field);
  });

  test('time may read an attribute', () => {
    expect(ExtractRules.parse({ entry: '.tick', time: 'time@datetime', timezone: 'Europe/Berlin' }).time).toBe('time@datetime');
  });
});
