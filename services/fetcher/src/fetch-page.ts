import type { Agent } from 'undici';
import type { AddressGuard } from './address-guard';
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
}

/** Fetches an http(s) or file URL within the limits; conditional when validators are known. */
export function fetchPage(url: string, validators: Validators, fetching: Fetching): Promise<PageResponse> {
  if (url.startsWith('file:')) return readFilePage(url, fetching.limits.maxBytes, fetching.fileRoots);
  if (!/^https?:/.test(url)) return Promise.reject(new FetchError(`unsupported URL scheme: ${url}`));
  return fetchHttpPage(url, validators, fetching.limits, fetching.agent, fetching.guard);
}
