import { decodePage } from '../decode/decode-page';
import { extract } from '../extract';
import { loadFixtures } from './fixtures';

// The pipeline relies on it: a replayed parse job must write the same document and the same dedup job.
describe('extraction is deterministic on every fixture page', () => {
  test.each(loadFixtures().map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
    const once = (): string => {
      try {
        return JSON.stringify(extract({ body: decodePage(Buffer.from(fixture.html)), url: fixture.truth.url }));
      } catch (err) {
        return `threw ${String(err)}`;
      }
    };
    expect(once()).toBe(once());
  });
});
