import { gzipSync } from 'node:zlib';
import { extractSnapshot } from './extract-snapshot';

// An invented liveblog page, stored as a legacy server would send it: windows-1252 bytes.
const PAGE = `<!doctype html>
<html lang="de"><head><title>Sturmtief Xaver: Fähren fallen aus – der Liveblog</title></head>
<body><main><h1>Sturmtief Xaver: Fähren fallen aus – der Liveblog</h1>
<article><h2>Fähren zu den Inseln fallen aus</h2><p>Die Reedereien haben alle Fahrten für Dienstag gestrichen. Grund sind Böen über 100 km/h. (dpa)</p></article>
<article><h2>Bahn stellt Fernverkehr im Norden ein</h2><p>Zwischen Hamburg und Flensburg fährt bis auf Weiteres kein Fernzug. „Wir bitten um Verständnis“, so die Bahn. (afp)</p></article>
</main></body></html>`;
const WINDOWS_1252: Record<string, number> = { '–': 0x96, '„': 0x84, '“': 0x93 };
const bytes = Buffer.from(Array.from(PAGE, (c) => WINDOWS_1252[c] ?? c.charCodeAt(0)));

const snapshot = {
  body: bytes,
  url: 'https://example.org/sturmtief-xaver',
  contentType: 'text/html; charset=windows-1252',
  fetchedAt: new Date('2025-01-14T17:05:00Z'),
};

describe('extractSnapshot', () => {
  const first = JSON.stringify(extractSnapshot(snapshot).extraction);

  test('decodes the declared charset instead of reading every page as UTF-8', () => {
    expect(first).toContain('Fähren');
    expect(first).toContain('„Wir bitten um Verständnis“');
    expect(first).not.toContain('\uFFFD');
  });

  test('re-parsing the same bytes gives byte-identical JSON', () => {
    expect(JSON.stringify(extractSnapshot({ ...snapshot, body: Buffer.from(bytes) }).extraction)).toBe(first);
  });

  test('a fresh copy of the library gives byte-identical JSON (no hidden module state)', () => {
    jest.isolateModules(() => {
      const fresh = jest.requireActual<typeof import('./extract-snapshot')>('./extract-snapshot');
      expect(JSON.stringify(fresh.extractSnapshot(snapshot).extraction)).toBe(first);
    });
  });

  test.each([
    ['claims UTF-8 for its windows-1252 bytes', 'text/html; charset=utf-8', bytes],
    ['claims windows-1252 for UTF-8 bytes', 'text/html; charset=windows-1252', Buffer.from(PAGE)],
    ['declares nothing', null, bytes],
  ])('a page that %s still reads right', (_name, contentType, body) => {
    expect(JSON.stringify(extractSnapshot({ ...snapshot, contentType, body }).extraction)).toBe(first);
  });

  test('a body that is still gzip-compressed gives the same JSON', () => {
    expect(JSON.stringify(extractSnapshot({ ...snapshot, body: gzipSync(bytes) }).extraction)).toBe(first);
  });
});
