import { createServer } from 'node:http';
import { DRAWN, ENTRIES } from '../src/render/testdata/pages';

/**
 * The benchmark's publisher, in a process of its own so that its CPU time is not the fetcher's.
 * /s/N serves a 50 KB page. After GET /round/2, even pages answer a matching If-None-Match with 304 and
 * odd pages have new content: the 200/304 mix of a real polling round. /drawn/N is a page whose entries
 * a script draws from /entries.json, for the rendered fetches.
 */
const page = (n: number, round: number) => Buffer.from(`<p>Seite ${n}, Runde ${round}.</p>`.padEnd(50_000, ' Eintrag.'));
let round = 1;
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/round/2') return void ((round = 2), res.end('ok'));
  if (url === '/robots.txt') return void res.writeHead(404).end();
  if (url === '/entries.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ENTRIES));
  if (url.startsWith('/drawn/')) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(DRAWN);
  const n = Number(url.slice(3));
  const version = round === 2 && n % 2 === 0 ? 1 : round;
  const etag = `"v${version}"`;
  if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
  res.writeHead(200, { 'content-type': 'text/plain', etag }).end(page(n, version));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : ''}\n`);
});
