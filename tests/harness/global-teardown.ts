import { rmSync } from 'node:fs';

/** Stops the Redis, FerretDB and Redis Cluster that global-setup.ts started and removes their temp dirs. */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__liveblogTestStack;
  const cluster = globalThis.__liveblogTestCluster;
  globalThis.__liveblogTestStack = undefined;
  globalThis.__liveblogTestCluster = undefined;
  await Promise.all([stack?.stop(), cluster?.cluster.stop()]);
  if (cluster) rmSync(cluster.dir, { recursive: true, force: true });
}
