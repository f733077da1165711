import type { Agent } from 'undici';
import type { AddressGuard } from '@liveblog/runtime';
import { FetchError } from './errors';
import { readFilePage } from './file-page';
import { fetchHttpPage, type HttpLimits } from './http-page';
import type { PageResponse, Validators } from './page-response';

export type { PageResponse, Validators };

export interface Fetching {
  limits: HttpLimits;
  /** Directories that file:// sources may be read from; none = file sources disabled. */
  fileRoots: readonly string[];
  agent: Agent;
  guard: AddressGuard;
  /** Draws pages in a browser, for sources with `render: true`; absent: such sources fail. */
  render?: (url: string, validators: Validators) => Promise<PageResponse>;
}

/**
 * Fetches an http(s) or file URL within the limits; conditional when validators are known. With
 * `render`, the page is drawn by a browser and its DOM is the body.
 */
export function fetchPage(url: string, validators: Validators, fetching: Fetching, render = false): Promise<PageResponse> {
  if (url.startsWith('file:')) return readFilePage(url, fetching.limits.maxBytes, fetching.fileRoots);
  if (!/^https?:/.test(url)) return Promise.reject(new FetchError(`unsupported URL scheme: ${url}`));
  if (render) return fetching.render ? fetching.render(url, validators) : Promise.reject(new FetchError('rendering is not available in this fetcher'));
  return fetchHttpPage(url, validators, fetching.limits, fetching.agent, fetching.guard);
}
