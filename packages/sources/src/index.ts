export { AdminSourceSpec, SourceControls } from './admin-spec';
export { UnknownSourceError } from './errors';
export { dueAfter, jitteredMs } from './jitter';
export { SourceScheduler } from './scheduler';
export { SourceManager, type SourceLocking } from './source-manager';
export { runSourcesCommand, type CommandIo } from './cli/sources-command';
export { hasEnded, nextCadence, type Cadence, type CadenceBounds, type PollFacts } from './cadence';
export { pageHints, type CachingHeaders, type PageHints } from './page-hints';
