import { cpus } from 'node:os';
import { loadFixtures } from '../src/evaluation/fixtures';
import { ours, readabilityJsdom, readabilityLinkedom } from './extractors';
import { score, throughput } from './measure';
import { type ExtractorReport, pageTable, speedRatio, summaryTable } from './report';

/**
 * Extraction benchmark: liveblog-ingest's extract() against @mozilla/readability (on jsdom and on
 * linkedom), on the shared fixture pages with ground truth, in one run. Prints markdown.
 */
function main(): void {
  const fixtures = loadFixtures();
  const liveblog = fixtures.find((fixture) => fixture.truth.liveblog);

  const reports: ExtractorReport[] = [ours, readabilityJsdom, readabilityLinkedom].map((extractor) => {
    const scores = score(extractor, fixtures);
    const handled = fixtures.filter((_, i) => scores[i]?.failure === null);
    return { name: extractor.name, scores, speed: throughput(extractor, handled) };
  });
  const [mine, ...others] = reports;
  if (!mine) return;

  const cpu = cpus();
  console.log(`# Extraction benchmark, ${new Date().toISOString()}`);
  console.log(`Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${fixtures.length} pages, ${(fixtures.reduce((sum, f) => sum + f.html.byteLength, 0) / 1e6).toFixed(2)} MB decoded HTML\n`);
  console.log(summaryTable(reports, liveblog?.name ?? 'n/a', liveblog?.truth.sections.length ?? 0));
  console.log('');
  for (const other of others) console.log(`- ${speedRatio(mine, other)}`);
  console.log('\n## Token F1 per page\n');
  console.log(pageTable(reports));
}

main();
