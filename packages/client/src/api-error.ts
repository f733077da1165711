/** An answer of the API that is not a success, with the API's own error code and message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** From a failed response and its parsed body (the API answers `{ error: { code, message } }`). */
  static from(response: Response, body: unknown): ApiError {
    const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : null;
    const field = (name: 'code' | 'message') => (typeof error === 'object' && error !== null && name in error ? String((error as Record<string, unknown>)[name]) : null);
    return new ApiError(response.status, field('code') ?? 'http_error', field('message') ?? `HTTP ${response.status}`);
  }
}
