import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MissingBinaryError, ProcessExitedError } from './errors';
import { freePort } from './ports';
import { redisCommand, redisPing, startRedis } from './redis';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'devstack-redis-test-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('starts a private redis that answers PING, and stops it', async () => {
  const port = await freePort();
  const redis = await startRedis({ port, dir, appendOnly: false });
  try {
    expect(redis.url).toBe(`redis://127.0.0.1:${port}`);
    expect(redis.pid).toBeGreaterThan(0);
    expect(await redisPing(port)).toBe(true);
    expect(await redisCommand(port, ['CONFIG', 'GET', 'maxmemory-policy'])).toBe('*2');
  } finally {
    await redis.stop();
  }
  expect(redis.process.exitCode).toBe(0);
  await expect(redisPing(port)).rejects.toThrow();
});

test('with appendOnly, data survives a restart on the same directory', async () => {
  const first = await startRedis({ port: await freePort(), dir });
  const port = Number(new URL(first.url).port);
  expect(await redisCommand(port, ['SET', 'greeting', 'hello'])).toBe('+OK');
  await first.stop();

  const second = await startRedis({ port: await freePort(), dir });
  try {
    expect(await redisCommand(Number(new URL(second.url).port), ['GET', 'greeting'])).toBe('hello');
  } finally {
    await second.stop();
  }
});

test('a restart that loads a big append-only file is waited for past the start timeout while its log says it is loading', async () => {
  const args = ['--enable-debug-command', 'yes'];
  const first = await startRedis({ port: await freePort(), dir, extraArgs: args });
  const port = Number(new URL(first.url).port);
  expect(await redisCommand(port, ['DEBUG', 'POPULATE', '3000000'], '127.0.0.1', 30_000)).toBe('+OK');
  // POPULATE bypasses the append-only log: a rewrite puts the keys into its base file.
  await redisCommand(port, ['BGREWRITEAOF']);
  while (!(await redisCommand(port, ['INFO', 'persistence'])).includes('aof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0')) await new Promise((r) => setTimeout(r, 100));
  await first.stop();

  // Long enough for the server to start loading even on a busy machine, far shorter than loading 3M keys (~3 s).
  const second = await startRedis({ port: await freePort(), dir, extraArgs: args, startTimeoutMs: 1_000 });
  try {
    expect(await redisCommand(Number(new URL(second.url).port), ['DBSIZE'])).toBe(':3000000');
  } finally {
    await second.stop();
  }
}, 60_000);

test('fails with its output when the port is taken', async () => {
  const blocker = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const error = await startRedis({ port, dir, appendOnly: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessExitedError);
    expect((error as Error).message).toMatch(/Address already in use/);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('a missing binary is a MissingBinaryError', async () => {
  await expect(startRedis({ port: await freePort(), dir, binary: 'no-such-redis-server' })).rejects.toBeInstanceOf(MissingBinaryError);
});
