/** A job whose payload breaks the contract: retrying cannot help, so it fails at once and stays visible. */
export class InvalidJobError extends Error {
  override readonly name = 'InvalidJobError';
  constructor(queue: string, jobId: string | undefined, detail: string) {
    super(`invalid ${queue} job ${jobId ?? '?'}: ${detail}`);
  }
}

/**
 * Fewer replicas than REDIS_WAIT_REPLICAS confirmed a job's writes in time: the job is retried rather
 * than acknowledged, since a failover could still lose what it wrote.
 */
export class ReplicationError extends Error {
  override readonly name = 'ReplicationError';
  constructor(wanted: number, acknowledged: number, timeoutMs: number) {
    super(`writes reached ${acknowledged} of ${wanted} Redis replicas within ${timeoutMs} ms`);
  }
}
