// The house HTTP adapter: a middy handler that dispatches an API Gateway v2
// event on its route key, parses bodies with zod, and turns every error into
// the one error shape `{ error: { code, message, details } }`.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { logger } from '../logger.ts';
import { HttpError, notFound, validationFailed } from './errors.ts';
import { issuesToDetails } from './zod-issues.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type RouteHandler = (event: HttpEvent) => Promise<HttpResult>;

/** JSON bodies above this size are refused with 413 before parsing. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResponse(error: HttpError): HttpResult {
  return json(error.status, {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  }, error.headers);
}

export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function pathParam(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw notFound();
  return value;
}

export function bearerToken(event: HttpEvent): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header(event, 'authorization') ?? '');
  return match?.[1];
}

export function rawBody(event: HttpEvent): string {
  if (event.body === undefined || event.body === null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * A JSON body as it came, of one of the accepted content types: 415 for
 * another, 413 when too large, 400 when it is not well-formed JSON.
 */
export function jsonBody(event: HttpEvent, contentTypes: readonly string[] = ['application/json']): unknown {
  const contentType = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!contentTypes.includes(contentType)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `The body must be JSON (Content-Type: ${contentTypes.join(' or ')}).`);
  }
  const body = rawBody(event);
  if (Buffer.byteLength(body, 'utf8') > MAX_JSON_BODY_BYTES) {
    throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body must be at most ${MAX_JSON_BODY_BYTES / 1024} KiB.`);
  }
  try {
    return JSON.parse(body);
  } catch {
    throw validationFailed([{ path: '(body)', message: 'is not well-formed JSON' }], 'The body is not well-formed JSON.');
  }
}

/** Parses and validates a JSON body: 415 for another content type, 413 when too large, 400 otherwise. */
export function parseJson<S extends z.ZodMiniType>(event: HttpEvent, schema: S): z.output<S> {
  const data = jsonBody(event);
  const result = schema.safeParse(data);
  if (!result.success) throw validationFailed(issuesToDetails(result.error.issues, data));
  return result.data;
}

/** Validates that a request carries no body (for routes that take none but may get one). */
export function parseEmptyOrJson<S extends z.ZodMiniType>(event: HttpEvent, schema: S): z.output<S> {
  return rawBody(event).trim() === '' ? (schema.parse({}) as z.output<S>) : parseJson(event, schema);
}

export function httpApi(routes: Record<string, RouteHandler>) {
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use({
      onError: async function renderError(request) {
        const error = request.error;
        if (error instanceof HttpError) {
          request.response = errorResponse(error);
          return;
        }
        // Only the error's name and stack: messages of lower layers can quote data.
        logger.error('unhandled error', { errorName: error?.name, stack: error?.stack?.split('\n').slice(1, 8) });
        request.response = json(500, { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' } });
      },
    })
    .handler(async function dispatch(event) {
      const route = routes[event.routeKey];
      if (!route) throw notFound();
      return route(event);
    });
}
