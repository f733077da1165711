export { ApiError } from './api-error';
export { authHeaders, createLiveblogClient, unwrap, type ClientOptions, type Cluster, type Entry, type Liveblog, type LiveblogClient, type Revision, type Source } from './client';
export type { components, paths } from './generated/api';
export { eachEntry, eachItem, eachLiveblog, eachLiveblogEntry, eachSource, type Page } from './pages';
export { SseParser, type SseMessage } from './sse-parser';
export { subscribe, type EntryEvent, type StreamFilters, type StreamItem, type StreamOptions } from './stream';
