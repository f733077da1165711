import { addCounts, snippetScores } from '../src/evaluation/score';
import type { Throughput } from './measure';
import type { PageScore, SetName } from './sets';

/** One extractor's scores on one page set (or a half of it). */
export interface ContenderScores {
  extractor: string;
  scores: PageScore[];
}

const fixed = (value: number | null, digits = 3): string => (value === null ? 'n/a' : value.toFixed(digits));

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The set's figure: the mean of page F1, or for snippets the F1 of the counts pooled over all pages. */
export function setF1(set: SetName, scores: readonly PageScore[]): number | null {
  if (set !== 'snippets') return mean(scores.map((score) => score.f1));
  return scores.length === 0 ? null : snippetScores(pooled(scores)).f1;
}

function pooled(scores: readonly PageScore[]) {
  return scores.reduce((sum, score) => (score.counts ? addCounts(sum, score.counts) : sum), { truePositives: 0, falseNegatives: 0, falsePositives: 0 });
}

/** Averaged over pages whose truth has headlines: a page without any has nothing to find. */
function meanHeadlineRecall(scores: readonly PageScore[]): number | null {
  return mean(scores.flatMap((score) => (score.headlineRecall === null ? [] : [score.headlineRecall])));
}

/** Pages where ours falls apart where the peer does well: ours below 0.5, go-trafilatura at 0.9 or more. */
export function collapses(ours: readonly PageScore[], peer: readonly PageScore[]): PageScore[] {
  const peerF1 = new Map(peer.map((score) => [score.page, score.f1]));
  return ours.filter((score) => score.f1 < 0.5 && (peerF1.get(score.page) ?? 0) >= 0.9);
}

/** Pages read as a liveblog (two or more entries with their own time) whose truth has no timed entries. */
export function misreadAsLiveblog(scores: readonly PageScore[]): PageScore[] {
  return scores.filter((score) => score.untimed && score.timedEntries >= 2);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** A slice of a set to report on: a half, the whole, or a group within either. */
export interface Slice {
  label: string;
  keep(score: PageScore): boolean;
}

/**
 * One row per slice of a set: F1 (the set's metric) mean and median, then for the fixture sets headline
 * recall and for snippets pooled precision / recall, empty pages, collapses and liveblog misreads of
 * ours. Contenders are in the order given, ours first and go-trafilatura second.
 */
export function setTable(set: SetName, contenders: readonly ContenderScores[], slices: readonly Slice[]): string {
  const names = contenders.map((contender) => contender.extractor).join(' / ');
  const extra = set === 'snippets' ? `P / R (${names})` : set === 'pages' || set === 'corpus' ? `headline recall (${names})` : null;
  const header = ['slice', 'pages', `F1 (${names})`, `median F1 (${names})`, ...(extra ? [extra] : []), `empty (${names})`, 'collapses', 'read as liveblog, untimed truth'];
  const rows = slices.flatMap((slice) => {
    const per = contenders.map((contender) => contender.scores.filter(slice.keep));
    const [ours, peer] = per;
    if (!ours || ours.length === 0) return [];
    const joined = (figure: (scores: PageScore[]) => string): string => per.map(figure).join(' / ');
    const extraCell =
      set === 'snippets'
        ? joined((scores) => {
            const { precision, recall } = snippetScores(pooled(scores));
            return `${fixed(precision)}, ${fixed(recall)}`;
          })
        : joined((scores) => fixed(meanHeadlineRecall(scores)));
    return [
      [
        slice.label,
        String(ours.length),
        joined((scores) => fixed(setF1(set, scores))),
        joined((scores) => fixed(median(scores.map((score) => score.f1)))),
        ...(extra ? [extraCell] : []),
        joined((scores) => String(scores.filter((score) => score.empty).length)),
        peer ? String(collapses(ours, peer).length) : 'n/a',
        String(misreadAsLiveblog(ours).length),
      ],
    ];
  });
  return table(header, rows);
}

export interface SpeedReport {
  extractor: string;
  speed: Throughput;
}

/** Throughput per extractor on the timed pages, with ratios of ours against each other. */
export function speedLine(speeds: readonly SpeedReport[], sample: string): string {
  const [ours] = speeds;
  const figures = speeds.map(
    ({ extractor, speed }) =>
      `${extractor} ${fixed(speed.mbPerSecond, 2)} MB/s (${fixed(speed.mbPerCpuSecond, 2)} per CPU-s, ${speed.iterations} passes)`,
  );
  const ratios = ours
    ? speeds.slice(1).map(({ extractor, speed }) =>
        speed.mbPerSecond === null || ours.speed.mbPerSecond === null ? `vs ${extractor} n/a` : `${(ours.speed.mbPerSecond / speed.mbPerSecond).toFixed(2)}× ${extractor}`,
      )
    : [];
  return `MB/s, warm, on ${sample}: ${figures.join('; ')}. Ours: ${ratios.join(', ')}.`;
}

/** Entries found against the truth's sections on the live pages, with the share off. */
export function entryCountTable(contenders: readonly ContenderScores[], truth: ReadonlyMap<string, number>): string {
  const rows = [...truth].map(([page, wanted]) => [
    page,
    String(wanted),
    ...contenders.map((contender) => {
      const found = contender.scores.find((score) => score.page === page)?.sections;
      if (found === undefined) return 'n/a';
      const off = Math.round((found / wanted - 1) * 100);
      return `${found} (${off > 0 ? '+' : ''}${off}%)`;
    }),
  ]);
  return table(['page', 'truth sections', ...contenders.map((contender) => contender.extractor)], rows);
}
