import { searchTerms } from '@liveblog/search';
import { entryPredicate, mayMatch, type EntryFacts, type EntryFilters } from './entry-filter';

const at = new Date('2024-11-05T08:00:00Z');
const terms = searchTerms('Der Hafen von Kiel');
const stored: EntryFacts = {
  liveblogId: 'lb_a',
  sourceId: 'src_a',
  agencies: ['dpa'],
  terms,
  sortKey: at,
  deletedAt: null,
  clusterId: 'cl_1',
};
/** What a timeline row knows: no liveblog, deletion or cluster. */
const row: EntryFacts = { sourceId: 'src_a', agencies: ['dpa'], terms, sortKey: at };
const deleted: EntryFacts = { ...stored, deletedAt: at };

test.each<[string, EntryFacts, EntryFilters, boolean]>([
  ['no filter', stored, {}, true],
  ['liveblog holds', stored, { liveblogId: 'lb_a' }, true],
  ['liveblog differs', stored, { liveblogId: 'lb_b' }, false],
  ['liveblog unknown to a row', row, { liveblogId: 'lb_b' }, true],
  ['source differs', stored, { sourceId: 'src_b' }, false],
  ['agency credited', stored, { agency: 'dpa' }, true],
  ['agency not credited', row, { agency: 'afp' }, false],
  ['since is inclusive', stored, { since: at }, true],
  ['since after', stored, { since: new Date(at.getTime() + 1) }, false],
  ['until is exclusive', stored, { until: at }, false],
  ['until after', stored, { until: new Date(at.getTime() + 1) }, true],
  ['every query word must occur', stored, { query: 'Kiel Häfen' }, true],
  ['a missing query word excludes', row, { query: 'Kiel Bonn' }, false],
  ['a stopword-only query matches nothing', stored, { query: 'und der' }, false],
  ['deleted left out', deleted, {}, false],
  ['deleted on request', deleted, { includeDeleted: true }, true],
  ['deletion unknown to a row', row, {}, true],
  ['cluster differs', stored, { clusterId: 'cl_2' }, false],
  ['cluster unknown to a row', row, { clusterId: 'cl_2' }, true],
])('%s', (_name, facts, filters, expected) => {
  expect(mayMatch(facts, entryPredicate(filters))).toBe(expected);
});
