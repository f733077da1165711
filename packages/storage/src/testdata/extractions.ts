import type { ExtractedEntry } from '@liveblog/contracts';
import type { ExtractionDoc } from '../documents';

/** An entry `k{i}` whose html wraps its text, credited to dpa. */
export function entry(i: number, text = `Text der Meldung ${i}.`, key = `k${i}`): ExtractedEntry {
  return { key, headline: `Meldung ${i}`, text, html: `<p>${text}</p>`, publishedAt: null, modifiedAt: null, authors: [], agencies: ['dpa'], pinned: false };
}

/** An extraction of liveblog `liveblogId`, named by its fetch time. */
export function extraction(liveblogId: string, fetchedAt: Date, entries: ExtractedEntry[]): ExtractionDoc {
  return {
    _id: `sn_${liveblogId}_${fetchedAt.getTime()}`,
    sourceId: 'src_test',
    liveblogId,
    url: `https://example.test/${liveblogId}`,
    fetchedAt,
    extractedAt: fetchedAt,
    liveblog: { title: 'Test', url: `https://example.test/${liveblogId}`, language: 'de', summary: null, publishedAt: null, modifiedAt: null },
    entries,
  };
}

export const keysOf = (x: ExtractionDoc) => x.entries.map((e) => e.key);
