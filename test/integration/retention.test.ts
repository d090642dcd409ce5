// The retention job on the virtual clock (issue 13): a withdrawn draft of a
// call that decided nothing is listed as due in the next 30 days shortly
// before its period ends (24 months after the call's closing), erased by the
// tick once it has (its document and its personal fields, read in the table
// and the bucket directly), finished by the next run after one that crashed
// half-way, and erased once however often the tick runs (the audit log says
// it once, with no content).
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { contactHash } from '../../shared/repository/applications.ts';
import { describe, expect, it } from 'vitest';
import { TABLE_NAME } from '../../infra/local/runtime.ts';
import { objectsUnder, partitionOf, tableClient } from '../support/stores.ts';
import { addMonths } from '../../shared/retention.ts';
import { adminToken, api, createCall, createDraft, sampleApplication, until, uploadDocument, virtualNow } from '../support/client.ts';

const DAY = 86_400_000;
const admin = () => ({ token: adminToken() });

async function clockTo(at: Date) {
  const response = await api('/local/clock', { ...admin(), body: { to: at.toISOString() } });
  if (response.status !== 200) throw new Error(`clock: ${response.status} ${JSON.stringify(response.body)}`);
}

describe('retention', () => {
  it('lists what is due in the next 30 days, then erases it once when its period ends', { timeout: 120_000 }, async () => {
    const run = `keep-${Date.now()}`;
    const now = await virtualNow();
    const call = await createCall({ title: `Retention ${run}`, closesAt: new Date(now.getTime() + 2 * DAY).toISOString() });
    const input = sampleApplication((a) => {
      a.organisation.name = `Refuge ${run}`;
      a.project.title = `Night shelter ${run}`;
    });
    const draft = await createDraft(call.callId, input);
    await uploadDocument(draft.applicationId, draft.accessToken, 'budget-sheet');
    const withdrawn = await api(`/applications/${draft.applicationId}/withdraw`, { token: draft.accessToken, body: { reason: `Our director ${run} left.` } });
    expect(withdrawn.status).toBe(200);
    const personal = [input.organisation.name, input.organisation.registrationNumber, input.organisation.contact.email, input.project.title, `Our director ${run} left.`];

    const settings = (await api('/admin/erasures', admin())).body.settings;
    expect(settings).toEqual({ notFundedMonths: 24, afterGrantMonths: 84 });
    const dueAt = addMonths(call.closesAt as string, 24);
    expect((await api('/admin/erasures?days=0', admin())).status).toBe(400);

    // Ten days before: listed as due within 30 days, nothing erased yet.
    await clockTo(new Date(dueAt.getTime() - 10 * DAY));
    const soon = await api('/admin/erasures?days=30', admin());
    expect(soon.body.erasures).toContainEqual({ applicationId: draft.applicationId, callId: call.callId, status: 'withdrawn', rule: 'not-funded', dueAt: dueAt.toISOString() });
    expect(JSON.stringify(await partitionOf(`APP#${draft.applicationId}`))).toContain(input.organisation.name);
    expect(await objectsUnder(`applications/${draft.applicationId}/`)).toHaveLength(1);

    // A run that crashed half-way: marked started, the contact index already gone, the rest not. The next run finishes it.
    const client = tableClient();
    const startedAt = new Date(dueAt.getTime() + 60_000).toISOString();
    await client.send(new UpdateCommand({ TableName: TABLE_NAME, Key: { pk: `APP#${draft.applicationId}`, sk: 'META' }, UpdateExpression: 'SET erasure = :e', ExpressionAttributeValues: { ':e': { startedAt, cause: 'retention' } } }));
    await client.send(new DeleteCommand({ TableName: TABLE_NAME, Key: { pk: `CONTACT#${contactHash(input.organisation.contact.email)}`, sk: `APP#${draft.applicationId}` } }));

    // Past its date the tick erases it (other tests' applications may come first: at most 25 a run, so the clock is nudged until it is done).
    await clockTo(new Date(dueAt.getTime() + DAY));
    const erased = await until('the erasure', async () => {
      const app = (await partitionOf(`APP#${draft.applicationId}`)).find((i) => i.sk === 'META')!;
      if (app.erasure?.completedAt) return app;
      await api('/local/clock', { ...admin(), body: { advanceBy: 'PT1M' } });
      return undefined;
    }, 60_000);
    expect(erased.erasure).toMatchObject({ cause: 'retention', rule: 'not-funded', startedAt });
    expect(erased.withdrawal).toEqual({ at: expect.any(String), fromStatus: 'draft' });
    const items = await partitionOf(`APP#${draft.applicationId}`);
    expect(personal.filter((p) => JSON.stringify(items).includes(p))).toEqual([]);
    expect(await objectsUnder(`applications/${draft.applicationId}/`)).toEqual([]);
    expect((await api('/admin/erasures?days=30', admin())).body.erasures.map((e: { applicationId: string }) => e.applicationId)).not.toContain(draft.applicationId);

    // The tick again, twice: nothing more, and the audit log says it once.
    await api('/local/clock', { ...admin(), body: { advanceBy: 'PT1M' } });
    await api('/local/clock', { ...admin(), body: { advanceBy: 'PT1M' } });
    const month = String(erased.erasure.completedAt).slice(0, 7);
    const entries = (await api(`/admin/audit?month=${month}`, admin())).body.entries as { action: string; actor: string; subject: Record<string, string> }[];
    const mine = entries.filter((e) => e.action === 'application.erase' && e.subject.applicationId === draft.applicationId);
    expect(mine).toEqual([expect.objectContaining({ actor: 'retention', subject: { applicationId: draft.applicationId, callId: call.callId, record: 'application' } })]);
    expect(personal.filter((p) => JSON.stringify(mine).includes(p))).toEqual([]);
  });
});
