// `npm run demo`, short: a few NGOs and one year of grants, against the test
// system, through the same code a user runs.
import { describe, expect, inject, it } from 'vitest';
import { runDemo } from '../../demo/run.ts';

describe('the demo', () => {
  it('runs a whole call, from applications to the grants\' reports, and sums it up', { timeout: 240_000 }, async () => {
    let printed = '';
    const summary = await runDemo({
      apiUrl: inject('apiUrl'),
      adminToken: inject('adminToken'),
      financeToken: inject('financeToken'),
      mailWebUrl: inject('mailWebUrl'),
      ngos: 6,
      months: 12,
      tty: false,
      out: (text) => (printed += text),
    });
    expect(summary.applications).toBe(6);
    expect(summary.byOutcome.ineligible).toBe(1);
    expect(summary.grants).toBeGreaterThan(0);
    expect(summary.byOutcome.approved).toBe(summary.grants);
    // Each grant of 12 months: one interim and one final report, two tranches, all paid in the end.
    expect(summary.reports).toBe(summary.grants * 2);
    expect(summary.paid).toBe(summary.grants * 2);
    expect(summary.held).toBe(0);
    expect(summary.heldOnce).toBe(1);
    for (const phase of ['Setting up', 'Applications', 'Eligibility', 'Reviews', 'Board vote', 'Grant years', 'Summary']) expect(printed).toContain(phase);
    expect(printed).toMatch(/Money committed +US\$[\d,]+ in \d+ grants/);
  });
});
