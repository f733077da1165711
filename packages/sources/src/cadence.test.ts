import { hasEnded, nextCadence, type CadenceBounds, type PollFacts } from './cadence';

const bounds: CadenceBounds = { minSeconds: 30, maxSeconds: 3600, liveMaxSeconds: 120 };
const now = new Date('2026-12-01T08:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const facts = (over: Partial<PollFacts>): PollFacts => ({
  now,
  configuredSeconds: 60,
  changed: false,
  failures: 0,
  lastChangedAt: null,
  rhythmSeconds: null,
  floorSeconds: null,
  ...over,
});

describe('nextCadence', () => {
  test.each<[string, Partial<PollFacts>, { intervalSeconds: number; rhythmSeconds: number | null }]>([
    ['first poll: the configured interval', { changed: true }, { intervalSeconds: 60, rhythmSeconds: null }],
    ['a second change starts the rhythm', { changed: true, lastChangedAt: ago(200) }, { intervalSeconds: 60, rhythmSeconds: 200 }],
    ['a page changing faster than twice the interval: half its rhythm', { changed: true, lastChangedAt: ago(80), rhythmSeconds: 80 }, { intervalSeconds: 40, rhythmSeconds: 80 }],
    ['never below the minimum', { changed: true, lastChangedAt: ago(10), rhythmSeconds: 10 }, { intervalSeconds: 30, rhythmSeconds: 10 }],
    ['the rhythm is a moving average', { changed: true, lastChangedAt: ago(300), rhythmSeconds: 100 }, { intervalSeconds: 60, rhythmSeconds: 160 }],
    ['a night of silence counts as an hour', { changed: true, lastChangedAt: ago(8 * 3600), rhythmSeconds: 100 }, { intervalSeconds: 60, rhythmSeconds: 1150 }],
    ['quiet, but not overdue: the pace holds', { lastChangedAt: ago(250), rhythmSeconds: 100 }, { intervalSeconds: 50, rhythmSeconds: 100 }],
    ['overdue: backs off with the quiet', { configuredSeconds: 30, lastChangedAt: ago(600), rhythmSeconds: 100 }, { intervalSeconds: 100, rhythmSeconds: 100 }],
    ['changed within the hour: never slower than the live maximum', { configuredSeconds: 30, lastChangedAt: ago(3000), rhythmSeconds: 100 }, { intervalSeconds: 120, rhythmSeconds: 100 }],
    ['an operator interval above the live maximum is capped while live', { configuredSeconds: 600, changed: true }, { intervalSeconds: 120, rhythmSeconds: null }],
    ['quiet for longer than an hour: toward the maximum', { lastChangedAt: ago(3 * 3600), rhythmSeconds: 100 }, { intervalSeconds: 1800, rhythmSeconds: 100 }],
    ['never above the maximum', { lastChangedAt: ago(30 * 3600), rhythmSeconds: 100 }, { intervalSeconds: 3600, rhythmSeconds: 100 }],
    ['never changed: the configured interval', { configuredSeconds: 300 }, { intervalSeconds: 300, rhythmSeconds: null }],
    ['one failure doubles the configured interval', { failures: 1, lastChangedAt: ago(60), rhythmSeconds: 60 }, { intervalSeconds: 120, rhythmSeconds: 60 }],
    ['failures back off past the live maximum', { failures: 3, lastChangedAt: ago(60), rhythmSeconds: 60 }, { intervalSeconds: 480, rhythmSeconds: 60 }],
    ['many failures stop at the maximum', { failures: 50 }, { intervalSeconds: 3600, rhythmSeconds: null }],
    ['the page asks for more time: a floor, over the live maximum', { changed: true, lastChangedAt: ago(60), rhythmSeconds: 60, floorSeconds: 300 }, { intervalSeconds: 300, rhythmSeconds: 60 }],
    ['a floor never exceeds the maximum', { floorSeconds: 86_400 }, { intervalSeconds: 3600, rhythmSeconds: null }],
  ])('%s', (_name, over, expected) => {
    expect(nextCadence(facts(over), bounds)).toEqual(expected);
  });
});

/**
 * Polls a simulated page on a simulated clock as the fetcher would: each poll sees whether the page
 * changed since the previous one and plans the next by `nextCadence`. Returns each poll's time and the
 * interval it chose, in seconds from the start.
 */
