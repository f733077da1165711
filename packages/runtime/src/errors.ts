/** A job whose payload breaks the contract: retrying cannot help, so it fails at once and stays visible. */
export class InvalidJobError extends Error {
  override readonly name = 'InvalidJobError';
  constructor(queue: string, jobId: string | undefined, detail: string) {
    super(`invalid ${queue} job ${jobId ?? '?'}: ${detail}`);
  }
}
