/** Base of every error this package throws, so callers can tell them from Redis or programming errors. */
export class SimilarityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A configuration that cannot work (e.g. more bands than bits); raised when the index is created. */
export class SimilarityConfigError extends SimilarityError {}

/** A stored value that does not parse: the index holds data this version did not write. */
export class CorruptIndexError extends SimilarityError {}
