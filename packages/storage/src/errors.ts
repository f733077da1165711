/** A cursor that this service did not issue, or that was tampered with. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('invalid cursor: pass back the "next" value of a previous page unchanged');
  }
}

/** A stored document that a stage expected but cannot find: the job is retried, not dropped. */
export class MissingDocumentError extends Error {
  override readonly name = 'MissingDocumentError';
  constructor(collection: string, id: string) {
    super(`${collection} ${id} not found`);
  }
}

/** A batch of index jobs named one liveblog twice: its version guard reads before either job writes. */
export class SameLiveblogTwiceError extends Error {
  override readonly name = 'SameLiveblogTwiceError';
  constructor(liveblogIds: readonly string[]) {
    const twice = liveblogIds.filter((id, i) => liveblogIds.indexOf(id) !== i);
    super(`one batch of index jobs names liveblog ${[...new Set(twice)].join(', ')} more than once; index its extractions one after another`);
  }
}

/** A stored snapshot whose chunks do not add up to the page it was stored as: never handed on. */
export class CorruptSnapshotError extends Error {
  override readonly name = 'CorruptSnapshotError';
  constructor(id: string) {
    super(`snapshot ${id} reads back with a different content hash`);
  }
}
