import type { PageScore, Throughput } from './measure';

export interface ExtractorReport {
  name: string;
  scores: PageScore[];
  speed: Throughput;
}

const fixed = (value: number | null, digits = 3): string => (value === null ? 'n/a' : value.toFixed(digits));

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[][]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** Token F1 per page, with the reason when an extractor produced nothing. */
export function pageTable(reports: ExtractorReport[]): string {
  const pages = reports[0]?.scores.map((score) => score.page) ?? [];
  return table(
    ['page', ...reports.map((report) => `F1 ${report.name}`)],
    pages.map((page, i) => [
      page,
      ...reports.map((report) => {
        const score = report.scores[i];
        if (!score) return 'n/a';
        return score.failure === null ? fixed(score.f1) : `0 (${score.failure})`;
      }),
    ]),
  );
}

/**
 * The headline figures. Headline recall is averaged over pages whose truth has headlines; MB/s counts
 * only pages the extractor handled, so failures cannot make it look fast.
 */
export function summaryTable(reports: ExtractorReport[], liveblogPage: string, liveblogTruthSections: number): string {
  return table(
    ['extractor', 'mean token F1', 'mean headline recall', `sections on ${liveblogPage} (truth ${liveblogTruthSections})`, 'pages failed', 'MB/s (warm, wall)', 'MB per CPU-s'],
    reports.map((report) => [
      report.name,
      fixed(mean(report.scores.map((score) => score.f1))),
      fixed(mean(report.scores.flatMap((score) => (score.headlineRecall === null ? [] : [score.headlineRecall])))),
      String(report.scores.find((score) => score.page === liveblogPage)?.sections ?? 'n/a'),
      `${report.scores.filter((score) => score.failure !== null).length}/${report.scores.length}`,
      `${fixed(report.speed.mbPerSecond, 2)} (${report.speed.pages} pages × ${report.speed.iterations})`,
      fixed(report.speed.mbPerCpuSecond, 2),
    ]),
  );
}

function ratio(a: number | null, b: number | null): string {
  return a === null || b === null ? 'n/a' : `${(a / b).toFixed(2)}×`;
}

export function speedRatio(ours: ExtractorReport, other: ExtractorReport): string {
  const wall = ratio(ours.speed.mbPerSecond, other.speed.mbPerSecond);
  const cpu = ratio(ours.speed.mbPerCpuSecond, other.speed.mbPerCpuSecond);
  return `${ours.name} ÷ ${other.name}: ${wall} by wall-clock MB/s, ${cpu} by MB per CPU-second`;
}
