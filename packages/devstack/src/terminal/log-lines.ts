import { prettyFactory } from 'pino-pretty';

/** pino's numeric levels: 40 warn, 50 error, 60 fatal; below 40 is info, debug and trace. */
const WARN = 40;

export type LogLineRenderer = (service: string, line: string) => string | null;

/**
 * How a person in a terminal sees the services' logs: warnings and errors as one readable line each
 * (pino-pretty, as a library), info and below left out (null; `minLevel: 0` keeps them, for the last
 * lines of a service that died), and anything that is not a pino line
 * (a crash's stack trace, Node's own warnings) as it came, because it is probably why something broke.
 */
export function readableLogLines(options: { colorize: boolean; minLevel?: number }): LogLineRenderer {
  const minLevel = options.minLevel ?? WARN;
  const pretty = prettyFactory({
    colorize: options.colorize,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,trace_id,span_id',
    singleLine: true,
    // `err` is a message string in our logs; as an error-like key pino-pretty would print it on lines of its own.
    errorLikeObjectKeys: [],
  });
  return (service, line) => {
    const record = pinoRecord(line);
    if (!record) return `[${service}] ${line}`;
    if (record.level < minLevel) return null;
    return `[${service}] ${pretty(record).trimEnd()}`;
  };
}

function pinoRecord(line: string): { level: number } | null {
  if (!line.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(line) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { level?: unknown }).level === 'number') return parsed as { level: number };
  } catch {
    // Not JSON after all: shown as it came.
  }
  return null;
}
