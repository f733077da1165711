import type { CachingHeaders } from '@liveblog/sources';

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type PageResponse =
  | { kind: 'page'; httpStatus: number | null; body: Buffer; contentType: string | null; validators: Validators; caching: CachingHeaders }
  | { kind: 'not-modified'; httpStatus: 304 };
