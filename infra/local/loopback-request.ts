// An HTTP request from a chosen loopback address (127.x.y.z: Linux routes
// the whole 127/8 block to the loopback interface), so that the tests and the
// benchmark can play many clients, each with its own address, against the
// per-client limits (shared/rate-limit.ts). `fetch` cannot choose the local
// address without a dispatcher package; node:http can.
import { request } from 'node:http';

export interface LoopbackAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export function loopbackRequest(
  url: string | URL,
  init: { method?: string; headers?: Record<string, string>; body?: string; from: string; timeoutMs?: number },
): Promise<LoopbackAnswer> {
  const target = new URL(url);
  if (!/^127\./.test(init.from) || !['127.0.0.1', 'localhost'].includes(target.hostname)) {
    return Promise.reject(new Error('loopbackRequest: only from and to loopback'));
  }
  return new Promise((done, fail) => {
    const sent = request(target, { method: init.method ?? 'GET', headers: init.headers, localAddress: init.from, timeout: init.timeoutMs ?? 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
        }
        done({ status: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', fail);
    });
    sent.on('timeout', () => sent.destroy(new Error(`${target.pathname}: no answer within ${init.timeoutMs ?? 30_000} ms`)));
    sent.on('error', fail);
    sent.end(init.body);
  });
}
