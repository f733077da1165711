import net from 'node:net';
import { freePort, isPortFree } from './ports';

test('freePort returns a port that can be bound on 127.0.0.1', async () => {
  const port = await freePort();
  expect(port).toBeGreaterThan(1024);
  expect(port).toBeLessThan(65_536);
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
});

test('isPortFree tells a taken port from a free one', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const taken = (server.address() as net.AddressInfo).port;
  try {
    expect(await isPortFree(taken)).toBe(false);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(await isPortFree(taken)).toBe(true);
});
