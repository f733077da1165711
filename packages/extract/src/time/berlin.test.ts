import { berlinTimeToUtc, zonedTimeToUtc } from './berlin';

const at = (year: number, month: number, day: number, hour: number, minute: number) => ({ year, month, day, hour, minute });

describe('berlinTimeToUtc', () => {
  test.each([
    ['winter (CET, +1)', at(2024, 1, 15, 12, 0), '2024-01-15T11:00:00.000Z'],
    ['summer (CEST, +2)', at(2024, 7, 15, 12, 0), '2024-07-15T10:00:00.000Z'],
    ['seed 000 "Stand"', at(2024, 10, 22, 2, 41), '2024-10-22T00:41:00.000Z'],
    ['across midnight UTC', at(2024, 1, 1, 0, 30), '2023-12-31T23:30:00.000Z'],
    ['spring switch day, before', at(2024, 3, 31, 1, 30), '2024-03-31T00:30:00.000Z'],
    ['spring switch day, after', at(2024, 3, 31, 3, 30), '2024-03-31T01:30:00.000Z'],
    ['spring gap is pushed forward', at(2024, 3, 31, 2, 30), '2024-03-31T01:30:00.000Z'],
    ['autumn switch day, before', at(2024, 10, 27, 1, 30), '2024-10-26T23:30:00.000Z'],
    ['autumn switch day, after', at(2024, 10, 27, 3, 30), '2024-10-27T02:30:00.000Z'],
    ['autumn repeated hour takes the earlier', at(2024, 10, 27, 2, 30), '2024-10-27T00:30:00.000Z'],
  ])('%s', (_name, local, iso) => {
    expect(berlinTimeToUtc(local)?.toISOString()).toBe(iso);
  });

  test.each([
    ['31 February', at(2024, 2, 31, 12, 0)],
    ['month 13', at(2024, 13, 1, 12, 0)],
    ['hour 24', at(2024, 1, 1, 24, 0)],
    ['minute 60', at(2024, 1, 1, 12, 60)],
    ['two-digit year', at(24, 1, 1, 12, 0)],
  ])('rejects %s', (_name, local) => {
    expect(berlinTimeToUtc(local)).toBeNull();
  });

  test('other zones work the same way', () => {
    expect(zonedTimeToUtc(at(2024, 7, 1, 12, 0), 'America/New_York')?.toISOString()).toBe('2024-07-01T16:00:00.000Z');
    expect(zonedTimeToUtc(at(2024, 7, 1, 12, 0), 'UTC')?.toISOString()).toBe('2024-07-01T12:00:00.000Z');
  });
});
