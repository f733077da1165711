import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * One check of the real built program: exit status and stdout piping, which in-process tests cannot
 * see. It runs the build output, which `npm test` makes first (scripts/bootstrap.mjs).
 */
const MAIN = path.resolve(__dirname, '../dist/main.js');
const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'config/samples/sturmtief.txt');

describe('liveblog binary', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx turbo run build --filter=@liveblog/cli`);
  });

  test('parse writes the extraction to stdout and exits 0', () => {
    const result = spawnSync(process.execPath, [MAIN, 'parse', SAMPLE, '--url', 'https://example.org/x'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).liveblog.url).toBe('https://example.org/x');
  });

  test('sources is the source-management command', () => {
    const result = spawnSync(process.execPath, [MAIN, 'sources', 'list'], { encoding: 'utf8', env: { ...process.env, ADMIN_TOKEN: '' } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/token/i);
  });

  test('an unparseable file exits non-zero with one line on stderr', () => {
    const result = spawnSync(process.execPath, [MAIN, 'parse', path.join(__dirname, 'no-such-page.html')], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('npx finds the bin from the repository root, as a fresh clone has it after npm start or npm test', () => {
    // --no-install: if npm linked no bin, npx must fail here instead of asking the registry.
    const result = spawnSync('npx', ['--no-install', 'liveblog', 'parse', SAMPLE, '--url', 'https://example.org/x'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).entries.length).toBeGreaterThan(0);
  });
});
