import type { CorpusEntry } from './corpus';

/** What outlets do to agency copy before publishing it: each yields the same story in other words. */
export type TransformName = 'agency-lead' | 'shortened' | 'reheadlined' | 'reordered' | 'corrected' | 'agency-rewrite';

export type Variant = Pick<CorpusEntry, 'headline' | 'paragraphs'>;

// Invented sentences and headlines of our own (no third-party text), picked by entry index.
const LEADS = [
  'Die Lage bleibt nach übereinstimmenden Berichten unübersichtlich.',
  'Das meldete eine Nachrichtenagentur am Abend unter Berufung auf Behördenkreise.',
  'Neue Einzelheiten wurden am Vormittag bekannt.',
  'Die Meldung sorgte umgehend für Reaktionen.',
];
const HEADLINES = ['Das Wichtigste in Kürze', 'Neue Entwicklungen am Abend', 'Was bisher bekannt ist', 'Der Überblick'];

const SENTENCE_END = /(?<=[.!?“"])\s+(?=[A-ZÄÖÜ„"])/;

function sentences(paragraph: string): string[] {
  return paragraph.split(SENTENCE_END);
}

function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length] as T;
}

/** Agency copy with its own opening: the first sentence is replaced, a dateline credit added. */
function agencyLead(entry: Variant, index: number): Variant {
  const [first = '', ...rest] = entry.paragraphs;
  const body = sentences(first).slice(1);
  const opened = `Berlin (dpa) - ${pick(LEADS, index)} ${body.join(' ')}`.trim();
  return { headline: entry.headline, paragraphs: [opened, ...rest] };
}

/** Trimmed to fit: the last paragraph goes, or the last sentence when there is only one paragraph. */
function shortened(entry: Variant): Variant {
  if (entry.paragraphs.length > 1) return { headline: entry.headline, paragraphs: entry.paragraphs.slice(0, -1) };
  const only = sentences(entry.paragraphs[0] ?? '');
  return { headline: entry.headline, paragraphs: [only.slice(0, Math.max(1, only.length - 1)).join(' ')] };
}

function reheadlined(entry: Variant, index: number): Variant {
  return { headline: pick(HEADLINES, index), paragraphs: entry.paragraphs };
}

/** Paragraphs rotated by one (sentences, for a one-paragraph entry): the same facts in another order. */
function reordered(entry: Variant): Variant {
  const rotate = (items: string[]): string[] => [...items.slice(1), ...items.slice(0, 1)];
  if (entry.paragraphs.length > 1) return { headline: entry.headline, paragraphs: rotate(entry.paragraphs) };
  return { headline: entry.headline, paragraphs: [rotate(sentences(entry.paragraphs[0] ?? '')).join(' ')] };
}

/** A one-word correction: the middle word of five letters or more gets an invented replacement. */
function corrected(entry: Variant): Variant {
  const text = entry.paragraphs.join('\n\n');
  const words = [...text.matchAll(/\p{L}{5,}/gu)];
  const target = words[Math.floor(words.length / 2)];
  if (!target || target.index === undefined) return entry;
  const fixed = text.slice(0, target.index) + 'Korrektur' + text.slice(target.index + target[0].length);
  return { headline: entry.headline, paragraphs: fixed.split('\n\n') };
}

/** The usual chain for agency copy: new opening, trimmed end, own headline. */
function agencyRewrite(entry: Variant, index: number): Variant {
  return reheadlined(shortened(agencyLead(entry, index)), index + 1);
}

export const TRANSFORMS: Record<TransformName, (entry: Variant, index: number) => Variant> = {
  'agency-lead': agencyLead,
  shortened,
  reheadlined,
  reordered,
  corrected,
  'agency-rewrite': agencyRewrite,
};
