import { ExtractionError } from '../errors';

/** One line naming what went wrong; the error class tells bad pages from unreadable files. */
export function errorMessage(err: unknown): string {
  if (err instanceof ExtractionError) return `${err.name}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
