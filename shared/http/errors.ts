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
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const notFound = () => new HttpError(404, 'NOT_FOUND', 'Not found.');

export const validationFailed = (details: ErrorDetail[], message = 'The request is not valid.') =>
  new HttpError(400, 'VALIDATION_FAILED', message, details);
