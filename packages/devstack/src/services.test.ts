import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { MissingBinaryError, ProcessExitedError, StartTimeoutError } from './errors';
import { freePort } from './ports';
import { startService, waitForHealthy } from './services';

/** A stand-in service: /healthz on HEALTH_PORT, logs a line, exits 0 on SIGTERM like the real ones. */
const FAKE_SERVICE = `
const http = require('node:http');
if (process.env.CRASH) { console.error('fatal: ' + process.env.CRASH); process.exit(1); }
const server = http.createServer((req, res) => { res.statusCode = req.url === '/healthz' ? 200 : 404; res.end(); });
server.listen(Number(process.env.HEALTH_PORT), '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', greeting: process.env.GREETING })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'devstack-services-test-'));
  mkdirSync(path.join(root, 'services', 'fake', 'dist'), { recursive: true });
  writeFileSync(path.join(root, 'services', 'fake', 'dist', 'main.js'), FAKE_SERVICE);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('runs a built service with env merged over ours, waits for health, stops it gracefully', async () => {
  const healthPort = await freePort();
  const lines: string[] = [];
  const proc = startService('fake', { HEALTH_PORT: String(healthPort), GREETING: 'hi' }, { root, onLine: (line) => lines.push(line) });
  try {
    await waitForHealthy(`http://127.0.0.1:${healthPort}/healthz`, { process: proc, timeoutMs: 10_000 });
    await proc.waitForLine(/listening/, { timeoutMs: 5000 });
    expect(JSON.parse(lines[0] as string)).toEqual({ msg: 'listening', greeting: 'hi' });
  } finally {
    expect(await proc.stop()).toBe(0);
  }
});

test('a service that dies while starting fails the health wait with its output', async () => {
  const proc = startService('fake', { CRASH: 'no REDIS_URL' }, { root });
  const error = await waitForHealthy('http://127.0.0.1:1/healthz', { process: proc }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProcessExitedError);
  expect((error as Error).message).toMatch(/fatal: no REDIS_URL/);
});

test('waitForHealthy without a process times out', async () => {
  const server = http.createServer((_req, res) => {
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await expect(waitForHealthy(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 300 })).rejects.toBeInstanceOf(StartTimeoutError);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('an unbuilt service is a MissingBinaryError', () => {
  expect(() => startService('nope', {}, { root })).toThrow(MissingBinaryError);
});
