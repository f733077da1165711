import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, USAGE } from './args';
import { runBatch } from './batch';
import { errorMessage } from './messages';
import { explainText } from './explain';
import { explainFile, parseFile, parseFileWithRules } from './parse-file';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The whole CLI as a function of its arguments, so tests run it in-process. Returns the exit status. */
export function runCli(argv: readonly string[], io: Io): number {
  const command = parseArgs(argv);
  switch (command.kind) {
    case 'help':
      io.stdout(`${USAGE}\n`);
      return 0;
    case 'usage-error':
      io.stderr(`liveblog: ${command.message}\n${USAGE}\n`);
      return 2;
    case 'parse':
      try {
        if (command.explain) {
          io.stdout(explainText(explainFile(command.file, command.url)));
          return 0;
        }
        if (command.rules === null) {
          io.stdout(`${JSON.stringify(parseFile(command.file, command.url))}\n`);
          return 0;
        }
        const { extraction, readBy } = parseFileWithRules(command.file, command.url, command.rules);
        if (readBy === 'generic-fallback') io.stderr('liveblog: the rules\' entry selector matched nothing; read generically\n');
        io.stdout(`${JSON.stringify(extraction)}\n`);
        return 0;
      } catch (err) {
        io.stderr(`liveblog: cannot parse ${command.file}: ${oneLine(errorMessage(err))}\n`);
        return 1;
      }
    case 'batch': {
      let manifestText: string;
      try {
        manifestText = readFileSync(command.manifest, 'utf8');
      } catch (err) {
        io.stderr(`liveblog: cannot read manifest ${command.manifest}: ${oneLine(errorMessage(err))}\n`);
        return 1;
      }
      runBatch(manifestText, path.dirname(command.manifest), (line) => io.stdout(`${line}\n`));
      return 0;
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
