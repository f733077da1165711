/** Locks could not be taken in time, or were lost before the work was recorded; the job is retried. */
export class LockError extends Error {
  override readonly name = 'LockError';
}
