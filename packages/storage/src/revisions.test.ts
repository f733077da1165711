import type { ExtractedEntry } from '@liveblog/contracts';
import { toEntryDoc } from './entries';
import { isRevision } from './revisions';
import { entry, extraction } from './testdata/extractions';

const base = entry(1, 'Der Bürgermeister sagte: „Wir bauen neu.“ Die Arbeiten beginnen im Mai.');
const doc = (e: ExtractedEntry) => toEntryDoc(extraction('lb_rule', new Date('2024-11-01T10:00:00Z'), [e]), e, 0, new Date());

describe('what counts as a revision', () => {
  test('a new entry is its first revision', () => {
    expect(isRevision(undefined, doc(base))).toBe(true);
  });

  test.each<[string, Partial<ExtractedEntry>]>([
    ['whitespace', { text: `  ${base.text.replace(' ', '\n  ')}  ` }],
    ['case', { text: base.text.toUpperCase(), headline: 'MELDUNG 1' }],
    ['typographic quotes', { text: base.text.replace('„', '"').replace('“', '"') }],
    ['markup or an image URL only', { html: '<figure><img src="https://cdn.example/neu.jpg"></figure><p>anders gesetzt</p>' }],
    ['times, credits, authors, pinning', { modifiedAt: '2024-11-01T11:00:00+01:00', agencies: ['afp'], authors: ['A. B.'], pinned: true }],
  ])('a change of %s is none', (_what, change) => {
    expect(isRevision(doc(base), doc({ ...base, ...change }))).toBe(false);
  });

  test.each<[string, Partial<ExtractedEntry>]>([
    ['the text', { text: `${base.text} Korrigiert: im Juni.` }],
    ['the headline', { headline: 'Neubau beschlossen' }],
    ['a headline dropped', { headline: null }],
  ])('a change of %s is one', (_what, change) => {
    expect(isRevision(doc(base), doc({ ...base, ...change }))).toBe(true);
  });
});
