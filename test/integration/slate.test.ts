// The slate, from a real ranking: proposed by the rule, changed by the
// secretariat within the bounds, each change with its reason.
import { describe, expect, inject, it } from 'vitest';
import { adminToken, api, applyFully, createCall, reviewerInvitation, reviewTask, sampleApplication, until, waitForDecision } from '../support/client.ts';

const withAmount = (name: string, requestedUsd: number) =>
  sampleApplication((a) => {
    a.organisation.name = name;
    a.budget = {
      requestedUsd,
      lines: [
        { category: 'direct-assistance', description: 'Care', amountUsd: requestedUsd * 0.9 },
        { category: 'operational', description: 'Office', amountUsd: requestedUsd * 0.1 },
      ],
    };
  });

const scores = (n: number) => ({ relevance: n, 'assistance-quality': n, capacity: n, 'cost-effectiveness': n, sustainability: n });

describe('the slate', () => {
  it('is proposed from the ranking and changed within the bounds, with reasons', async () => {
    const run = Date.now();
    const call = await createCall({ title: `Slate call ${run}`, budgetUsd: 100_000, minGrantUsd: 10_000, reviewersPerApplication: 1 });
    const names = ['First', 'Second', 'Third'];
    const apps: { applicationId: string; accessToken: string }[] = [];
    for (const [name, amount] of [['First', 60_000], ['Second', 45_000], ['Third', 30_000]] as const) {
      apps.push(await applyFully(call.callId, withAmount(`${name} NGO ${run}`, amount)));
    }
    for (const app of apps) await waitForDecision(app.applicationId, app.accessToken);
    expect((await api(`/admin/calls/${call.callId}/slate`, { token: adminToken() })).status).toBe(409);

    const email = `slate-reviewer-${run}@reviewers.example.org`;
    await api(`/admin/calls/${call.callId}/reviewers`, {
      token: adminToken(),
      body: { reviewers: [{ name: 'Slate Reviewer', email, country: 'CH', languages: ['en'], regions: [], expertise: [], maxLoad: 5 }] },
    });
    await api(`/admin/calls/${call.callId}/close`, { token: adminToken(), method: 'POST' });
    // The reviewer's page from the one invitation; scores that rank the applications in the order they applied.
    const { ref } = await reviewerInvitation(inject('mailWebUrl'), email);
    const listed = (await api(`/reviewer/${ref}`)).body.tasks as { applicationId: string }[];
    expect(listed).toHaveLength(3);
    for (const { applicationId } of listed) {
      await reviewTask(ref, applicationId, (task) => {
        const order = names.findIndex((name) => task.application.organisation.name.startsWith(name));
        expect(order).toBeGreaterThanOrEqual(0);
        return scores(5 - order);
      });
    }
    await until('the ranking', async () => ((await api(`/admin/calls/${call.callId}/ranking`, { token: adminToken() })).status === 200 ? true : undefined));

    // Proposed: 60,000 fits, 45,000 no longer does, 30,000 still does.
    const [first, second, third] = apps.map((a) => a.applicationId);
    const proposed = await api(`/admin/calls/${call.callId}/slate`, { token: adminToken() });
    expect(proposed.status).toBe(200);
    expect(proposed.body.entries.map((e: { applicationId: string; rule: string }) => [e.applicationId, e.rule])).toEqual([
      [first, 'rank'],
      [third, 'rank'],
    ]);
    expect(proposed.body.reserve.map((r: { applicationId: string }) => r.applicationId)).toEqual([second]);
    expect(proposed.body).toMatchObject({ totalUsd: 90_000, remainingUsd: 10_000, overBudgetUsd: 0 });

    // Out of bounds: every rule named, nothing changed.
    const bad = await api(`/admin/calls/${call.callId}/slate`, {
      method: 'PUT',
      token: adminToken(),
      body: {
        changes: [
          { applicationId: first, action: 'set-amount', amountUsd: 70_000, reason: 'Typo' },
          { applicationId: third, action: 'set-amount', amountUsd: 5_000, reason: 'Smaller pilot' },
          { applicationId: 'nope', action: 'exclude', reason: 'Unknown' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'changes[0].amountUsd', message: 'must not exceed the amount requested' },
      { path: 'changes[0].amountUsd', message: 'must not exceed the grant cap' },
      { path: 'changes[1].amountUsd', message: "must not be below the call's minimum grant" },
      { path: 'changes[2].applicationId', message: 'is not in the ranking of this call' },
    ]);
    const noReason = await api(`/admin/calls/${call.callId}/slate`, { method: 'PUT', token: adminToken(), body: { changes: [{ applicationId: first, action: 'exclude' }] } });
    expect(noReason.status).toBe(400);

    // Lower one, bring the reserve in (over budget: shown, kept), take one out.
    const changed = await api(`/admin/calls/${call.callId}/slate`, {
      method: 'PUT',
      token: adminToken(),
      body: {
        changes: [
          { applicationId: first, action: 'set-amount', amountUsd: 55_000, reason: 'Equipment line reduced with the NGO' },
          { applicationId: second, action: 'include', reason: 'Only project on forced begging' },
        ],
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ totalUsd: 130_000, overBudgetUsd: 30_000 });
    const final = await api(`/admin/calls/${call.callId}/slate`, {
      method: 'PUT',
      token: adminToken(),
      body: { changes: [{ applicationId: third, action: 'exclude', reason: 'Co-funded by another donor' }] },
    });
    expect(final.body).toMatchObject({ totalUsd: 100_000, remainingUsd: 0, overBudgetUsd: 0 });
    expect(final.body.entries.map((e: { applicationId: string; rule: string; amountUsd: number }) => [e.applicationId, e.rule, e.amountUsd])).toEqual([
      [first, 'rank', 55_000],
      [second, 'secretariat', 45_000],
    ]);
    expect(final.body.changes.map((c: { reason: string }) => c.reason)).toEqual([
      'Equipment line reduced with the NGO',
      'Only project on forced begging',
      'Co-funded by another donor',
    ]);
    const log = await api('/admin/audit', { token: adminToken() });
    expect(log.body.entries.filter((e: { action: string; subject: { callId?: string } }) => e.action === 'slate.change' && e.subject.callId === call.callId)).toHaveLength(2);
  });
});
