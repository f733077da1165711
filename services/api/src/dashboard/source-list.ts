import type { SourceDoc } from '@liveblog/storage';
import { z } from 'zod';

/** Problems first: the order of the dashboard's source list, and of its health filter. */
export const HEALTHS = ['failing', 'stale', 'ended', 'pending', 'ok', 'paused'] as const;
export type Health = (typeof HEALTHS)[number];

/**
 * failing: the last fetch failed; stale: not fetched within twice its interval (the adaptive one in
 * force, else the declared one), counted from its creation while never fetched; ended: the liveblog
 * ended; pending: never fetched yet, still on time. Paused sources are an operator's choice, not a problem.
 */
export function healthOf(s: SourceDoc, now: Date): Health {
  if (s.paused) return 'paused';
  if (s.status.ended) return 'ended';
  if (s.status.consecutiveFailures > 0) return 'failing';
  if (overdueSeconds(s, now) > 0) return 'stale';
  return s.status.lastFetchedAt ? 'ok' : 'pending';
}

/** Seconds past twice the interval since the last fetch (or creation); negative while on time. */
function overdueSeconds(s: SourceDoc, now: Date): number {
  const interval = s.status.intervalSeconds ?? s.intervalSeconds;
  const since = (s.status.lastFetchedAt ?? s.createdAt).getTime();
  return (now.getTime() - since) / 1000 - 2 * interval;
}

/** The publisher: the URL's host without `www.`; file sources have none. */
export function outletOf(url: string): string | null {
  if (!/^https?:/.test(url)) return null;
  return new URL(url).hostname.replace(/^www\./, '');
}

export const SourceListQuery = z
  .object({
    health: z.enum(HEALTHS).optional(),
    kind: z.enum(['liveblog', 'index', 'file']).optional(),
    outlet: z.string().max(253).optional(),
    sort: z.enum(['problems', 'name', 'outlet', 'lastFetch']).default('problems'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type SourceListQuery = z.infer<typeof SourceListQuery>;

export interface ListedSource {
  source: SourceDoc;
  health: Health;
  outlet: string | null;
}

export interface SourceListPage {
  items: ListedSource[];
  /** Sources that pass the filters, on every page. */
  total: number;
  page: number;
  pageSize: number;
  /** Counts over all sources, so that a filter shows what it would leave. */
  facets: { health: Partial<Record<Health, number>>; kind: Record<string, number>; outlet: Record<string, number> };
}

const label = (s: SourceDoc) => (s.name ?? s.url).toLowerCase();
const byLabel = (a: ListedSource, b: ListedSource) => label(a.source).localeCompare(label(b.source)) || a.source._id.localeCompare(b.source._id);
const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

/**
 * One page of the dashboard's source list. Within the problem order, failing sources with the most
 * failures and stale ones most overdue come first; everything else ties by name.
 */
export function listSources(sources: readonly SourceDoc[], q: SourceListQuery, now: Date): SourceListPage {
  const all = sources.map((source) => ({ source, health: healthOf(source, now), outlet: outletOf(source.url) }));
  const facets: SourceListPage['facets'] = { health: {}, kind: {}, outlet: {} };
  for (const s of all) {
    count(facets.health, s.health);
    count(facets.kind, s.source.kind);
    count(facets.outlet, s.outlet ?? '(file)');
  }
  const shown = all.filter((s) => (!q.health || s.health === q.health) && (!q.kind || s.source.kind === q.kind) && (!q.outlet || (s.outlet ?? '(file)') === q.outlet));
  const order: Record<SourceListQuery['sort'], (a: ListedSource, b: ListedSource) => number> = {
    problems: (a, b) => HEALTHS.indexOf(a.health) - HEALTHS.indexOf(b.health) || urgency(b, now) - urgency(a, now) || byLabel(a, b),
    name: byLabel,
    outlet: (a, b) => Number(a.outlet === null) - Number(b.outlet === null) || (a.outlet ?? '').localeCompare(b.outlet ?? '') || byLabel(a, b),
    lastFetch: (a, b) => (a.source.status.lastFetchedAt?.getTime() ?? 0) - (b.source.status.lastFetchedAt?.getTime() ?? 0) || byLabel(a, b),
  };
  shown.sort(order[q.sort]);
  const start = (q.page - 1) * q.pageSize;
  return { items: shown.slice(start, start + q.pageSize), total: shown.length, page: q.page, pageSize: q.pageSize, facets };
}

function urgency(s: ListedSource, now: Date): number {
  if (s.health === 'failing') return s.source.status.consecutiveFailures;
  if (s.health === 'stale') return overdueSeconds(s.source, now);
  return 0;
}
