// Abuse limits, as a flood meets them: one client starting application after
// application is refused after the 20th of the window (429 in the documented
// shape, with Retry-After) while its saved draft stays as it was and other
// clients go on; a burst from many clients at once meets the route's own
// throttle (API Gateway's answer, before any handler), which refills; the
// organisation-link form refuses a flood with a page that says when to retry.
import { describe, expect, it } from 'vitest';
import { CLIENT_LIMITS } from '../../shared/rate-limit.ts';
import { ROUTE_THROTTLES } from '../../infra/manifest.ts';
import { adminToken, api, createCall, sampleApplication, until } from '../support/client.ts';

const start = (application: any) => ({ language: application.language, organisation: application.organisation });

/** One client's request, tried again while the route's own throttle (all clients together) refuses it: that is not the limit under test here. */
async function paced<T>(request: () => Promise<Awaited<ReturnType<typeof api<T>>>>) {
  for (let attempt = 1; ; attempt++) {
    const answer = await request();
    const routeThrottled = answer.status === 429 && (answer.body as any)?.message === 'Too Many Requests';
    if (!routeThrottled || attempt === 50) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('abuse limits', () => {
  it('refuses a flood of drafts from one client with 429 and Retry-After, losing nothing saved', { timeout: 120_000 }, async () => {
    const call = await createCall({ title: `Flood ${Date.now()}` });
    const from = '127.0.0.77';
    const saved = sampleApplication();
    const first = await paced(() => api(`/calls/${call.callId}/applications`, { body: start(saved), from }));
    expect(first.status).toBe(201);
    const patched = await api(`/applications/${first.body.applicationId}`, {
      method: 'PATCH',
      token: first.body.accessToken,
      body: { project: { title: 'Saved before the flood' } },
      from,
    });
    expect(patched.status).toBe(200);

    // The window may turn during the flood (fixed 10-minute windows): at most two windows' worth get through.
    const max = CLIENT_LIMITS.drafts.max;
    let refused: Awaited<ReturnType<typeof api>> | undefined;
    let created = 1;
    for (let i = 0; i < 2 * max + 1 && !refused; i++) {
      const answer = await paced(() => api(`/calls/${call.callId}/applications`, { body: start(sampleApplication()), from }));
      if (answer.status === 201) created += 1;
      else refused = answer;
    }
    expect(refused, 'a refusal within two windows of drafts').toBeDefined();
    expect(created).toBeGreaterThanOrEqual(Math.min(max, 2));
    expect(created).toBeLessThanOrEqual(2 * max);
    expect(refused!.status).toBe(429);
    expect(refused!.body).toEqual({
      error: {
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^Too many requests from this network; retry after \d+ seconds\./),
        details: [{ path: '(client)', message: `at most ${max} applications started per 10 minutes from one network address` }],
      },
    });
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(CLIENT_LIMITS.drafts.windowSeconds);

    // What was saved before is intact and still editable; another client is not affected.
    const kept = await api(`/applications/${first.body.applicationId}`, { token: first.body.accessToken, from });
    expect(kept.status).toBe(200);
    expect(kept.body.application.organisation.name).toBe(saved.organisation.name);
    expect(kept.body.application.project.title).toBe('Saved before the flood');
    expect((await paced(() => api(`/calls/${call.callId}/applications`, { body: start(sampleApplication()), from: '127.0.0.78' }))).status).toBe(201);
  });

  it("meets the route's throttle in a burst from many clients, before any handler, and recovers", { timeout: 60_000 }, async () => {
    const call = await createCall({ title: `Burst ${Date.now()}` });
    const { burstLimit } = ROUTE_THROTTLES['POST /calls/{callId}/applications']!;
    const answers = await Promise.all(
      Array.from({ length: 2 * burstLimit + 10 }, (_, i) =>
        api(`/calls/${call.callId}/applications`, { body: start(sampleApplication()), from: `127.0.3.${i + 1}` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    // At most the burst and what refills meanwhile (the bucket may not be full: the test before used the route).
    const { rateLimit } = ROUTE_THROTTLES['POST /calls/{callId}/applications']!;
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(burstLimit + rateLimit);
    const throttled = answers.filter((a) => a.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const answer of throttled) expect(answer.body).toEqual({ message: 'Too Many Requests' });
    // Only the drafts that were answered 201 exist.
    const listed = await api(`/admin/calls/${call.callId}/applications`, { token: adminToken() });
    expect(listed.status).toBe(200);
    expect(listed.body.applications.length).toBe(statuses.filter((s) => s === 201).length);
    // The bucket refills.
    await until('the route answers again', async () => {
      const again = await api(`/calls/${call.callId}/applications`, { body: start(sampleApplication()), from: '127.0.3.200' });
      return again.status === 201 ? again : undefined;
    });
  });

  it('refuses a flood of organisation-link requests with a page that says when to retry', { timeout: 60_000 }, async () => {
    const from = '127.0.0.79';
    const request = () =>
      paced(() => api<string>('/org', {
        rawBody: new URLSearchParams({ email: `nobody-${Date.now()}@unknown.example.org`, lang: 'fr' }).toString(),
        contentType: 'application/x-www-form-urlencoded',
        headers: { 'sec-fetch-site': 'same-origin' },
        from,
      }));
    const max = CLIENT_LIMITS['org-links'].max;
    let refused: Awaited<ReturnType<typeof request>> | undefined;
    for (let i = 0; i < 2 * max + 1 && !refused; i++) {
      const answer = await request();
      if (answer.status !== 200) refused = answer;
    }
    expect(refused?.status).toBe(429);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused!.body).toMatch(/Trop de demandes de lien depuis votre réseau\. Merci de réessayer dans \d+ minutes\./);
  });
});
