export { AdminSourceSpec, SourceControls } from './admin-spec';
export { UnknownSourceError } from './errors';
export { dueAfter, jitteredMs } from './jitter';
export { SourceScheduler } from './scheduler';
export { SourceManager } from './source-manager';
export { runSourcesCommand, type CommandIo } from './cli/sources-command';
