export class UnknownSourceError extends Error {
  override readonly name = 'UnknownSourceError';
  constructor(readonly sourceId: string) {
    super(`source ${sourceId} not found`);
  }
}
