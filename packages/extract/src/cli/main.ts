#!/usr/bin/env node
import { runCli } from './run';

// exitCode rather than exit(): stdout may still be flushing into a pipe.
process.exitCode = runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
