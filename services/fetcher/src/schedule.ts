// Scheduling is shared with the admin API: one implementation, in @liveblog/sources.
export { SourceScheduler } from '@liveblog/sources';
