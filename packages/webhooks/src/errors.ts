/** A delivery the receiver did not accept (non-2xx, refused address, timeout); BullMQ retries it. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }
}
