export * from './queues';
export * from './entry';
export * from './events';
export * from './source';
export * from './extract-rules';
