/** Base of everything `extract` throws on bad input, so callers can tell bad pages from bugs. */
export class ExtractionError extends Error {
  override readonly name: string = 'ExtractionError';
}

/** The page holds no content at all (empty, whitespace only, or nothing left after boilerplate). */
export class EmptyDocumentError extends ExtractionError {
  override readonly name: string = 'EmptyDocumentError';
}

/** The page is in a format this library does not (yet) read, e.g. HTML, JSON or binary data. */
export class UnsupportedFormatError extends ExtractionError {
  override readonly name: string = 'UnsupportedFormatError';

  constructor(
    readonly format: string,
    message = `unsupported page format: ${format}`,
  ) {
    super(message);
  }
}

/** Markup nested so deep that parsing it would cost more than any page is worth. */
export class MarkupTooDeepError extends ExtractionError {
  override readonly name = 'MarkupTooDeepError';
  constructor(limit: number) {
    super(`markup is nested more than ${limit} levels deep`);
  }
}
