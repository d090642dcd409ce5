// Plays API Gateway (HTTP API, payload format 2.0) on one machine: each
// request becomes the event API Gateway would send, and goes to the handler
// that the manifest (and so the CDK stack) wires to that route.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ROUTE_THROTTLES, routes, type RouteSpec } from '../manifest.ts';
import { invoke } from './lambda.ts';

/** API Gateway's own payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export type LocalRoute = (req: IncomingMessage, body: Buffer, url: URL) => Promise<{ status: number; body: unknown }>;

interface CompiledRoute {
  spec: RouteSpec;
  pattern: RegExp;
  params: string[];
  specificity: number;
}

const compiled: CompiledRoute[] = routes
  .map((spec) => {
    const params: string[] = [];
    const source = spec.path
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(param[1]!);
        return '([^/]+)';
      })
      .join('/');
    return { spec, pattern: new RegExp(`^${source}$`), params, specificity: -params.length };
  })
  .sort((a, b) => b.specificity - a.specificity);

export function matchRoute(method: string, path: string) {
  for (const route of compiled) {
    if (route.spec.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) {
      const pathParameters = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
      return { spec: route.spec, pathParameters };
    }
  }
  return undefined;
}

/**
 * API Gateway's route throttling (a token bucket per route, all clients
 * together: `burstLimit` tokens, refilled at `rateLimit` a second), with the
 * stack's figures (infra/manifest.ts). The stage-wide limit is AWS's alone.
 */
export class RouteThrottle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly limits: Readonly<Record<string, { rateLimit: number; burstLimit: number }>> = ROUTE_THROTTLES) {}
  /** Takes a token for the route; false when there is none left (the request is refused). */
  take(routeKey: string, nowMs = performance.now()): boolean {
    const limit = this.limits[routeKey];
    if (!limit) return true;
    const bucket = this.buckets.get(routeKey) ?? { tokens: limit.burstLimit, at: nowMs };
    bucket.tokens = Math.min(limit.burstLimit, bucket.tokens + ((nowMs - bucket.at) / 1000) * limit.rateLimit);
    bucket.at = nowMs;
    this.buckets.set(routeKey, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

const TEXTUAL = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript))/i;

export function toEvent(req: IncomingMessage, body: Buffer, url: URL, routeKey: string, pathParameters: Record<string, string>): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const textual = TEXTUAL.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !textual } : { isBase64Encoded: false }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function startHttpServer(port: number, localRoutes: Record<string, LocalRoute>): Promise<Server> {
  const throttle = new RouteThrottle();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      const body = await readBody(req);
      // In the documented error shape (API Gateway itself answers {"message":"Request Entity Too Large"} on AWS, before any handler).
      if (body === 'too-large') {
        return send(res, 413, {
          error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.', details: [{ path: '(body)', message: `must be at most ${MAX_PAYLOAD_BYTES / 1024 / 1024} MiB` }] },
        });
      }
      const local = localRoutes[`${req.method} ${url.pathname}`];
      if (local) {
        const answer = await local(req, body, url);
        return send(res, answer.status, answer.body);
      }
      const route = matchRoute(req.method ?? 'GET', url.pathname);
      if (!route) return send(res, 404, { message: 'Not Found' });
      const routeKey = `${route.spec.method} ${route.spec.path}`;
      // What API Gateway answers over a route's throttle, before any handler.
      if (!throttle.take(routeKey)) return send(res, 429, { message: 'Too Many Requests' });
      const result = (await invoke(route.spec.handler, toEvent(req, body, url, routeKey, route.pathParameters))) as
        | APIGatewayProxyStructuredResultV2
        | string
        | undefined;
      if (result === undefined || typeof result === 'string' || result.statusCode === undefined) {
        // API Gateway's inference for payload format 2.0: anything else is a 200 JSON body.
        return send(res, 200, result ?? '');
      }
      const headers = { ...(result.headers as Record<string, string> | undefined) };
      if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
      res.writeHead(result.statusCode, headers);
      res.end(result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'));
    } catch (error) {
      console.error(`[http] handler error: ${(error as Error).name}`);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.end();
    }
  });
  // Longer than clients keep idle sockets (undici: 4 s), so a reused socket is never closed under a request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveServer(server));
  });
}
