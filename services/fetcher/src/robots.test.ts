import { ALLOW_ALL, DISALLOW_ALL, isAllowed, parseRobots } from './robots';

const robots = parseRobots(`
# comments and blank lines are ignored
User-agent: *
Disallow: /private/
Allow: /private/liveblog
Disallow: /*.pdf$
Disallow: /search

User-agent: liveblog-ingest
User-agent: other-bot
Disallow: /no-liveblog-bots/
Allow: /

User-agent: greedy
Disallow:
`);

test.each([
  ['liveblog-ingest', '/no-liveblog-bots/x', false],
  ['liveblog-ingest', '/private/anything', true],
  ['other-bot', '/no-liveblog-bots/', false],
  ['someone-else', '/private/secret', false],
  ['someone-else', '/private/liveblog-2024', true],
  ['someone-else', '/files/report.pdf', false],
  ['someone-else', '/files/report.pdf?x=1', true],
  ['someone-else', '/search?q=ukraine', false],
  ['someone-else', '/liveblog/ukraine', true],
  ['greedy', '/private/secret', true],
])('%s fetching %s → %s', (agent, path, allowed) => {
  expect(isAllowed(robots, agent, path)).toBe(allowed);
});

test('a tie between allow and disallow goes to allow', () => {
  expect(isAllowed(parseRobots('User-agent: *\nDisallow: /a\nAllow: /a'), 'x', '/a')).toBe(true);
});

test('missing and unreachable robots.txt', () => {
  expect(isAllowed(ALLOW_ALL, 'liveblog-ingest', '/anything')).toBe(true);
  expect(isAllowed(DISALLOW_ALL, 'liveblog-ingest', '/anything')).toBe(false);
});

test('rules before any user-agent line are ignored, not applied to everyone', () => {
  expect(isAllowed(parseRobots('Disallow: /\nUser-agent: *\nAllow: /'), 'x', '/page')).toBe(true);
});
