import { ExtractionError } from '../errors';

/** The page is larger than we accept once decompressed; a gzip bomb ends up here too. */
export class PageTooLargeError extends ExtractionError {
  override readonly name: string = 'PageTooLargeError';

  constructor(readonly limitBytes: number) {
    super(`page is larger than ${limitBytes} bytes once decompressed`);
  }
}

/** The bytes claim to be gzip but do not inflate. */
export class CorruptCompressionError extends ExtractionError {
  override readonly name: string = 'CorruptCompressionError';
}
