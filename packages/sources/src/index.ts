export { AdminSourceSpec, SourceControls } from './admin-spec';
export { SourceConflictError, UnknownSourceError } from './errors';
export { jitteredMs } from './jitter';
export { SourceScheduler } from './scheduler';
export { SourceManager } from './source-manager';
export { runSourcesCommand, type CommandIo } from './cli/sources-command';
export { requestReparse, type ParseQueue } from './reparse';
