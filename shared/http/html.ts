// Server-rendered pages: a small layout, escaping, and the security headers.
import type { Language } from '../domain/vocabulary.ts';
import { CHROME } from '../web-i18n.ts';
import type { HttpResult } from './api.ts';

export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where browsers upload documents: the local S3 emulator, or S3 itself. */
function uploadOrigin(): string {
  const local = process.env.AWS_ENDPOINT_URL_S3;
  return local ? new URL(local).origin : 'https://*.amazonaws.com';
}

/**
 * A whole page. `lang` sets `<html lang>` and the layout's own texts (English
 * by default); `nav` is HTML put in the header (the language switcher).
 */
export function page(status: number, title: string, body: string, scripts: string[] = [], lang: Language = 'en', nav = ''): HttpResult {
  const chrome = CHROME[lang];
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(chrome.site)}</title>
<link rel="stylesheet" href="/assets/style.css">
${scripts.map((src) => `<script type="module" src="${src.startsWith('/') ? src : `/assets/${src}`}"></script>`).join('\n')}
</head>
<body>
<a class="skip" href="#main">${escapeHtml(chrome.skip)}</a>
<header class="site"><a href="/${lang === 'en' ? '' : `?lang=${lang}`}" class="brand">${escapeHtml(chrome.brand)}</a>${nav}</header>
<main id="main">
${body}
</main>
<footer class="site"><p>${escapeHtml(chrome.footer)}</p></footer>
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

export const notFoundPage = (lang: Language = 'en') => {
  const t = CHROME[lang];
  const home = lang === 'en' ? '/' : `/?lang=${lang}`;
  return page(404, t.notFound, `<h1>${escapeHtml(t.notFound)}</h1><p>${escapeHtml(t.notFoundText)} <a href="${home}">${escapeHtml(t.seeCalls)}</a>.</p>`, [], lang);
};
