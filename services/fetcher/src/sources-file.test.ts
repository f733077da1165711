import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SourcesFileError } from './errors';
import { loadSourcesFile } from './sources-file';

const dir = mkdtempSync(join(tmpdir(), 'lbi-sources-file-'));
for (const name of ['a.txt', 'b.txt', 'c.html']) writeFileSync(join(dir, name), 'x');
function file(yaml: string): string {
  const path = join(dir, `sources-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, yaml);
  return path;
}

test('paths are relative to the file, globs expand in order, a glob matching nothing is reported', () => {
  const { specs, unmatched } = loadSourcesFile(file('sources:\n  - path: ./*.txt\n    intervalSeconds: 60\n  - path: missing/*.txt\n'));
  expect(specs.map((s) => [s.url, s.name, s.kind, s.intervalSeconds])).toEqual([
    [pathToFileURL(join(dir, 'a.txt')).href, 'a.txt', 'liveblog', 60],
    [pathToFileURL(join(dir, 'b.txt')).href, 'b.txt', 'liveblog', 60],
  ]);
  expect(unmatched).toEqual(['missing/*.txt']);
});

test('an index source with its link pattern and the interval of what it discovers', () => {
  const { specs } = loadSourcesFile(
    file('sources:\n  - url: https://news.example/feed.xml\n    kind: index\n    linkPattern: /liveblog/\n    intervalSeconds: 600\n    liveblogIntervalSeconds: 60\n'),
  );
  expect(specs.map(({ name: _name, ...spec }) => spec)).toEqual([
    { url: 'https://news.example/feed.xml', kind: 'index', linkPattern: '/liveblog/', intervalSeconds: 600, liveblogIntervalSeconds: 60, render: false },
  ]);
});

test('a liveblog with extract rules and render', () => {
  const { specs } = loadSourcesFile(
    file(
      'sources:\n  - url: https://news.example/live\n    render: true\n    extract:\n      entry: article.tick\n      time: time@datetime\n      exclude: [.share, .ad]\n      timezone: Europe/Berlin\n',
    ),
  );
  expect(specs[0]).toMatchObject({ render: true, extract: { entry: 'article.tick', time: 'time@datetime', exclude: ['.share', '.ad'], timezone: 'Europe/Berlin' } });
});

test.each([
  ['an unknown rules key', 'extract:\n      entry: .tick\n      color: red', /color/],
  ['a selector that does not parse', 'extract:\n      entry: "div["', /extract\.entry/],
  ['a zone that does not exist', 'extract:\n      entry: .tick\n      timezone: Europe/Atlantis', /extract\.timezone/],
])('%s is refused with a message naming it', (_name, yaml, message) => {
  expect(() => loadSourcesFile(file(`sources:\n  - url: https://news.example/live\n    ${yaml}\n`))).toThrow(message);
});

test.each([
  ['an unknown field', 'sources:\n  - url: https://news.example/\n    colour: red\n', /colour/],
  ['a bad interval', 'sources:\n  - url: https://news.example/\n    intervalSeconds: 1\n', /intervalSeconds/],
  ['an ftp URL', 'sources:\n  - url: ftp://news.example/x\n', /only http\(s\):\/\/ and file:\/\//],
  ['a pattern on a liveblog', 'sources:\n  - url: https://news.example/\n    linkPattern: x\n', /linkPattern applies to index sources only/],
  ['an invalid pattern', 'sources:\n  - url: https://news.example/\n    kind: index\n    linkPattern: "("\n', /valid regular expression/],
  ['neither url nor path', 'sources:\n  - name: nothing\n', /sources/],
  ['not YAML', 'sources: [\n', /cannot read sources file/],
])('%s is refused with a message naming it', (_name, yaml, message) => {
  expect(() => loadSourcesFile(file(yaml))).toThrow(SourcesFileError);
  expect(() => loadSourcesFile(file(yaml))).toThrow(message);
});
