import { existsSync } from 'node:fs';
import { redisPing } from './redis';
import { startStack } from './stack';
import { tcpAccepts } from './probes';

test('starts private Redis and FerretDB in temp dirs and removes them on stop', async () => {
  const stack = await startStack({ persistent: false });
  const redisPort = Number(new URL(stack.redisUrl).port);
  const mongoPort = Number(new URL(stack.mongodbUrl).port);
  try {
    expect(redisPort).not.toBe(6379);
    expect(await redisPing(redisPort)).toBe(true);
    expect(await tcpAccepts(mongoPort)).toBe(true);
    expect(existsSync(stack.dirs.redis as string)).toBe(true);
    expect(existsSync(stack.dirs.ferretdb as string)).toBe(true);
  } finally {
    await stack.stop();
  }
  expect(existsSync(stack.dirs.redis as string)).toBe(false);
  expect(existsSync(stack.dirs.ferretdb as string)).toBe(false);
  expect(await tcpAccepts(redisPort)).toBe(false);
  expect(await tcpAccepts(mongoPort)).toBe(false);
});

test('uses given URLs instead of starting servers', async () => {
  const stack = await startStack({ persistent: false, redisUrl: 'redis://example:1', mongodbUrl: 'mongodb://example:2/' });
  expect(stack).toMatchObject({ redisUrl: 'redis://example:1', mongodbUrl: 'mongodb://example:2/', redis: undefined, ferretdb: undefined });
  await stack.stop();
});
