/**
 * Runs once, in jest's parent process, before any test file: one private Redis and one FerretDB (fresh temp
 * dirs, free ports) for the whole run. Their URLs go into process.env, which the test workers inherit;
 * read them through `testEnv()` (./env.ts). global-teardown.ts stops both.
 */
import { startStack, type Stack } from '../../packages/devstack/src/index';

declare global {
  // Shared with global-teardown.ts, which runs in the same process.
  var __liveblogTestStack: Stack | undefined;
}

export default async function globalSetup(): Promise<void> {
  const stack = await startStack({ persistent: false, appendOnly: false });
  globalThis.__liveblogTestStack = stack;
  process.env.REDIS_URL = stack.redisUrl;
  process.env.MONGODB_URL = stack.mongodbUrl;
}