function simulate(o: { hours: number; configuredSeconds: number; bounds: CadenceBounds; changesAt: (t: number) => boolean }) {
  const polls: Array<{ t: number; interval: number }> = [];
  let lastChangedAt: Date | null = null;
  let rhythmSeconds: number | null = null;
  let previous = -1;
  for (let t = 0; t < o.hours * 3600; ) {
    let changed = false;
    for (let s = previous + 1; s <= t && !changed; s += 1) changed = o.changesAt(s);
    const at = new Date(now.getTime() + t * 1000);
    const next = nextCadence({ now: at, configuredSeconds: o.configuredSeconds, changed, failures: 0, lastChangedAt, rhythmSeconds, floorSeconds: null }, o.bounds);
    if (changed) lastChangedAt = at;
    rhythmSeconds = next.rhythmSeconds;
    polls.push({ t, interval: next.intervalSeconds });
    previous = t;
    t += next.intervalSeconds;
  }
  return polls;
}
const after = (polls: Array<{ t: number; interval: number }>, seconds: number) => polls.filter((p) => p.t >= seconds).map((p) => p.interval);

describe('cadence over hours of polls', () => {
  test('a page changing every 60 s polled at a 10 s interval stays at 10 s for three hours', () => {
    const polls = simulate({ hours: 3, configuredSeconds: 10, bounds: { minSeconds: 2, maxSeconds: 3600, liveMaxSeconds: 120 }, changesAt: (s) => s % 60 === 0 });
    expect(new Set(after(polls, 0))).toEqual(new Set([10]));
    expect(polls.length).toBeGreaterThanOrEqual(3 * 360 - 1);
  });

  test('a page changing every 60 s with a lazy operator interval converges to half its rhythm and stays there', () => {
    const polls = simulate({ hours: 3, configuredSeconds: 300, bounds, changesAt: (s) => s % 60 === 0 });
    // Polls fall a second or two after a change now and then, so the observed rhythm is 60 to 62 s.
    const settled = after(polls, 15 * 60);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...settled)).toBeLessThanOrEqual(31);
    expect(Math.max(...after(polls, 0))).toBeLessThanOrEqual(120);
  });

  test('a page changing every 45 s at random moments never drifts toward the maximum', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const changes = new Set<number>();
    for (let s = 0; s < 4 * 3600; s += 1) if (random() < 1 / 45) changes.add(s);
    const polls = simulate({ hours: 4, configuredSeconds: 20, bounds: { minSeconds: 5, maxSeconds: 3600, liveMaxSeconds: 120 }, changesAt: (s) => changes.has(s) });
    const late = after(polls, 3600);
    // An overdue change backs off only briefly and a little; a burst of changes speeds polling up.
    expect(Math.max(...late)).toBeLessThanOrEqual(30);
    expect(late.filter((i) => i <= 20).length / late.length).toBeGreaterThan(0.95);
  });

  test('a page that goes quiet backs off: live cap for its first hour, then toward the maximum', () => {
    const polls = simulate({ hours: 12, configuredSeconds: 30, bounds, changesAt: (s) => s <= 3600 && s % 60 === 0 });
    const quiet = polls.filter((p) => p.t > 3600);
    expect(Math.max(...quiet.filter((p) => p.t <= 2 * 3600).map((p) => p.interval))).toBeLessThanOrEqual(120);
    expect(quiet.filter((p) => p.t > 2 * 3600).every((p) => p.interval > 120)).toBe(true);
    expect(quiet[quiet.length - 1]!.interval).toBe(3600);
    // Intervals only grow while it stays quiet.
    const intervals = quiet.map((p) => p.interval);
    expect(intervals).toEqual([...intervals].sort((a, b) => a - b));
  });

  test('the live cap holds for a page that changes every 30 minutes', () => {
    const polls = simulate({ hours: 6, configuredSeconds: 600, bounds, changesAt: (s) => s % 1800 === 0 });
    expect(Math.max(...after(polls, 0))).toBe(120);
  });
});

describe('hasEnded', () => {
  test.each([
    ['quiet for longer than the limit', ago(25 * 3600), true],
    ['quiet, but not long enough', ago(23 * 3600), false],
    ['never changed yet', null, false],
  ])('%s', (_name, lastChangedAt, ended) => {
    expect(hasEnded({ lastChangedAt, now, quietHoursToEnd: 24 })).toBe(ended);
  });
});
