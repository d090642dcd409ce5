// Property: whatever bad body reaches a public route, the answer is a 4xx with
// the error shape, never a 500 or a stack trace. Runs are bounded in count.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { api as apiOnce, createCall, createDraft, sampleApplication } from '../support/client.ts';

/**
 * The fuzzing sends faster than the route's throttle lets anyone (infra/manifest.ts: ROUTE_THROTTLES): what API Gateway
 * answers then is its own 429, before any handler; a client tries again a moment later, and so does this one (bounded).
 */
const api: typeof apiOnce = async (path, init) => {
  for (let attempt = 1; ; attempt++) {
    const answer = await apiOnce(path, init);
    const throttled = answer.status === 429 && answer.body?.message === 'Too Many Requests';
    if (!throttled || attempt === 50) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
};

let callId: string;
let draft: { applicationId: string; accessToken: string };

beforeAll(async () => {
  callId = (await createCall()).callId;
  draft = await createDraft(callId);
});

function expectErrorShape(response: { status: number; body: any }) {
  expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.body.error.code).toMatch(/^[A-Z_]+$/);
  expect(typeof response.body.error.message).toBe('string');
  if (response.status === 400) {
    expect(response.body.error.details.length).toBeGreaterThan(0);
    for (const detail of response.body.error.details) {
      expect(typeof detail.path).toBe('string');
      expect(typeof detail.message).toBe('string');
    }
  }
  expect(JSON.stringify(response.body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

/** Every path to a leaf of a JSON value. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]))];
}

const template = sampleApplication();
const paths = leafPaths(template).filter((p) => p.length > 0);

/** What a draft cannot lack: deleting anything else leaves a valid (unfinished) draft. */
const START_FIELDS = ['organisation', 'organisation.name', 'organisation.registrationNumber', 'organisation.registrationCountry', 'organisation.contact', 'organisation.contact.email'];

/** A valid application broken in one place, in a way that is certainly invalid (even for a draft). */
const brokenApplication = fc
  .record({
    path: fc.constantFrom(...paths),
    how: fc.constantFrom('wrong-type', 'delete', 'extra-key', 'null'),
    junk: fc.oneof(fc.object(), fc.array(fc.integer()), fc.constant(null)),
  })
  .map(({ path, how, junk }) => {
    const app = sampleApplication();
    const parent = path.slice(0, -1).reduce((node: any, key) => node[key], app);
    const key = path[path.length - 1]!;
    const current = parent[key];
    if (how === 'delete' && START_FIELDS.includes(path.join('.'))) {
      delete parent[key];
    } else if (how === 'extra-key') {
      app.__unexpected = 1;
    } else if (how === 'null') {
      parent[key] = null;
    } else {
      parent[key] = typeof current === 'string' ? junk ?? 42 : typeof current === 'number' ? 'many' : typeof current === 'boolean' ? 'yes' : 7;
    }
    return app;
  });

const anyJson = fc.oneof(fc.anything(), fc.jsonValue(), fc.string(), fc.integer(), fc.constant(null));
const rawText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('{', '[1,', '{"a":}', '\u0000', 'null'));

describe('bad bodies at the public routes', () => {
  it('POST /calls/{callId}/applications: broken applications', async () => {
    await fc.assert(
      fc.asyncProperty(brokenApplication, async (body) => {
        expectErrorShape(await api(`/calls/${callId}/applications`, { body }));
      }),
      { numRuns: 60 },
    );
  });

  it('POST /calls/{callId}/applications: arbitrary JSON and text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson.map((v) => JSON.stringify(v) ?? 'null'), rawText), async (rawBody) => {
        expectErrorShape(await api(`/calls/${callId}/applications`, { rawBody }));
      }),
      { numRuns: 60 },
    );
  });

  it('POST /applications/{id}/documents and /submit: arbitrary bodies and tokens', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyJson,
        fc.oneof(fc.constant(undefined), fc.string({ maxLength: 60 }).filter((t) => /^\S+$/.test(t))),
        async (body, token) => {
          const useRealToken = token === undefined;
          const auth = useRealToken ? draft.accessToken : token;
          expectErrorShape(
            await api(`/applications/${draft.applicationId}/documents`, { token: auth, rawBody: JSON.stringify(body) ?? 'null' }),
          );
          if (!useRealToken) {
            expectErrorShape(await api(`/applications/${draft.applicationId}/submit`, { method: 'POST', token: auth }));
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('unknown ids of any shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }).filter((id) => id !== '.' && id !== '..'), async (id) => {
        const encoded = encodeURIComponent(id);
        expectErrorShape(await api(`/calls/${encoded}/applications`, { body: sampleApplication() }));
      }),
      { numRuns: 40 },
    );
  });
});
