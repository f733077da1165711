import { searchTerms } from '@liveblog/search';

export interface EntryFilters {
  liveblogId?: string;
  sourceId?: string;
  agency?: string;
  /** On the entry's sort time: its stated publication time, else when it was first seen. */
  since?: Date;
  until?: Date;
  /** Words to find in headline or text; every word must occur (after folding and stemming). */
  query?: string;
  clusterId?: string;
  includeDeleted?: boolean;
}

/**
 * What a filter is checked against. A timeline row knows only some of an entry's facts; a fact it does
 * not hold is left undefined and does not exclude the entry, so rows can only over-select, never miss.
 */
export interface EntryFacts {
  liveblogId?: string;
  sourceId?: string;
  agencies?: readonly string[];
  terms?: readonly string[];
  sortKey: Date;
  deletedAt?: Date | null;
  clusterId?: string | null;
}

/** The filters in the form they are checked in: the query folded and stemmed once per request. */
export interface EntryPredicate {
  filters: EntryFilters;
  /** Null when there is no query; an empty list when the query holds no searchable word (matches nothing). */
  terms: readonly string[] | null;
}

export function entryPredicate(filters: EntryFilters): EntryPredicate {
  return { filters, terms: filters.query === undefined ? null : searchTerms(filters.query) };
}

const unknownOr = <T>(fact: T | undefined, holds: (fact: T) => boolean): boolean => fact === undefined || holds(fact);

export function mayMatch(facts: EntryFacts, { filters, terms }: EntryPredicate): boolean {
  const at = facts.sortKey.getTime();
  if (filters.since && at < filters.since.getTime()) return false;
  if (filters.until && at >= filters.until.getTime()) return false;
  if (terms && terms.length === 0) return false;
  return (
    (!filters.liveblogId || unknownOr(facts.liveblogId, (id) => id === filters.liveblogId)) &&
    (!filters.sourceId || unknownOr(facts.sourceId, (id) => id === filters.sourceId)) &&
    (!filters.agency || unknownOr(facts.agencies, (agencies) => agencies.includes(filters.agency!))) &&
    (!filters.clusterId || unknownOr(facts.clusterId, (id) => id === filters.clusterId)) &&
    (filters.includeDeleted === true || unknownOr(facts.deletedAt, (deletedAt) => deletedAt === null)) &&
    (!terms || unknownOr(facts.terms, (known) => terms.every((t) => known.includes(t))))
  );
}
