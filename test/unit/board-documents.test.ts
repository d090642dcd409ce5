// The Board's PDFs, built from plain data and read back as text with
// poppler's pdftotext (what a reader's copy-paste or a search would see):
// names outside ASCII intact, the fonts embedded, every project, amount and
// total of the slate, the tally of the decisions; reviewers' names nowhere.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boardPackPdf, type BoardPack, type PackProject } from '../../shared/pdf/board-pack.ts';
import { decisionsRecordPdf, type DecisionsRecord } from '../../shared/pdf/decisions-record.ts';

const dir = mkdtempSync(join(tmpdir(), 'board-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of a PDF (pdftotext, reading order), and its fonts (pdffonts). */
function read(pdf: Buffer, name: string) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return {
    text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    /** In reading order, every run of white space one space: what a search finds. */
    raw: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
    fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
    pages: Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]),
  };
}

const project = (rank: number, organisation: string, country: string, amountUsd: number, rule: PackProject['rule'] = 'rank'): PackProject => ({
  rank,
  organisation,
  country,
  title: `Safe houses ${rank}`,
  summary: 'Shelter, psychosocial support, medical and legal aid, and job skills training for survivors identified along the route.',
  countries: [country],
  actionLines: ['protection', 'legal-assistance'],
  startDate: '2027-01-01',
  durationMonths: 24,
  amountUsd,
  requestedUsd: rule === 'secretariat' ? amountUsd + 5_000 : amountUsd,
  rule,
  reasons: rule === 'secretariat' ? ['included from the reserve list (2026-12-01): strongest on forced begging in the region'] : [],
  budgetLines: [
    { category: 'direct-assistance', description: 'Shelter and care', amountUsd: amountUsd * 0.9 },
    { category: 'operational', description: 'Office', amountUsd: amountUsd * 0.1 },
  ],
  finalScore: 100 - rank * 5,
  meanReview: 90 - rank * 5,
  priorityPoints: 10,
  reviewTotals: [90 - rank * 5, 90 - rank * 5],
  criteria: [{ label: "Relevance to the fund's mandate", weight: 25, mean: 4.5 }],
  priorityContexts: [{ context: 'refugee-flows', points: 10, explanation: 'declared by the applicant' }],
  comments: [`Clear referral pathways with the police and courts (project ${rank}).`],
});

const pack: BoardPack = {
  callTitle: 'Third cycle: assistance to victims',
  budgetUsd: 150_000,
  round: 1,
  submittedAt: '2026-12-01T10:00:00.000Z',
  deadline: '2026-12-15T10:00:00.000Z',
  regionalBalance: false,
  projects: [project(1, 'Fundación Esperanza', 'Ecuador', 60_000), project(2, 'Samu Social Sénégal', 'Senegal', 45_000), project(3, 'Dhaka Ahsania Mission', 'Bangladesh', 25_000, 'secretariat')],
  totalUsd: 130_000,
  remainingUsd: 20_000,
  overBudgetUsd: 0,
  reserve: [{ rank: 4, organisation: 'ONG Cavoequiva', country: "Côte d'Ivoire", title: 'Reintegration of girls', requestedUsd: 40_000, finalScore: 61.5 }],
  generatedAt: '2026-12-02T09:00:00.000Z',
};

