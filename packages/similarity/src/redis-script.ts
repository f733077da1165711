import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/**
 * A Lua script run by EVALSHA, sent in full once per Redis that has not seen it (NOSCRIPT). Not
 * ioredis's defineCommand: that would add commands to a client the caller shares with other code.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis | Cluster, keys: readonly string[], args: ReadonlyArray<string | number | Buffer>): Promise<unknown> {
    // One array, not spread arguments: a bench-sized insert has more of them than a call stack allows.
    const rest = [keys.length, ...keys, ...args];
    try {
      return await redis.call('EVALSHA', [this.sha, ...rest]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.call('EVAL', [this.lua, ...rest]);
    }
  }
}
