// The link store against the local system's DynamoDB Local (repository level:
// the review, ballot and report pages build on it).
import { beforeAll, describe, expect, inject, it } from 'vitest';

let links: typeof import('../../shared/repository/links.ts');

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 'grants',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbUrl'),
  });
  links = await import('../../shared/repository/links.ts');
});

const day = 86_400_000;
const t0 = new Date('2027-03-01T00:00:00.000Z');

describe('links', () => {
  it('opens what it was made for, once', async () => {
    const ref = await links.createLink('review', { applicationId: 'a1', reviewerId: 'r1' }, t0, new Date(t0.getTime() + 14 * day));
    expect(ref).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const resolved = await links.resolveLink(ref, 'review', new Date(t0.getTime() + day));
    expect(resolved).toMatchObject({ state: 'open', link: { subject: { applicationId: 'a1', reviewerId: 'r1' } } });

    const [first, second] = await Promise.all([
      links.useLink(ref, 'review', new Date(t0.getTime() + day)),
      links.useLink(ref, 'review', new Date(t0.getTime() + day)),
    ]);
    expect([first, second].sort()).toEqual(['open', 'used']);
    expect(await links.useLink(ref, 'review', new Date(t0.getTime() + 2 * day))).toBe('used');
  });

  it('is expired at its deadline, unknown when tampered with or used for another purpose', async () => {
    const ref = await links.createLink('ballot', { trusteeId: 't1' }, t0, new Date(t0.getTime() + day));
    expect((await links.resolveLink(ref, 'ballot', new Date(t0.getTime() + day))).state).toBe('expired');
    expect(await links.useLink(ref, 'ballot', new Date(t0.getTime() + day))).toBe('expired');
    expect((await links.resolveLink(ref, 'review', t0)).state).toBe('unknown');
    const tampered = (ref[0] === 'A' ? 'B' : 'A') + ref.slice(1);
    expect((await links.resolveLink(tampered, 'ballot', t0)).state).toBe('unknown');
    expect((await links.resolveLink('../../etc', 'ballot', t0)).state).toBe('unknown');
    expect(await links.useLink(tampered, 'ballot', t0)).toBe('unknown');
  });
});
