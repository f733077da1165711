import { wildcardSource } from './wildcard';

/** robots.txt as RFC 9309 reads it: groups of user agents, each with allow/disallow path patterns. */
export interface Robots {
  groups: { agents: string[]; rules: Rule[] }[];
}

/** One allow/disallow line, its pattern compiled once when the file is read. */
interface Rule {
  allow: boolean;
  pattern: string;
  matcher: RegExp;
}

/** `*` matches any characters; a final `$` anchors the pattern at the end of the path. */
function rule(allow: boolean, pattern: string): Rule {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  return { allow, pattern, matcher: new RegExp(`^${wildcardSource(body)}${anchored ? '$' : ''}`) };
}

/** A robots.txt that allows everything: what a missing file (4xx) means. */
export const ALLOW_ALL: Robots = { groups: [] };
/** What an unreachable robots.txt (5xx, network error) means until it can be read again. */
export const DISALLOW_ALL: Robots = { groups: [{ agents: ['*'], rules: [rule(false, '/')] }] };

export function parseRobots(text: string): Robots {
  const groups: Robots['groups'] = [];
  let current: Robots['groups'][number] | null = null;
  let lastWasAgent = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      // Consecutive user-agent lines share one group.
      if (!current || !lastWasAgent) groups.push((current = { agents: [], rules: [] }));
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if ((field === 'allow' || field === 'disallow') && current) {
      // An empty Disallow allows everything: it adds no rule.
      if (value !== '') current.rules.push(rule(field === 'allow', value));
      lastWasAgent = false;
    } else {
      lastWasAgent = false;
    }
  }
  return { groups };
}

/**
 * Whether `productToken` (e.g. "liveblog-ingest") may fetch `pathAndQuery`: the groups naming the token
 * apply, else the `*` groups; the longest matching pattern decides, allow winning a tie.
 */
export function isAllowed(robots: Robots, productToken: string, pathAndQuery: string): boolean {
  const token = productToken.toLowerCase();
  const own = robots.groups.filter((g) => g.agents.some((a) => a !== '*' && token.startsWith(a)));
  const applicable = own.length > 0 ? own : robots.groups.filter((g) => g.agents.includes('*'));
  let best: { allow: boolean; length: number } | null = null;
  for (const r of applicable.flatMap((g) => g.rules)) {
    if (!r.matcher.test(pathAndQuery)) continue;
    const length = r.pattern.length;
    if (!best || length > best.length || (length === best.length && r.allow)) best = { allow: r.allow, length };
  }
  return best?.allow ?? true;
}
