import { redisKeys, type RedisClient } from '@liveblog/runtime';
import { ALLOW_ALL, DISALLOW_ALL, isAllowed, parseRobots, type Robots } from './robots';

/** What fetching a host's robots.txt gave: its text, none (4xx: allow all), or no answer (disallow for now). */
export type RobotsFetch = { kind: 'found'; text: string } | { kind: 'missing' } | { kind: 'unreachable' };

export interface RobotsPolicyOptions {
  /** The User-Agent's product token, e.g. "liveblog-ingest" for "liveblog-ingest/0.1 (+…)". */
  productToken: string;
  cacheSeconds: number;
  /** An unreachable robots.txt is retried sooner than a readable one is refreshed. */
  unreachableCacheSeconds: number;
}

/**
 * How long a replica reuses a host's robots.txt as it last read it from Redis, already parsed: most
 * polls are 304s of a few hosts' pages, and a Redis read and a parse of the whole robots.txt per poll
 * were a large part of what such a poll cost. A change reaches the replica within this time.
 */
const MEMO_MS = 60_000;
/** Hosts remembered by a replica, at most; then the memory starts over. */
const MEMO_HOSTS = 10_000;

/** robots.txt fetched once per host and cached in Redis for every replica, and briefly in each replica. */
export class RobotsPolicy {
  private readonly memo = new Map<string, { until: number; robots: Robots }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly fetchRobots: (origin: string) => Promise<RobotsFetch>,
    private readonly options: RobotsPolicyOptions,
  ) {}

  async allows(url: string): Promise<boolean> {
    const target = new URL(url);
    const robots = await this.robotsFor(target.origin, target.host);
    return isAllowed(robots, this.options.productToken, `${target.pathname}${target.search}`);
  }

  private async robotsFor(origin: string, host: string): Promise<Robots> {
    const now = Date.now();
    const memo = this.memo.get(origin);
    if (memo && memo.until > now) return memo.robots;
    const robots = await this.readRobots(origin, host);
    if (this.memo.size >= MEMO_HOSTS) this.memo.clear();
    this.memo.set(origin, { until: now + MEMO_MS, robots });
    return robots;
  }

  private async readRobots(origin: string, host: string): Promise<Robots> {
    const key = redisKeys.hostRobots(this.prefix, host);
    const cached = await this.redis.get(key);
    const fetched: RobotsFetch = cached ? (JSON.parse(cached) as RobotsFetch) : await this.fetchRobots(origin);
    if (!cached) {
      const ttl = fetched.kind === 'unreachable' ? this.options.unreachableCacheSeconds : this.options.cacheSeconds;
      await this.redis.set(key, JSON.stringify(fetched), 'EX', ttl);
    }
    if (fetched.kind === 'found') return parseRobots(fetched.text);
    return fetched.kind === 'missing' ? ALLOW_ALL : DISALLOW_ALL;
  }
}
