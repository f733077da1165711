import { BERLIN, pageZone, toUtc, wallClock, zoneFromAbbreviation } from './zone';

describe('pageZone', () => {
  test.each([
    ['a German page, whatever offset its CMS prints', 'de', ['2025-05-08T21:06:00+00:00'], BERLIN],
    ['an Indian page by its offset', 'en', ['2025-05-08T21:06:00+05:30'], { offsetMinutes: 330 }],
    ['a US page by its offset, first usable time wins', 'en', [null, 'x', '2025-01-08T09:00:00-0500'], { offsetMinutes: -300 }],
    ['UTC ("Z") says nothing about the page', 'en', ['2025-05-08T21:06:00Z'], BERLIN],
    ['no time at all', null, [], BERLIN],
  ])('%s', (_name, language, times, zone) => {
    expect(pageZone(language, times)).toEqual(zone);
  });
});

describe('toUtc and wallClock', () => {
  const at = { year: 2025, month: 7, day: 2, hour: 21, minute: 6 };

  test('a fixed offset', () => {
    expect(toUtc(at, { offsetMinutes: 330 })?.toISOString()).toBe('2025-07-02T15:36:00.000Z');
    expect(wallClock(Date.parse('2025-07-02T15:36:00Z'), { offsetMinutes: 330 })).toEqual(at);
  });

  test('a named zone keeps its daylight-saving rules', () => {
    expect(toUtc(at, BERLIN)?.toISOString()).toBe('2025-07-02T19:06:00.000Z');
    expect(toUtc({ ...at, month: 1 }, BERLIN)?.toISOString()).toBe('2025-01-02T20:06:00.000Z');
    expect(wallClock(Date.parse('2025-01-02T20:06:00Z'), BERLIN)).toEqual({ ...at, month: 1 });
  });

  test('abbreviations printed after times', () => {
    expect(zoneFromAbbreviation('IST')).toEqual({ offsetMinutes: 330 });
    expect(zoneFromAbbreviation('edt')).toEqual({ offsetMinutes: -240 });
    expect(zoneFromAbbreviation('XYZ')).toBeNull();
  });
});
