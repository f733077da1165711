import type { Agent } from 'undici';
import type { AddressGuard } from '@liveblog/runtime';
import { FetchError } from './errors';
import { fetchHttpPage, type HttpLimits } from './http-page';
import type { RobotsFetch } from './robots-policy';

const MAX_ROBOTS_BYTES = 512 * 1024;

/** RFC 9309: a 4xx means there are no rules; any other failure means the site cannot say yet. */
export function robotsFetcher(limits: HttpLimits, agent: Agent, guard: AddressGuard): (origin: string) => Promise<RobotsFetch> {
  return async (origin) => {
    try {
      const page = await fetchHttpPage(`${origin}/robots.txt`, { etag: null, lastModified: null }, { ...limits, maxBytes: MAX_ROBOTS_BYTES }, agent, guard);
      return page.kind === 'page' ? { kind: 'found', text: page.body.toString('utf8') } : { kind: 'missing' };
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      const status = err.httpStatus;
      return status !== null && status >= 400 && status < 500 ? { kind: 'missing' } : { kind: 'unreachable' };
    }
  };
}
