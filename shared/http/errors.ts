// Errors that carry their HTTP answer. Anything else that escapes a handler is
// a bug: it is logged (name and stack, no request data) and answered with a
// bare 500 that reveals nothing.

export interface ErrorDetail {
  path: string;
  message: string;
}

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    options?: ErrorOptions & { headers?: Record<string, string> },
  ) {
    super(message, options);
    this.headers = options?.headers;
  }
  /** Headers the answer carries (Retry-After on a 429). */
  readonly headers: Record<string, string> | undefined;
}

export const notFound = () => new HttpError(404, 'NOT_FOUND', 'Not found.');

export const validationFailed = (details: ErrorDetail[], message = 'The request is not valid.') =>
  new HttpError(400, 'VALIDATION_FAILED', message, details);
