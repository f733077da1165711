import { ManagedProcess } from './child';
import { Supervisor, type ExitReport } from './supervisor';

const node = (script: string): ManagedProcess =>
  new ManagedProcess({ label: 'worker', command: process.execPath, args: ['-e', script] });

test('restarts a process that dies, with growing backoff, until stopped', async () => {
  const exits: ExitReport[] = [];
  let starts = 0;
  const supervisor = new Supervisor({ minBackoffMs: 50, maxBackoffMs: 400, onExit: (report) => exits.push(report) });
  supervisor.add('crashy', () => {
    starts++;
    return node('console.error("crash " + Date.now()); process.exit(2)');
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await supervisor.stopAll();
  const startsAtStop = starts;

  expect(starts).toBeGreaterThanOrEqual(3);
  expect(exits[0]).toMatchObject({ name: 'crashy', code: 2, restartInMs: 50 });
  expect(exits[0]?.tail.join('\n')).toMatch(/crash/);
  expect(exits[1]?.restartInMs).toBe(100);
  expect(exits[2]?.restartInMs).toBe(200);
  expect(Math.max(...exits.map((exit) => exit.restartInMs))).toBeLessThanOrEqual(400);

  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(starts).toBe(startsAtStop);
});

test('stopAll stops running processes without restarting them', async () => {
  const exits: ExitReport[] = [];
  const supervisor = new Supervisor({ minBackoffMs: 10, onExit: (report) => exits.push(report) });
  const proc = supervisor.add('steady', () =>
    node('process.on("SIGTERM", () => process.exit(0)); console.log("ready"); setInterval(() => {}, 1000)'),
  );
  expect(supervisor.current('steady')).toBe(proc);
  await proc.waitForLine(/^ready$/, { timeoutMs: 5000 });
  await supervisor.stopAll();
  expect(proc.exitCode).toBe(0);
  expect(exits).toEqual([]);
});

test('a restart whose start() throws is retried', async () => {
  let calls = 0;
  const exits: ExitReport[] = [];
  const supervisor = new Supervisor({ minBackoffMs: 20, onExit: (report) => exits.push(report) });
  supervisor.add('flaky', () => {
    calls++;
    if (calls === 2) throw new Error('dist/main.js is being rebuilt');
    return node(calls === 1 ? 'process.exit(1)' : 'process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000)');
  });
  for (let i = 0; i < 100 && calls < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(calls).toBe(3);
  expect(exits[1]?.error?.message).toMatch(/being rebuilt/);
  expect(supervisor.current('flaky')?.running).toBe(true);
  await supervisor.stopAll();
});
