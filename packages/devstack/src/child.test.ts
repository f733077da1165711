import { ManagedProcess } from './child';
import { ProcessExitedError, StartTimeoutError } from './errors';

const node = (script: string, extra: Partial<ConstructorParameters<typeof ManagedProcess>[0]> = {}): ManagedProcess =>
  new ManagedProcess({ label: 'child', command: process.execPath, args: ['-e', script], ...extra });

test('captures output lines from both streams and keeps only the last N', async () => {
  const seen: string[] = [];
  const proc = node(
    'for (let i = 1; i <= 5; i++) console.log("out " + i); console.error("err"); process.stdout.write("no newline")',
    { tailLines: 3, onLine: (line, stream) => seen.push(`${stream}:${line}`) },
  );
  expect(await proc.exited).toBe(0);
  expect(seen).toEqual(expect.arrayContaining(['stdout:out 1', 'stdout:out 5', 'stderr:err', 'stdout:no newline']));
  expect(seen).toHaveLength(7);
  expect(proc.recentLines()).toHaveLength(3);
  expect(proc.recentLines()).toContain('no newline');
  expect(proc.running).toBe(false);
});

test('stop() sends SIGTERM and lets the child exit on its own', async () => {
  const proc = node('process.on("SIGTERM", () => { console.log("bye"); process.exit(0) }); console.log("up"); setInterval(() => {}, 1000)');
  await proc.waitForLine(/^up$/, { timeoutMs: 5000 });
  expect(await proc.stop(5000)).toBe(0);
  expect(proc.recentLines()).toEqual(['up', 'bye']);
});

test('stop() escalates to SIGKILL when SIGTERM is ignored', async () => {
  const proc = node('process.on("SIGTERM", () => console.log("ignored")); console.log("up"); setInterval(() => {}, 1000)');
  await proc.waitForLine(/^up$/, { timeoutMs: 5000 });
  const began = Date.now();
  expect(await proc.stop(300)).toBeNull();
  expect(proc.exitSignal).toBe('SIGKILL');
  expect(Date.now() - began).toBeLessThan(3000);
});

test('kill() ends the child at once', async () => {
  const proc = node('setInterval(() => {}, 1000)');
  expect(await proc.kill()).toBeNull();
  expect(proc.exitSignal).toBe('SIGKILL');
});

test('waiting on a child that dies fails with its exit status and last output', async () => {
  const proc = node('console.error("boom: bad config"); process.exit(3)');
  const error = await proc.waitUntil(() => false, { timeoutMs: 5000 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProcessExitedError);
  expect((error as ProcessExitedError).code).toBe(3);
  expect((error as Error).message).toMatch(/exit code 3/);
  expect((error as Error).message).toMatch(/boom: bad config/);
});

test('waiting too long fails with StartTimeoutError', async () => {
  const proc = node('console.log("never ready"); setInterval(() => {}, 1000)');
  try {
    const error = await proc.waitUntil(() => false, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartTimeoutError);
    expect((error as Error).message).toMatch(/never ready/);
  } finally {
    await proc.stop();
  }
});

test('a command that does not exist is reported, not thrown from an event', async () => {
  const proc = new ManagedProcess({ label: 'ghost', command: 'definitely-not-a-command-xyz' });
  expect(await proc.exited).toBeNull();
  expect(proc.spawnError).toMatchObject({ code: 'ENOENT' });
  await expect(proc.waitUntil(() => true, { timeoutMs: 1000 })).rejects.toBeInstanceOf(ProcessExitedError);
  expect(await proc.stop()).toBeNull();
});
