import type { ReadingChoice, ReadingMeasure } from '../html/readings';

const COLUMNS = ['reading', 'entries', 'text chars', 'share', 'link density', 'repetition', 'doubts'] as const;

/** `liveblog parse --explain` as text: one row per reading considered, then the one chosen and why. */
export function explainText(choice: ReadingChoice | null): string {
  if (choice === null) return 'a text dump is read one way only: there are no readings to choose among\n';
  const rows = choice.considered.map(row);
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [
    `visible prose on the page: ${choice.visibleChars} chars (paragraph text outside links)`,
    line(COLUMNS),
    ...rows.map(line),
    `chosen: ${choice.chosen.kind}, because ${choice.reason}`,
    '',
  ].join('\n');
}

function row(measure: ReadingMeasure): string[] {
  return [
    measure.kind,
    String(measure.entries),
    String(measure.textChars),
    measure.share.toFixed(2),
    measure.linkDensity.toFixed(2),
    measure.repetition.toFixed(2),
    measure.doubts.length === 0 ? '-' : measure.doubts.join('; '),
  ];
}
