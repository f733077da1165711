/** A fetch that produced no usable page; its message is what operators see on the source. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    message: string,
    readonly httpStatus: number | null = null,
    /** When the server said when to come back (Retry-After on 429/503). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export class SourcesFileError extends Error {
  override readonly name = 'SourcesFileError';
}
