import type { PageScore, Throughput } from './measure';

/** One extractor's figures on one page set. */
export interface SetReport {
  set: string;
  extractor: string;
  scores: PageScore[];
  speed: Throughput;
}

const fixed = (value: number | null, digits = 3): string => (value === null ? 'n/a' : value.toFixed(digits));

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function meanF1(scores: readonly PageScore[]): number | null {
  return mean(scores.map((score) => score.f1));
}

/** Averaged over pages whose truth has headlines: a page without any has nothing to find. */
export function meanHeadlineRecall(scores: readonly PageScore[]): number | null {
  return mean(scores.flatMap((score) => (score.headlineRecall === null ? [] : [score.headlineRecall])));
}

/** A page gives no entry when the extractor failed on it or returned nothing. */
export function pagesWithoutEntry(scores: readonly PageScore[]): number {
  return scores.filter((score) => score.failure !== null || score.sections === 0).length;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[][]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** The headline figures, one row per page set and extractor. MB/s counts only pages the extractor handled. */
export function summaryTable(reports: readonly SetReport[]): string {
  return table(
    ['pages', 'extractor', 'mean token F1', 'mean headline recall', 'pages with no entry', 'MB/s (warm, wall)', 'MB per CPU-s'],
    reports.map((report) => [
      `${report.set} (${report.scores.length})`,
      report.extractor,
      fixed(meanF1(report.scores)),
      fixed(meanHeadlineRecall(report.scores)),
      `${pagesWithoutEntry(report.scores)}/${report.scores.length}`,
      `${fixed(report.speed.mbPerSecond, 2)} (${report.speed.pages} pages × ${report.speed.iterations})`,
      fixed(report.speed.mbPerCpuSecond, 2),
    ]),
  );
}

function ratio(a: number | null, b: number | null): string {
  return a === null || b === null ? 'n/a' : `${(a / b).toFixed(2)}×`;
}

function difference(a: number | null, b: number | null): string {
  return a === null || b === null ? 'n/a' : `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(3)}`;
}

/** Ours against another extractor on the same pages: accuracy as differences, speed as ratios. */
export function comparison(ours: SetReport, other: SetReport): string {
  return (
    `${ours.set}: ${ours.extractor} vs ${other.extractor}: token F1 ${difference(meanF1(ours.scores), meanF1(other.scores))}, ` +
    `headline recall ${difference(meanHeadlineRecall(ours.scores), meanHeadlineRecall(other.scores))}, ` +
    `${ratio(ours.speed.mbPerSecond, other.speed.mbPerSecond)} by wall-clock MB/s, ` +
    `${ratio(ours.speed.mbPerCpuSecond, other.speed.mbPerCpuSecond)} by MB per CPU-second`
  );
}

/** Entries found against the truth's sections on the live pages, with the share off. */
export function entryCountTable(reports: readonly SetReport[], truth: ReadonlyMap<string, number>): string {
  const rows: string[][] = [];
  for (const [page, wanted] of truth) {
    rows.push([
      page,
      String(wanted),
      ...reports.map((report) => {
        const found = report.scores.find((score) => score.page === page)?.sections;
        if (found === undefined) return 'n/a';
        const off = Math.round((found / wanted - 1) * 100);
        return `${found} (${off > 0 ? '+' : ''}${off}%)`;
      }),
    ]);
  }
  return table(['page', 'truth sections', ...reports.map((report) => report.extractor)], rows);
}

/** Token F1 per page, with the reason when an extractor produced nothing. */
export function pageTable(reports: readonly SetReport[]): string {
  const pages = reports[0]?.scores.map((score) => score.page) ?? [];
  return table(
    ['page', ...reports.map((report) => `F1 ${report.extractor}`)],
    pages.map((page, i) => [
      page,
      ...reports.map((report) => {
        const score = report.scores[i];
        if (!score) return 'n/a';
        return score.failure === null ? fixed(score.f1) : `0 (${score.failure.slice(0, 40)})`;
      }),
    ]),
  );
}