describe('the board pack', () => {
  it('holds the slate, its totals and rules, then a page per project, with every name as typed and the font embedded', async () => {
    const { text, raw, fonts, pages } = read(await boardPackPdf(pack), 'pack');
    // Summary page, then one page per project.
    expect(pages).toBe(1 + pack.projects.length);
    for (const p of pack.projects) {
      expect(raw).toContain(p.organisation);
      expect(raw).toContain(p.title);
      expect(raw).toContain(p.comments[0]);
    }
    expect(text).toMatch(/Fundación Esperanza\s+Ecuador\s+Safe houses 1\s+US\$60,000\s+95\.00\s+rank/);
    expect(text).toMatch(/Samu Social Sénégal\s+Senegal/);
    expect(text).toMatch(/Dhaka Ahsania Mission\s+Bangladesh\s+Safe houses 3\s+US\$25,000\s+85\.00\s+secretariat/);
    expect(text).toContain('Total: US$130,000');
    expect(text).toContain('Budget of the call: US$150,000');
    expect(text).toContain('Remaining budget: US$20,000');
    expect(text).toContain('secretariat: included by the secretariat from the reserve list');
    expect(raw).toContain('strongest on forced begging in the region');
    expect(raw).toContain("ONG Cavoequiva");
    expect(raw).toContain("Côte d'Ivoire");
    // A project's page: amount against the request, budget lines, the score's parts, priority.
    expect(text).toContain('Amount: US$25,000 (requested US$30,000)');
    expect(text).toMatch(/operational\s+Office\s+US\$6,000/);
    expect(text).toContain('= reviews 85.00 (the mean of 2 reviews: 85.00, 85.00) + priority 10.');
    expect(text).toContain('refugee-flows (+10): declared by the applicant');
    expect(text).toContain('Review 1: Clear referral pathways');
    // DejaVu Sans, embedded as a subset, with a Unicode map (so the text extracts as typed).
    expect(fonts).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  it('says when it is a draft, and a reserve offer has no budget lines of the slate', async () => {
    const draft = read(await boardPackPdf({ ...pack, submittedAt: undefined, deadline: undefined }), 'draft');
    expect(draft.text).toContain('Draft: the slate as it stands on 2026-12-02, not yet sent to the Board.');
    const offer = read(await boardPackPdf({ ...pack, round: 2, projects: [pack.projects[1]!], totalUsd: 45_000, reserve: [] }), 'offer');
    expect(offer.text).toContain('Reserve offer (vote round 2)');
    expect(offer.text).toContain('Total: US$45,000');
    expect(offer.text).not.toContain('Remaining budget');
    expect(offer.pages).toBe(2);
  });

  it('breaks a long slate over pages and keeps every row', async () => {
    const many = Array.from({ length: 60 }, (_, i) => project(i + 1, `Organisation ${i + 1} Ñandú`, 'Paraguay', 1_000));
    const { raw, text } = read(await boardPackPdf({ ...pack, projects: many, totalUsd: 60_000, remainingUsd: 90_000 }), 'long');
    for (let i = 1; i <= 60; i++) expect(raw).toContain(`Organisation ${i} Ñandú`);
    // The summary table runs onto a second page, which repeats its header.
    const [first, second] = text.split('\f');
    expect(first).toMatch(/Rank\s+Organisation\s+Country\s+Project/);
    expect(first).toContain('Organisation 1 Ñandú');
    expect(second).toMatch(/Rank\s+Organisation\s+Country\s+Project/);
    expect(second).toMatch(/Rank\s+Organisation[^]*Organisation 60 Ñandú/);
    expect(second).toContain('Total: US$60,000');
  });
});

describe('the record of the decisions', () => {
  const record: DecisionsRecord = {
    callTitle: 'Third cycle: assistance to victims',
    budgetUsd: 150_000,
    rules: { quorum: 'A majority of the trustees eligible on the project', majority: 'Approved when approvals are more than half', recusal: 'Mandatory for a declared conflict' },
    rounds: [
      {
        round: 1,
        openedAt: '2026-12-01T10:00:00.000Z',
        deadline: '2026-12-15T10:00:00.000Z',
        closedAt: '2026-12-03T08:00:00.000Z',
        ballots: [
          { trustee: 'Aïssatou Ndiaye', castAt: '2026-12-02T10:00:00.000Z' },
          { trustee: 'José Müller', castAt: '2026-12-02T11:00:00.000Z' },
          { trustee: 'Third Trustee' },
        ],
        projects: [
          {
            rank: 1,
            organisation: 'Fundación Esperanza',
            country: 'Ecuador',
            title: 'Safe houses',
            amountUsd: 60_000,
            outcome: 'approved',
            rule: 'MAJORITY_APPROVED',
            decidedAt: '2026-12-03T08:00:00.000Z',
            tally: { eligible: 3, quorum: 2, voted: 2, approvals: 2, rejections: 0, abstentions: 0 },
            votes: [
              { trustee: 'Aïssatou Ndiaye', vote: 'approve', declaredConflict: false },
              { trustee: 'José Müller', vote: 'approve', declaredConflict: false },
              { trustee: 'Third Trustee', vote: 'none', declaredConflict: false },
            ],
            grantId: 'G-1',
          },
          {
            rank: 2,
            organisation: 'Samu Social Sénégal',
            country: 'Senegal',
            title: 'Street outreach',
            amountUsd: 45_000,
            outcome: 'rejected',
            rule: 'TIE_FAILS',
            decidedAt: '2026-12-03T08:00:00.000Z',
            tally: { eligible: 2, quorum: 2, voted: 2, approvals: 1, rejections: 1, abstentions: 0 },
            votes: [
              { trustee: 'Aïssatou Ndiaye', vote: 'recuse', declaredConflict: true },
              { trustee: 'José Müller', vote: 'reject', declaredConflict: false },
              { trustee: 'Third Trustee', vote: 'approve', declaredConflict: false },
            ],
          },
        ],
      },
    ],
    reserve: [{ rank: 3, organisation: 'Dhaka Ahsania Mission', country: 'Bangladesh', title: 'Repatriation' }],
    generatedAt: '2026-12-03T09:00:00.000Z',
  };

  it('holds each project with the rule that decided, the counts, who voted what and the recusals', async () => {
    const { text, raw } = read(await decisionsRecordPdf(record), 'decisions');
    expect(text).toMatch(/Fundación Esperanza\s+US\$60,000\s+2\s+0\s+0\s+0\s+approved\s+MAJORITY_APPROVED/);
    expect(text).toMatch(/Samu Social Sénégal\s+US\$45,000\s+1\s+1\s+0\s+1\s+rejected\s+TIE_FAILS/);
    expect(text).toContain('1 of 2 projects approved, US$60,000 of US$150,000.');
    expect(text).toContain('Ballots cast: 2 of 3');
    expect(text).toMatch(/Aïssatou Ndiaye\s+recused \(declared conflict of interest\)/);
    expect(text).toMatch(/Third Trustee\s+did not vote/);
    expect(text).toMatch(/José Müller\s+reject/);
    expect(text).toContain('rejected: as many approvals as rejections (a tie fails)');
    expect(text).toContain('Counts: 2 voted of 2 eligible (quorum 2): 1 for, 1 against, 0 abstentions');
    expect(text).toContain('Closed: 2026-12-03 08:00 UTC');
    expect(text).toContain('Grant: G-1');
    expect(raw).toContain('Dhaka Ahsania Mission');
  });
});
