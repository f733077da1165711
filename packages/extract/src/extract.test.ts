import { Extraction } from '@liveblog/contracts';
import { EmptyDocumentError, ExtractionError, UnsupportedFormatError, extract } from './index';
import { readTestdata } from './testdata/seeds';

const URL = 'https://example.org/liveblog';

describe('errors', () => {
  test.each(['', '   ', '\n\n\t\n', '\uFEFF'])('empty body %j → EmptyDocumentError', (body) => {
    expect(() => extract({ body, url: URL })).toThrow(EmptyDocumentError);
  });

  test('nothing but navigation → EmptyDocumentError', () => {
    expect(() => extract({ body: 'Headlines\n\nJetzt weiterlesen!', url: URL })).toThrow(EmptyDocumentError);
  });

  test.each([
    ['JSON', '{"entries": []}', undefined, 'json'],
    ['binary', '\u0000\u0001PK\u0003\u0004garbage', 'application/octet-stream', 'binary'],
    ['mis-decoded bytes', '\uFFFD\uFFFD\u0007\uFFFDx\uFFFD\u0002\uFFFD'.repeat(100), undefined, 'binary'],
  ])('%s → UnsupportedFormatError', (_name, body, contentType, format) => {
    let error: unknown;
    try {
      extract({ body, url: URL, contentType });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedFormatError);
    expect(error).toBeInstanceOf(ExtractionError);
    expect((error as UnsupportedFormatError).format).toBe(format);
  });

  test('a non-string body is rejected, not crashed on', () => {
    expect(() => extract({ body: Buffer.from('x') as unknown as string, url: URL })).toThrow(UnsupportedFormatError);
  });
});

describe('robustness', () => {
  /** A tiny deterministic generator so that the fuzz cases are the same on every run. */
  function* randomStrings(count: number): Generator<string> {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = ['a', 'Z', ' ', '\n', '\n\n', '.', '(', ')', 'dpa', '/', '++', 'date 2024-10 ', 'liveblog', 'Stand: ', '1', ':', '„', '“', 'Foto:', '\t', 'ü', '?'];
    for (let i = 0; i < count; i++) {
      let s = '';
      const length = next() % 60;
      for (let j = 0; j < length; j++) s += alphabet[next() % alphabet.length];
      yield s;
    }
  }

  test('any string gives a valid extraction or an ExtractionError', () => {
    for (const body of randomStrings(2000)) {
      try {
        Extraction.parse(extract({ body, url: URL }));
      } catch (e) {
        expect(e).toBeInstanceOf(ExtractionError);
      }
    }
  });

  test('a single line of text is one entry', () => {
    const result = extract({ body: 'Nur ein Satz.', url: URL });
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]?.text).toBe('Nur ein Satz.');
  });

  test('html output is escaped', () => {
    const body = 'Überschrift mit <b> & "Zitat"\n\nEin Absatz mit <script>alert(1)</script> & "Anführungszeichen" und mehr.';
    const [entry] = extract({ body, url: URL }).entries;
    expect(entry?.headline).toBe('Überschrift mit <b> & "Zitat"');
    expect(entry?.html).toBe('<p>Ein Absatz mit &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Anführungszeichen&quot; und mehr.</p>');
  });
});

describe('performance', () => {
  const MB = 1024 * 1024;
  const sample = readTestdata('sturmtief.txt');
  const [dateLine, ...rest] = sample.split('\n');
  const body = rest.join('\n');

  function timed(input: string): number {
    const started = performance.now();
    try {
      extract({ body: input, url: URL });
    } catch (e) {
      expect(e).toBeInstanceOf(ExtractionError);
    }
    return performance.now() - started;
  }

  /**
   * A hang guard, not a speed claim (speed is measured by bench:extract): a catastrophic regex or a
   * quadratic step on 20 MB takes minutes, far past this budget, even on a loaded machine.
   */
  const HANG_GUARD_MS = 15_000;

  // Inputs are built per test: all of them at once would hold over 100 MB while the timers run.
  test.each<[string, () => string]>([
    ['a realistic 20 MB liveblog dump', () => `${dateLine}\n${body.repeat(Math.ceil((20 * MB) / body.length))}`],
    ['one 20 MB line', () => 'Wort '.repeat((20 * MB) / 5)],
    ['20 MB of parentheses', () => '('.repeat(10 * MB) + ')'.repeat(10 * MB)],
    [
      'a pull quote beside 2 MB of dots',
      () => `Ein Zitat, das wiederholt wird.\nName, Rolle\nEin Zitat, das wiederholt wird ${'. '.repeat(MB)}x`,
    ],
    ['20 MB of credit-like parentheses', () => 'Text (a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t)\n'.repeat((20 * MB) / 48)],
    ['20 MB of opening quotes', () => '\u201e'.repeat(20 * MB)],
  ])('%s finishes without hanging', (_name, input) => {
    expect(timed(input())).toBeLessThan(HANG_GUARD_MS);
  }, HANG_GUARD_MS * 2);

  /**
   * Millions of tiny lines cost a few seconds per 20 MB (mostly garbage collection of the units), so
   * these shapes are checked for linear growth: a quadratic step would make 10× the input 100× slower.
   */
  test.each([
    ['tiny lines', 'a.\nb, c\n'],
    ['headline-shaped lines', 'Kurze Zeile\n\nNoch eine Zeile ohne Punkt\n\n'],
    ['pull-quote-shaped lines', 'Ein Zitat, das wiederholt wird.\nName, Rolle\nEin Zitat, das wiederholt wird. Und mehr.\n'],
  ])('%s scale linearly', (_name, chunk) => {
    const small = timed(chunk.repeat(Math.ceil((2 * MB) / chunk.length)));
    const large = timed(chunk.repeat(Math.ceil((20 * MB) / chunk.length)));
    expect(large).toBeLessThan(20 * small + 1000);
  }, 60_000);
});
