// Server-rendered pages: a small layout, escaping, and the security headers.
import type { HttpResult } from './api.ts';

export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where browsers upload documents: the local S3 emulator, or S3 itself. */
function uploadOrigin(): string {
  const local = process.env.AWS_ENDPOINT_URL_S3;
  return local ? new URL(local).origin : 'https://*.amazonaws.com';
}

export function page(status: number, title: string, body: string, scripts: string[] = []): HttpResult {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Trust Fund grants</title>
<link rel="stylesheet" href="/assets/style.css">
${scripts.map((src) => `<script type="module" src="${src.startsWith('/') ? src : `/assets/${src}`}"></script>`).join('\n')}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><a href="/" class="brand">Trust Fund for Victims of Trafficking · Grants</a></header>
<main id="main">
${body}
</main>
<footer class="site"><p>Do not include personal data about the victims you assist: describe your work, not the people.</p></footer>
</body>
</html>`;
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        `connect-src 'self' ${uploadOrigin()}`,
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ].join('; '),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    },
    body: html,
  };
}

export const notFoundPage = () =>
  page(404, 'Not found', '<h1>Not found</h1><p>This page does not exist. <a href="/">See the open calls</a>.</p>');
