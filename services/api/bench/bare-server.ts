import express from 'express';

// The peer of the API in bench/api.ts: Express with one handler answering a fixed JSON body of the
// size the API answered, so that the difference is what the API does beyond HTTP and serialisation.
const body = JSON.stringify({ items: [], pad: 'x'.repeat(Math.max(0, Number(process.env.BODY_BYTES ?? 0) - 22)) });
const app = express();
app.disable('x-powered-by');
app.get('/v1/entries', (_req, res) => {
  res.type('json').send(body);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
