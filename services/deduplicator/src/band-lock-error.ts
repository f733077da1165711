/** The band locks could not be taken in time, or were lost before the decisions were recorded; the job is retried. */
export class BandLockError extends Error {
  override readonly name = 'BandLockError';
}
