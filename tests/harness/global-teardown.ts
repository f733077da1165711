/** Stops the Redis and FerretDB that global-setup.ts started and removes their temp dirs. */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__liveblogTestStack;
  globalThis.__liveblogTestStack = undefined;
  await stack?.stop();
}
