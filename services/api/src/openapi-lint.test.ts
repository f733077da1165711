import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from './openapi';
import { operations } from './operations';

interface LintReport { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] }

/**
 * The whole document, every route included, as a consumer's tool reads it: Redocly's CLI with its
 * recommended rules. Offline: telemetry and the update notice are off, and a preload refuses sockets.
 */
test('redocly lint (recommended rules) finds no error and no warning in /openapi.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(openApiDocument(operations, '1.0.0'), null, 2));
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        ['--require', join(__dirname, 'testdata', 'no-network.cjs'), cli, 'lint', '--extends=recommended', '--format=json', 'openapi.json'],
        { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' } },
        (_err, stdout) => resolve(stdout),
      );
    });
    const report = JSON.parse(output.slice(output.indexOf('{'))) as LintReport;
    const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
