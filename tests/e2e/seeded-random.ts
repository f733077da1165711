export { SeededRandom } from '@liveblog/devstack';

/** The seed from LBI_TEST_SEED when set (to repeat a failed run), else a fresh one. */
export function testSeed(): number {
  const fromEnv = process.env.LBI_TEST_SEED;
  if (fromEnv !== undefined && fromEnv !== '') return Number.parseInt(fromEnv, 10) >>> 0;
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}
