/** What the command line asks for. Usage mistakes are a value, so the caller decides how to report them. */
export type Command =
  | { kind: 'help' }
  | { kind: 'parse'; file: string; url: string | null; rules: string | null; explain: boolean }
  | { kind: 'batch'; manifest: string }
  | { kind: 'usage-error'; message: string };

export const USAGE = `Usage:
  liveblog parse FILE [--url URL] [--rules RULES.json]
                                     extract one page; prints one JSON object
  liveblog parse FILE --explain      which readings of the page were considered, what each
                                     covered, which won and why; a table, not JSON
  liveblog parse --batch MANIFEST    extract many pages in one process
  liveblog --help

FILE is HTML, gzip-compressed HTML or a text dump. Without --url the page's URL is its file:// URL.
RULES.json holds a source's extract rules ({"entry", "headline", "body", "time", "exclude",
"timezone"}), to try them before saving; when "entry" matches nothing the page is read generically,
as the parser would, and a note says so on stderr. --explain is the first thing to run on a page
that is misread, before writing rules for its site.
MANIFEST has one JSON object per line, {"path": "...", "url": "..."} ("url" optional; relative paths
are taken from the manifest's folder). One JSON line is printed per manifest line, in order; a page
that fails prints {"error": "...", "path": "..."} instead and the batch goes on.

Exit status: 0 on success, 1 when the page cannot be read or parsed, 2 on a usage error.`;

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'parse') return usageError(`unknown command: ${command}`);

  let file: string | null = null;
  let url: string | null = null;
  let manifest: string | null = null;
  let rules: string | null = null;
  let explain = false;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    if (arg === '--url' || arg === '--batch' || arg === '--rules') {
      const value = rest[i + 1];
      if (value === undefined) return usageError(`${arg} needs a value`);
      i += 1;
      if (arg === '--url') url = value;
      else if (arg === '--rules') rules = value;
      else manifest = value;
    } else if (arg === '--explain') {
      explain = true;
    } else if (arg.startsWith('-')) {
      return usageError(`unknown option: ${arg}`);
    } else if (file === null) {
      file = arg;
    } else {
      return usageError(`unexpected argument: ${arg}`);
    }
  }

  if (manifest !== null) {
    if (file !== null || url !== null || rules !== null || explain) return usageError('--batch takes no FILE, --url, --rules or --explain (they come from the manifest)');
    return { kind: 'batch', manifest };
  }
  if (file === null) return usageError('parse needs a FILE or --batch MANIFEST');
  if (explain && rules !== null) return usageError('--explain shows the generic reading; it takes no --rules');
  return { kind: 'parse', file, url, rules, explain };
}

function usageError(message: string): Command {
  return { kind: 'usage-error', message };
}
