export class UnknownSourceError extends Error {
  override readonly name = 'UnknownSourceError';
  constructor(readonly sourceId: string) {
    super(`source ${sourceId} not found`);
  }
}

/** A change or request that does not fit the source it is made to (rules for an index, no page to reparse yet). */
export class SourceConflictError extends Error {
  override readonly name = 'SourceConflictError';
}
