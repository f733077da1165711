import type { AddressInfo } from 'node:net';
import express from 'express';
import { request } from 'undici';
import { jsonAnswer, sendAnswer } from './json-answer';

test('an answer made ahead is sent as res.json sends the same value: bytes, type, ETag and 304', async () => {
  const value = { items: [{ id: 'en_1', text: 'Straße „gesperrt“ ✓' }], next: null };
  const app = express();
  app.get('/json', (_req, res) => {
    res.json(value);
  });
  app.get('/answer', (req, res) => sendAnswer(res, jsonAnswer(req, value)));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const answers = await Promise.all(
      ['/json', '/answer'].map(async (path) => {
        const res = await request(`${base}${path}`);
        return { type: res.headers['content-type'], etag: res.headers.etag, body: await res.body.text() };
      }),
    );
    expect(answers[1]).toEqual(answers[0]);
    const again = await request(`${base}/answer`, { headers: { 'if-none-match': String(answers[0]!.etag) } });
    await again.body.dump();
    expect(again.statusCode).toBe(304);
  } finally {
    server.close();
  }
});
