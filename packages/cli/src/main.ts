#!/usr/bin/env node
import { runCli } from '@liveblog/extract';
import { runSourcesCommand } from '@liveblog/sources';
import { runExportCommand } from './export-command';
import { runReadCommand } from './read-command';

/**
 * `liveblog sources …` manages sources through the admin API; `entries` and `follow` read the API;
 * `export` streams an export to a file or stdout; every other command (`parse`, `--help`) belongs to the
 * extraction library. Exit codes are set rather than exit() called: stdout may still be flushing into a pipe.
 */
const argv = process.argv.slice(2);
if (argv[0] === 'entries' || argv[0] === 'follow') {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  void runReadCommand(argv[0], argv.slice(1), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    signal: stop.signal,
  }).then((code) => {
    process.exitCode = code;
  });
} else if (argv[0] === 'export') {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  void runExportCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal }).then((code) => {
    process.exitCode = code;
  });
} else if (argv[0] === 'sources') {
  void runSourcesCommand(argv.slice(1), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
} else {
  process.exitCode = runCli(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
