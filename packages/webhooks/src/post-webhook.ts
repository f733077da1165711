import type { AddressGuard } from '@liveblog/runtime';
import { Agent, request } from 'undici';
import { DeliveryError } from './errors';

export interface PostLimits {
  /** The whole request, until the response headers: a slow receiver holds a worker no longer. */
  timeoutMs: number;
  userAgent: string;
}

/** One connection pool per deliverer process; every connection goes through the address guard. */
export function createWebhookAgent(guard: AddressGuard, limits: PostLimits): Agent {
  return new Agent({ connect: { timeout: limits.timeoutMs, lookup: guard.lookup }, headersTimeout: limits.timeoutMs, bodyTimeout: limits.timeoutMs });
}

/**
 * POSTs a signed JSON body. Any 2xx is accepted; anything else, a redirect included (a receiver's
 * moved URL is for its owner to update), is a DeliveryError.
 */
export async function postWebhook(url: string, headers: Record<string, string>, body: string, agent: Agent, guard: AddressGuard, limits: PostLimits): Promise<number> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new DeliveryError(`refusing to deliver to a ${target.protocol} URL`);
  const refusal = guard.refusalForLiteral(target.hostname);
  if (refusal) throw new DeliveryError(refusal);
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let res;
  try {
    res = await request(target, {
      dispatcher: agent,
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': limits.userAgent },
      body,
      signal,
    });
  } catch (err) {
    throw new DeliveryError(signal.aborted ? `no answer within ${limits.timeoutMs} ms` : err instanceof Error ? err.message : String(err));
  }
  await res.body.dump();
  if (res.statusCode < 200 || res.statusCode >= 300) throw new DeliveryError(`HTTP ${res.statusCode}`, res.statusCode);
  return res.statusCode;
}
