import { describe, expect, it } from 'vitest';
import { adminToken, api, createCall, virtualNow } from '../support/client.ts';

describe('the audit log', () => {
  it('records what the secretariat does, newest first', async () => {
    const call = await createCall({ title: `Audited call ${Date.now()}` });
    await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' });

    const month = (await virtualNow()).toISOString().slice(0, 7);
    const log = await api(`/admin/audit?month=${month}`, { token: adminToken() });
    expect(log.status).toBe(200);
    const mine = log.body.entries.filter((e: { subject: { callId?: string } }) => e.subject.callId === call.callId);
    expect(mine.map((e: { action: string }) => e.action)).toEqual(['call.close', 'call.create']);
    expect(mine[1]).toMatchObject({ actor: 'officer@trustfund.local', after: { callId: call.callId, title: call.title } });
    expect(mine[0]).toMatchObject({ before: null, after: { attempt: 1 } });
  });

  it('names a bad month and needs the token', async () => {
    const bad = await api('/admin/audit?month=2026-13', { token: adminToken() });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'month', message: 'must be a month as yyyy-mm' }]);
    expect((await api('/admin/audit')).status).toBe(401);
  });
});
