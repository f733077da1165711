import { Registry } from 'prom-client';
import { registerDependencyGauge } from './health';

test('liveblog_dependency_up reports each dependency by its readiness check at scrape time', async () => {
  const registry = new Registry();
  let mongodbUp = true;
  registerDependencyGauge(registry, {
    redis: async () => {},
    mongodb: async () => {
      if (!mongodbUp) throw new Error('connection refused');
    },
  });
  const value = async (dependency: string) => new RegExp(`liveblog_dependency_up\\{dependency="${dependency}"\\} (\\d)`).exec(await registry.metrics())?.[1];
  expect([await value('redis'), await value('mongodb')]).toEqual(['1', '1']);
  mongodbUp = false;
  expect([await value('redis'), await value('mongodb')]).toEqual(['1', '0']);
});
