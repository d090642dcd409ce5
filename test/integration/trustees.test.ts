import { describe, expect, it } from 'vitest';
import { adminToken, api, virtualNow } from '../support/client.ts';

const trustee = (n: number, termStart: string, termEnd: string) => ({
  name: `Trustee ${n}`,
  email: `trustee${n}-${Date.now()}@board.example.org`,
  termStart,
  termEnd,
});

describe('the Board of Trustees', () => {
  it('registers trustees and says who is in term today', async () => {
    const today = (await virtualNow()).toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4));
    const current = [1, 2, 3, 4, 5].map((n) => trustee(n, `${year - 1}-01-01`, `${year + 2}-12-31`));
    const former = trustee(6, `${year - 4}-01-01`, `${year - 1}-06-30`);

    const created = await api('/admin/trustees', { token: adminToken(), body: { trustees: [...current, former] } });
    expect(created.status).toBe(201);
    expect(created.body.trustees).toHaveLength(6);

    const listed = await api('/admin/trustees', { token: adminToken() });
    const mine = listed.body.trustees.filter((t: { email: string }) => [...current, former].some((c) => c.email === t.email));
    expect(mine.filter((t: { inTerm: boolean }) => t.inTerm)).toHaveLength(5);
    expect(mine.find((t: { email: string }) => t.email === former.email).inTerm).toBe(false);
  });

  it('refuses a term that ends before it starts, and an email registered twice', async () => {
    const backwards = await api('/admin/trustees', { token: adminToken(), body: { trustees: [trustee(7, '2027-01-01', '2026-01-01')] } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([{ path: 'trustees[0].termEnd', message: 'must be after termStart' }]);

    const once = trustee(8, '2026-01-01', '2028-12-31');
    expect((await api('/admin/trustees', { token: adminToken(), body: { trustees: [once] } })).status).toBe(201);
    const twice = await api('/admin/trustees', { token: adminToken(), body: { trustees: [trustee(9, '2026-01-01', '2028-12-31'), once] } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details[0].path).toBe('trustees[1].email');
    expect((await api('/admin/trustees')).status).toBe(401);
  });
});
