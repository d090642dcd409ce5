// The guard on the reviewer's page posts: another site's form is refused,
// whatever the browser says it with; the page's own forms and non-browser
// clients pass.
import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../shared/http/api.ts';
import { refuseCrossSite } from '../../shared/http/cross-site.ts';

const post = (headers: Record<string, string>) => ({ headers: { host: 'grants.example.org', ...headers } }) as unknown as HttpEvent;
const refused = (headers: Record<string, string>) => {
  try {
    refuseCrossSite(post(headers));
    return false;
  } catch (error) {
    expect(error).toMatchObject({ status: 403, code: 'CROSS_SITE' });
    return true;
  }
};

describe('cross-site posts', () => {
  it('are refused when the browser says so in Sec-Fetch-Site, whatever Origin says', () => {
    expect(refused({ 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(refused({ 'sec-fetch-site': 'same-site' })).toBe(true);
    expect(refused({ 'sec-fetch-site': 'none' })).toBe(true);
    expect(refused({ 'sec-fetch-site': 'cross-site', origin: 'https://grants.example.org' })).toBe(true);
    expect(refused({ 'sec-fetch-site': 'same-origin' })).toBe(false);
  });

  it('are refused from a foreign or unknown Origin when the browser sends no Sec-Fetch-Site', () => {
    expect(refused({ origin: 'https://elsewhere.example' })).toBe(true);
    expect(refused({ origin: 'null' })).toBe(true);
    expect(refused({ origin: 'not a url' })).toBe(true);
    expect(refused({ origin: 'https://grants.example.org' })).toBe(false);
  });

  it('pass from clients that are no browser (neither header)', () => {
    expect(refused({})).toBe(false);
  });
});
